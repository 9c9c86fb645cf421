"""What every page's layout needs."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def _here(request: HttpRequest) -> str:
    """Where a form on this page comes back to (the language switch, a transition): the page itself, or — for
    a page shown again after a failed post, whose address takes posts only — the page the form was sent from."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


def instance(request: HttpRequest) -> dict:
    """The instance's time zone, in which every time on the pages is shown, and where the page's forms return."""
    return {"TIME_ZONE_NAME": settings.TIME_ZONE, "here": _here(request)}
