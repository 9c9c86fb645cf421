"""``GET /calendar/{token}.ics``: a user's deadlines as iCalendar, for calendar clients (no sign-in: the
token is the key; a wrong or revoked one is 404)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from notifications import calendar
from notifications.models import Preferences


def feed_url(request: HttpRequest, token: str) -> str:
    """The feed's address as the user reaches this instance (``GET /api/me/calendar/``, the preferences page)."""
    return request.build_absolute_uri(reverse("calendar-feed", args=[token]))


@require_GET
def calendar_feed(request, token: str) -> HttpResponse:
    preferences = Preferences.objects.select_related("user").filter(calendar_token=token).first()
    if preferences is None or not preferences.user.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar.feed(user=preferences.user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="clusterflow.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
