"""The user's notifications (``/notifications/``) and their preferences (``/preferences/``): how each kind of
event reaches them by e-mail, the language of their e-mails and the address of their calendar feed.

Reads go through ``notifications.selectors`` (a user's own notifications only: another's is a 404), writes
through ``notifications.services``, as ``/api/notifications/`` and ``/api/me/`` do. Following a notification's
link marks it read on the way to the object's page.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from common.errors import Invalid
from notifications import selectors, services
from notifications.events import EVENTS, Event
from notifications.models import Delivery, Notification
from notifications.views import feed_url
from web.context import posted_next

PAGE_SIZE = 20
UNREAD = "unread"  # ``?show=unread``: the filter of the list

# --- The notifications ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A notification as the list shows it: what happened in the reader's language and the actor's comment."""

    notification: Notification
    text: str
    comment: str

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def _line(notification: Notification) -> Line:
    return Line(notification, selectors.text_of(notification), selectors.comment_of(notification))


def _own(request: HttpRequest, pk: int) -> Notification:
    """One of the user's notifications; anyone else's does not exist for them (404)."""
    return get_object_or_404(selectors.notifications_of(user=request.user), pk=pk)


def _back(request: HttpRequest) -> str:
    """Where a form of the list returns to: the list as it was (its filter and page), else the list."""
    return posted_next(request) or reverse("web:notifications")


@login_required
@require_GET
@vary_on_headers("HX-Request")  # a cache must not answer a visit with the part htmx asked for
def index(request: HttpRequest) -> HttpResponse:
    """The user's notifications, the newest first, all or the unread only."""
    only_unread = request.GET.get("show") == UNREAD
    rows = selectors.notifications_of(user=request.user, unread=True if only_unread else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav": "notifications",
        "only_unread": only_unread,
        "page_obj": page,
        "lines": [_line(notification) for notification in page.object_list],
    }
    # The list alone for htmx's filter; the whole page when htmx restores a pushed address from history.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "web/notifications/index.html#results" if partial else "web/notifications/index.html"
    return render(request, template, context)


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """A notification's link: marks it read and goes on to the page of the object it is about. Only marking
    read, which following it again changes nothing, lets this be a plain link."""
    notification = services.notification_read(user=request.user, notification=_own(request, pk))
    return redirect(selectors.page_path_of(notification))


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read: htmx swaps its row (and the bell); without JavaScript, back to the list."""
    notification = services.notification_read(user=request.user, notification=_own(request, pk))
    if request.htmx:
        return render(request, "web/notifications/read.html", {"line": _line(notification), "next": _back(request)})
    messages.success(request, _("The notification is marked as read."))
    return redirect(_back(request))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    marked = services.notifications_read_all(user=request.user)
    if marked:
        messages.success(
            request,
            ngettext("%(count)s notification is marked as read.", "%(count)s notifications are marked as read.", marked)
            % {"count": marked},
        )
    else:
        messages.info(request, _("Every notification was already read."))
    return redirect(_back(request))


# --- The preferences -----------------------------------------------------------------------------


GROUPS = {
    "project": gettext_lazy("Projects"),
    "deliverable": gettext_lazy("Deliverables"),
    "partner_claim": gettext_lazy("Partner claims"),
    "periodic_report": gettext_lazy("Periodic reports"),
    "reminder": gettext_lazy("Reminders of due dates"),
}
"""The kinds of event grouped by what they are about: the part of ``Event.on`` before the dot."""


def _group_of(event: Event) -> str:
    return event.on.split(".")[0]


class PreferencesForm(forms.Form):
    """A choice among ``Delivery``'s for each kind of event (``EVENTS``), and the language of the e-mails.

    The form reads the request's shape; ``services.preferences_update`` decides what may be saved."""

    language = forms.ChoiceField(
        label=gettext_lazy("Language of your e-mails"),
        choices=settings.LANGUAGES,
        help_text=gettext_lazy("Switching the pages' language at the top of a page changes it too."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for event in EVENTS:
            self.fields[event.name] = forms.ChoiceField(
                label=event.label, choices=Delivery.choices, widget=forms.RadioSelect
            )

    def groups(self) -> list[dict]:
        """The kinds of event by group, each with its field, in the table's order (``EVENTS``')."""
        grouped: dict[str, list] = {}
        for event in EVENTS:
            grouped.setdefault(_group_of(event), []).append(self[event.name])
        return [
            {"key": key, "label": GROUPS.get(key, gettext_lazy("Other events")), "fields": fields}
            for key, fields in grouped.items()
        ]

    @property
    def email(self) -> dict[str, str]:
        return {event.name: self.cleaned_data[event.name] for event in EVENTS}


def _initial(request: HttpRequest) -> dict[str, str]:
    chosen = services.preferences_of(request.user)
    return {"language": chosen.language, **{event.name: chosen.delivery(event.name).value for event in EVENTS}}


def _preferences_page(request: HttpRequest, form: PreferencesForm, status: int = 200) -> HttpResponse:
    token = services.calendar_token(user=request.user)  # made on first show: the address is there to copy
    context = {
        "nav": "preferences",
        "form": form,
        "deliveries": Delivery.choices,
        "calendar_url": feed_url(request, token),
    }
    return render(request, "web/notifications/preferences.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """How the user hears of each kind of event, the language of their e-mails and their calendar feed; a
    POST saves the choices like ``PATCH /api/me/``, or shows the form again with what was wrong (400)."""
    if request.method != "POST":
        return _preferences_page(request, PreferencesForm(initial=_initial(request)))
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        return _preferences_page(request, form, status=400)
    try:
        services.preferences_update(user=request.user, email=form.email, language=form.cleaned_data["language"])
    except Invalid as error:
        for reason in error.reasons or [error.message]:
            form.add_error(None, reason)
        return _preferences_page(request, form, status=400)
    messages.success(request, _("Your preferences are saved."))
    return redirect("web:preferences")


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    """A new secret address for the calendar feed: the old one stops working at once."""
    services.calendar_token(user=request.user, reset=True)
    messages.success(
        request, _("Your calendar has a new address. The old address no longer works: subscribe again with this one.")
    )
    return redirect(reverse("web:preferences") + "#calendar")


urlpatterns = [
    path("notifications/", index, name="notifications"),
    path("notifications/read-all/", read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/open/", open_notification, name="notification-open"),
    path("notifications/<int:pk>/read/", read, name="notification-read"),
    path("preferences/", preferences, name="preferences"),
    path("preferences/calendar/reset/", calendar_reset, name="calendar-reset"),
]
