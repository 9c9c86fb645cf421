from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Who is told what: in-app notifications, e-mails (now or in a daily digest), reminders before due
    dates and a calendar feed of every deadline."""

    name = "notifications"

    def ready(self) -> None:
        from common.events import happened
        from notifications import services, tasks  # noqa: F401  (tasks: registered in every process)

        happened.connect(services.on_event, dispatch_uid="notifications")
