"""Recompute the transition log's SHA-256 chain; exit 1 at the first row that was edited or removed."""

from django.core.management.base import BaseCommand, CommandError

from workflows.services import verify_chain


class Command(BaseCommand):
    help = "Verify the transition log's hash chain: OK, or the first broken row (exit status 1)."

    def handle(self, *args, **options):
        checked, row, problem = verify_chain()
        if problem:
            where = f"row {row.pk} ({row})" if row else f"after row {checked}"
            raise CommandError(f"Transition log broken at {where}: {problem}. {checked} rows before it are intact.")
        self.stdout.write(self.style.SUCCESS(f"Transition log OK: {checked} rows, chain intact."))
