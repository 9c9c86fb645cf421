"""What every page's layout needs."""

from django.conf import settings
from django.http import HttpRequest


def instance(request: HttpRequest) -> dict:
    """The instance's time zone, in which every time on the pages is shown."""
    return {"TIME_ZONE_NAME": settings.TIME_ZONE}
