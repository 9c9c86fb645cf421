from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Generated documents (funding reports as PDF), exports and notifications."""

    name = "reporting"
