"""Re-queue generated documents stuck in the queue and fail those stuck rendering (beat does it every minute)."""

from django.core.management.base import BaseCommand

from reporting.services import documents_sweep


class Command(BaseCommand):
    help = "Recover lost document jobs: re-send those queued too long, fail those running past the time limit."

    def handle(self, *args, **options):
        result = documents_sweep()
        self.stdout.write(f"Documents re-queued: {result['requeued']}, failed: {result['failed']}.")
