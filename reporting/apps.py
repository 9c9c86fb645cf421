from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Generated documents (funding reports, progress reports and audit trails as PDF/A) and the CSV/XLSX exports."""

    name = "reporting"
