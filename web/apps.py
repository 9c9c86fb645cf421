from django.apps import AppConfig


class WebConfig(AppConfig):
    """The pages at / for coordinators, partners, auditors and staff: Django templates with htmx, calling the
    same access policy, services and selectors as the API."""

    name = "web"
    verbose_name = "Web pages"
