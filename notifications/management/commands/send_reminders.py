"""``manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]``: the reminders due today, sent once
(beat runs the same every day at ``NOTIFICATION_HOUR``); ``--dry-run`` lists them and sends nothing."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from common.users import display_name
from notifications import reminders


class Command(BaseCommand):
    help = "Send the reminders of deliverables, claims and reports due in 14, 7 and 1 days, and overdue (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would go out; send nothing.")
        parser.add_argument("--today", help="Judge as of this date (YYYY-MM-DD) instead of the instance's today.")

    def handle(self, *args, dry_run: bool = False, today: str | None = None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today {today!r} is not a date like 2026-12-03.") from None
        due = reminders.reminders_due(today=day)
        if not dry_run:
            due = [item for item in due if reminders.reminder_send(item)]
        for item in due:
            people = ", ".join(display_name(user) for user in reminders.reminder_recipients(item)) or "nobody"
            when = "overdue" if item.threshold == reminders.OVERDUE else f"due in {item.days} days"
            self.stdout.write(f"{item.due_date}  {item.obj._meta.verbose_name} {item.obj}: {when} → {people}")
        verb = "would go out" if dry_run else "sent"
        self.stdout.write(self.style.SUCCESS(f"{len(due)} reminder(s) {verb}."))
