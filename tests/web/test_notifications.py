"""The bell, the notifications page and the preferences page with Django's test client: counts, only one's
own notifications, the unread filter, following a notification (read, and on to its object), marking read,
the preferences and the calendar's address, and the language switch that the e-mails follow.

The notifications come the real way: transitions and an upload whose events fire once their transaction
commits. In the world, D1.1 is the lead's (Šolski center Velenje: ``partner_same``)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import selectors
from notifications.events import EVENTS
from notifications.models import Delivery, Notification, Preferences
from notifications.services import calendar_token, preferences_of, preferences_update
from projects import services
from workflows.services import transition_take

COMMENT = "Add the risk register to chapter 4."


@pytest.fixture
def notified(world, django_capture_on_commit_callbacks):
    """The coordinator uploads D1.1's first version, the lead's partner submits it and the coordinator asks for
    changes: the lead's partner is told of the upload and of the request, the coordinator of the submission."""
    deliverable = world.objects["deliverable"]
    with django_capture_on_commit_callbacks(execute=True):
        services.file_version_add(
            owner=deliverable,
            upload=SimpleUploadedFile("handbook.pdf", b"%PDF-1.7 project handbook", content_type="application/pdf"),
            actor=world.users["coordinator"],
        )
    with django_capture_on_commit_callbacks(execute=True):
        transition_take(obj=deliverable, name="submit", actor=world.users["partner_same"], comment="Late: holidays.")
    with django_capture_on_commit_callbacks(execute=True):
        transition_take(obj=deliverable, name="request_changes", actor=world.users["coordinator"], comment=COMMENT)
    return world


def client_for_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def own(user, event: str) -> Notification:
    return Notification.objects.get(user=user, event=event)


def html_of(response) -> str:
    return response.content.decode()


# --- The bell ------------------------------------------------------------------------------------


def test_the_bell_has_no_badge_when_nothing_is_unread(notified):
    html = html_of(client_for_user(notified.users["partner_other"]).get(reverse("web:projects")))

    bell = re.search(r'<a href="/notifications/" id="bell".*?</a>', html, re.S).group(0)
    assert ">Notifications</span>" in bell
    assert "unread" not in bell and "badge" not in bell


def test_the_bell_counts_the_unread_notifications(notified):
    partner = notified.users["partner_same"]
    html = html_of(client_for_user(partner).get(reverse("web:projects")))

    assert "Notifications, 2 unread" in html
    assert '<span class="badge" aria-hidden="true">2</span>' in html

    Notification.objects.filter(user=partner, event="deliverable_file_added").update(read_at="2026-12-01T10:00Z")
    assert "Notifications, 1 unread" in html_of(client_for_user(partner).get(reverse("web:projects")))


def test_the_bell_costs_one_query_per_page(notified):
    client = client_for_user(notified.users["partner_same"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("web:projects")).status_code == 200

    assert len([query for query in queries if "notifications_notification" in query["sql"]]) == 1


def test_a_visitor_is_asked_to_sign_in(db):
    response = Client().get(reverse("web:notifications"))
    assert response.status_code == 302 and response["Location"].startswith("/?next=")


# --- The list ------------------------------------------------------------------------------------


def test_the_list_shows_ones_own_notifications_newest_first_with_the_comment(notified):
    html = html_of(client_for_user(notified.users["partner_same"]).get(reverse("web:notifications")))

    uploaded = "uploaded version 1 of D1.1 “Project handbook” (CIRCLE)."
    coordinator = notified.users["coordinator"]
    requested = f"{coordinator.get_full_name()} requested changes to D1.1 “Project handbook” (CIRCLE)."
    assert requested in html and uploaded in html
    assert html.index(requested) < html.index(uploaded)  # the newest first
    assert f"Comment: <q>{COMMENT}</q>" in html
    assert html.count('class="unread-mark">Unread</span>') == 2
    assert "submitted D1.1" not in html  # the coordinator's, not theirs
    assert "2 notifications" in html


def test_the_coordinator_sees_theirs_and_not_the_partners(notified):
    html = html_of(client_for_user(notified.users["coordinator"]).get(reverse("web:notifications")))

    assert "submitted D1.1 “Project handbook” (CIRCLE)." in html
    assert "requested changes" not in html and "uploaded version" not in html


def test_someone_without_notifications_is_told_so(notified):
    html = html_of(client_for_user(notified.users["partner_other"]).get(reverse("web:notifications")))

    assert "No notifications yet." in html
    assert "Mark all as read" not in html


def test_the_unread_filter_leaves_out_what_was_read(notified):
    partner = notified.users["partner_same"]
    client = client_for_user(partner)
    client.get(reverse("web:notification-open", args=[own(partner, "deliverable_file_added").pk]))

    html = html_of(client.get(reverse("web:notifications") + "?show=unread"))
    assert "requested changes to D1.1" in html and "uploaded version 1" not in html
    assert "1 unread notification" in html
    assert 'aria-current="page">Unread (1)' in html

    everything = html_of(client.get(reverse("web:notifications")))
    assert "requested changes to D1.1" in everything and "uploaded version 1" in everything


def test_the_filter_answers_htmx_with_the_list_alone(notified):
    client = client_for_user(notified.users["partner_same"])
    html = html_of(client.get(reverse("web:notifications") + "?show=unread", HTTP_HX_REQUEST="true"))

    assert html.lstrip().startswith('<section id="notification-results"')
    assert "<html" not in html


def test_nothing_unread_is_said_in_words(notified):
    client = client_for_user(notified.users["coordinator"])
    client.post(reverse("web:notifications-read-all"))

    html = html_of(client.get(reverse("web:notifications") + "?show=unread"))
    assert "Nothing unread: you have seen everything." in html


def test_the_list_is_paginated(notified):
    partner = notified.users["partner_same"]
    template = own(partner, "deliverable_file_added")
    for _ in range(25):
        template.pk = None
        template.save()

    client = client_for_user(partner)
    first = html_of(client.get(reverse("web:notifications")))
    assert "27 notifications" in first and "Page 1 of 2" in first
    assert first.count('<li id="notification-') == 20
    second = html_of(client.get(reverse("web:notifications") + "?page=2"))
    assert second.count('<li id="notification-') == 7


# --- Following and marking read ------------------------------------------------------------------


def test_following_a_notification_marks_it_read_and_leads_to_its_object(notified):
    partner = notified.users["partner_same"]
    notification = own(partner, "deliverable_changes_requested")

    response = client_for_user(partner).get(reverse("web:notification-open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("web:deliverable", args=[notified.objects["deliverable"].pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert selectors.unread_count(user=partner) == 1


def test_someone_elses_notification_does_not_exist_for_them(notified):
    notification = own(notified.users["partner_same"], "deliverable_changes_requested")
    outsider = client_for_user(notified.users["partner_other"])

    assert outsider.get(reverse("web:notification-open", args=[notification.pk])).status_code == 404
    assert outsider.post(reverse("web:notification-read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_as_read_without_javascript_comes_back_to_the_list(notified):
    partner = notified.users["partner_same"]
    notification = own(partner, "deliverable_file_added")
    back = reverse("web:notifications") + "?show=unread"

    response = client_for_user(partner).post(
        reverse("web:notification-read", args=[notification.pk]), {"next": back}, follow=True
    )

    assert response.redirect_chain == [(back, 302)]
    html = html_of(response)
    assert "The notification is marked as read." in html
    assert "uploaded version 1" not in html and "Notifications, 1 unread" in html


def test_mark_as_read_with_htmx_answers_the_row_and_the_bell(notified):
    partner = notified.users["partner_same"]
    notification = own(partner, "deliverable_file_added")

    response = client_for_user(partner).post(
        reverse("web:notification-read", args=[notification.pk]), HTTP_HX_REQUEST="true"
    )

    html = html_of(response)
    assert f'<li id="notification-{notification.pk}" class="notification">' in html  # no longer "unread"
    assert "Mark as read" not in html and "uploaded version 1" in html
    assert 'hx-swap-oob="true"' in html and "Notifications, 1 unread" in html


def test_a_link_elsewhere_is_not_followed_after_marking_read(notified):
    partner = notified.users["partner_same"]
    notification = own(partner, "deliverable_file_added")

    response = client_for_user(partner).post(
        reverse("web:notification-read", args=[notification.pk]), {"next": "https://example.org/"}
    )
    assert response["Location"] == reverse("web:notifications")


def test_mark_all_as_read(notified):
    partner = notified.users["partner_same"]
    client = client_for_user(partner)

    response = client.post(reverse("web:notifications-read-all"), {"next": reverse("web:notifications")}, follow=True)

    assert "2 notifications are marked as read." in html_of(response)
    assert selectors.unread_count(user=partner) == 0
    assert selectors.unread_count(user=notified.users["coordinator"]) == 1  # someone else's stay as they were
    assert "Mark all as read" not in html_of(response)


# --- The dashboard -------------------------------------------------------------------------------


def test_the_dashboard_says_how_many_are_unread_and_marks_the_work_they_are_about(notified):
    partner = notified.users["partner_same"]
    client = client_for_user(partner)
    with CaptureQueriesContext(connection) as queries:
        html = html_of(client.get(reverse("web:home")))

    assert '<a href="/notifications/?show=unread">You have 2 unread notifications.</a>' in html
    handbook = reverse("web:deliverable", args=[notified.objects["deliverable"].pk])
    item = re.search(rf'<a href="{handbook}">.*?</div>', html, re.S).group(0)
    assert "Unread notification" in item
    # the count and the objects they are about: two queries, however long the To do list
    assert len([query for query in queries if "notifications_notification" in query["sql"]]) == 2

    client.post(reverse("web:notifications-read-all"))
    html = html_of(client.get(reverse("web:home")))
    assert "unread notification" not in html.lower()


# --- The preferences -----------------------------------------------------------------------------


def choices(**changes) -> dict[str, str]:
    """What the preferences form sends: every kind of event at once by e-mail, English, with ``changes``."""
    return {"language": "en", **{event.name: Delivery.IMMEDIATE.value for event in EVENTS}, **changes}


def test_the_preferences_show_every_kind_of_event_grouped_with_the_current_choice(world):
    user = world.users["partner_same"]
    preferences_update(user=user, email={"deliverable_accepted": "off"})

    html = html_of(client_for_user(user).get(reverse("web:preferences")))

    for caption in ("Projects", "Deliverables", "Partner claims", "Periodic reports", "Reminders of due dates"):
        assert f"<caption>{caption}</caption>" in html
    for event in EVENTS:
        assert str(event.label) in html
    assert re.search(r'name="deliverable_accepted" value="off"[^>]*checked', html, re.S)
    assert re.search(r'name="deliverable_submitted" value="immediate"[^>]*checked', html, re.S)
    assert "E-mail at once" in html and "In the daily digest" in html and "In the app only" in html


def test_the_preferences_are_saved(world):
    user = world.users["partner_same"]
    response = client_for_user(user).post(
        reverse("web:preferences"),
        choices(language="sl", deliverable_changes_requested="digest", due_soon="off"),
        follow=True,
    )

    assert response.redirect_chain == [(reverse("web:preferences"), 302)]
    preferences = preferences_of(user)
    assert preferences.language == "sl"
    assert preferences.delivery("deliverable_changes_requested") == Delivery.DIGEST
    assert preferences.delivery("due_soon") == Delivery.OFF
    assert preferences.delivery("claim_certified") == Delivery.IMMEDIATE
    assert "Your preferences are saved." in html_of(response)


def test_an_invalid_choice_is_shown_and_nothing_is_saved(world):
    user = world.users["partner_same"]
    response = client_for_user(user).post(
        reverse("web:preferences"), choices(language="sl", deliverable_accepted="by-pigeon")
    )

    assert response.status_code == 400
    html = html_of(response)
    assert "The preferences were not saved:" in html
    assert (
        "A deliverable is accepted</a>: Select a valid choice. by-pigeon is not one of the available choices." in html
    )
    preferences = preferences_of(user)
    assert preferences.language == "en" and preferences.email == {}


def test_the_calendar_address_is_shown_and_reset(world):
    user = world.users["partner_same"]
    client = client_for_user(user)

    html = html_of(client.get(reverse("web:preferences")))
    first = calendar_token(user=user)
    assert f'value="http://testserver/calendar/{first}.ics"' in html

    response = client.post(reverse("web:calendar-reset"), follow=True)

    second = calendar_token(user=user)
    assert second != first
    assert response.redirect_chain == [(reverse("web:preferences") + "#calendar", 302)]
    html = html_of(response)
    assert "The old address no longer works" in html
    assert f"/calendar/{second}.ics" in html and first not in html
    assert Client().get(f"/calendar/{first}.ics").status_code == 404


# --- The language switch -------------------------------------------------------------------------


def test_switching_the_pages_language_switches_the_e_mails_too(world):
    user = world.users["partner_same"]
    client = client_for_user(user)

    response = client.post(reverse("web:language"), {"language": "pl", "next": reverse("web:projects")})

    assert response["Location"] == reverse("web:projects")
    assert preferences_of(user).language == "pl"


def test_a_visitor_switching_the_language_changes_no_ones_e_mails(world):
    response = Client().post(reverse("web:language"), {"language": "sl", "next": "/"})

    assert response.status_code == 302
    assert not Preferences.objects.exclude(language="en").exists()
