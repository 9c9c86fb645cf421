"""``manage.py send_digests``: each user's daily digest of the notifications waiting for it (beat runs the
same every day at ``NOTIFICATION_HOUR``)."""

from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = "Send each user one e-mail with the notifications waiting for their daily digest."

    def handle(self, *args, **options):
        sent = services.digests_send()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) sent."))
