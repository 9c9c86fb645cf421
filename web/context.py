"""What every page's layout needs."""

from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from notifications import selectors


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


def posted_next(request: HttpRequest) -> str:
    """The ``next`` a form posted (``here`` when it was shown), if it stays on this site; else nothing."""
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return back
    return ""


def instance(request: HttpRequest) -> dict:
    """The instance's time zone, in which every time on the pages is shown, and where the page's forms return."""
    return {"TIME_ZONE_NAME": settings.TIME_ZONE, "here": _here(request)}


class Unread:
    """The signed-in user's unread notifications as the layout and the dashboard show them. Each answer is
    read from the database when a template first asks for it, once per page: a page that shows no bell (a
    fragment for htmx, a visitor's sign-in form) asks nothing."""

    def __init__(self, user) -> None:
        self._user = user if user is not None and user.is_authenticated else None

    @cached_property
    def count(self) -> int:
        """How many: the bell's badge."""
        return selectors.unread_count(user=self._user) if self._user else 0

    @cached_property
    def _about(self) -> frozenset[tuple[int, int]]:
        if self._user is None:
            return frozenset()
        return selectors.unread_targets(user=self._user)

    def __contains__(self, obj: models.Model) -> bool:
        """Whether an unread notification is about ``obj`` (``{% if item in unread %}``): one query for the
        whole page, however many objects it asks about."""
        return (ContentType.objects.get_for_model(obj).pk, obj.pk) in self._about


def notifications(request: HttpRequest) -> dict:
    """``unread``: the bell's count and, for the dashboard, which objects have unread news."""
    return {"unread": Unread(getattr(request, "user", None))}
