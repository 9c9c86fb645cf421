from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Generated documents (funding reports, progress reports and audit trails as PDF/A) and the CSV/XLSX exports."""

    name = "reporting"

    def ready(self) -> None:
        # Registers the Celery tasks in every process, not only in workers: services send them by name.
        from reporting import tasks  # noqa: F401
