"""The notification resource (own only; unread filter; mark one or all read; the link to the object) and the
user's preferences through ``/api/me/``."""

import pytest

from common.events import emit
from notifications.events import EVENTS
from notifications.models import Notification


@pytest.fixture
def told(world, django_capture_on_commit_callbacks):
    """The coordinator is told that D1.1 was submitted and that claim_a was; the office that the proposal was."""
    with django_capture_on_commit_callbacks(execute=True):
        emit("deliverable.submit", obj=world.objects["deliverable"], actor=world.users["partner_same"])
        emit("partner_claim.submit", obj=world.objects["claim_a"], actor=world.users["partner_same"], comment="All in.")
        emit("project.submit_proposal", obj=world.project, actor=world.users["coordinator"])
    return world


def test_a_user_lists_their_own_notifications_only(told, client_for):
    body = client_for(told.users["coordinator"]).get("/api/notifications/").json()
    assert [row["event"] for row in body["results"]] == ["claim_submitted", "deliverable_submitted"]
    claim = body["results"][0]
    assert claim["message"].endswith("submitted the claim of Šolski center Velenje for period 1 (CIRCLE).")
    assert claim["comment"] == "All in."
    assert claim["object_url"] == f"http://testserver/claims/{told.objects['claim_a'].pk}/"
    assert (claim["project"], claim["read"], claim["actor"]) == (told.project.pk, False, told.users["partner_same"].pk)

    office = client_for(told.users["staff"]).get("/api/notifications/").json()
    assert [row["event"] for row in office["results"]] == ["proposal_submitted"]
    assert client_for(told.users["auditor"]).get("/api/notifications/").json()["count"] == 0


def test_someone_elses_notification_does_not_exist_for_you(told, client_for):
    theirs = Notification.objects.get(event="proposal_submitted")
    coordinator = client_for(told.users["coordinator"])
    assert coordinator.get(f"/api/notifications/{theirs.pk}/").status_code == 404
    assert coordinator.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_then_all_read(told, client_for):
    coordinator = client_for(told.users["coordinator"])
    first = coordinator.get("/api/notifications/", {"unread": "true"}).json()["results"][0]
    answer = coordinator.post(f"/api/notifications/{first['id']}/read/")
    assert answer.status_code == 200 and answer.json()["read"] is True
    assert coordinator.get("/api/notifications/", {"unread": "true"}).json()["count"] == 1
    assert coordinator.get("/api/notifications/", {"unread": "false"}).json()["count"] == 1

    assert coordinator.post("/api/notifications/read-all/").json() == {"marked": 1}
    assert coordinator.get("/api/notifications/", {"unread": "true"}).json()["count"] == 0
    assert Notification.objects.get(event="proposal_submitted").read_at is None  # the office's is untouched


def test_the_message_is_in_the_requests_language(told, client_for):
    body = client_for(told.users["coordinator"]).get("/api/notifications/", HTTP_ACCEPT_LANGUAGE="pl").json()
    assert "złożył" in body["results"][0]["message"] or "przesłał" in body["results"][0]["message"]


def test_notifications_need_a_signed_in_user(client_for, db):
    assert client_for(None).get("/api/notifications/").status_code == 401
    assert client_for(None).get("/api/me/").status_code == 401
    assert client_for(None).get("/api/me/calendar/").status_code == 401


def test_me_shows_and_changes_the_preferences(world, client_for):
    coordinator = client_for(world.users["coordinator"])
    me = coordinator.get("/api/me/").json()
    assert me["username"] == "coordinator" and me["memberships"]
    assert me["language"] == "en"
    assert me["notification_preferences"] == {event.name: "immediate" for event in EVENTS}

    answer = coordinator.patch(
        "/api/me/",
        {"notification_preferences": {"deliverable_submitted": "digest", "due_soon": "off"}, "language": "sl"},
        format="json",
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["language"] == "sl"
    assert body["notification_preferences"]["deliverable_submitted"] == "digest"
    assert body["notification_preferences"]["due_soon"] == "off"
    assert body["notification_preferences"]["claim_submitted"] == "immediate"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"notification_preferences": {"deliverable_submitted": "weekly"}}, "notification_preferences"),
        ({"notification_preferences": {"party_planned": "off"}}, "notification_preferences"),
        ({"language": "de"}, "language"),
    ],
)
def test_a_wrong_preference_is_refused_with_its_field_and_changes_nothing(world, client_for, body, field):
    coordinator = client_for(world.users["coordinator"])
    answer = coordinator.patch("/api/me/", body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    me = coordinator.get("/api/me/").json()
    assert me["language"] == "en" and set(me["notification_preferences"].values()) == {"immediate"}


def test_me_cannot_change_who_the_user_is(world, client_for):
    coordinator = client_for(world.users["coordinator"])
    answer = coordinator.patch("/api/me/", {"username": "boss", "is_staff": True}, format="json")
    assert answer.status_code == 200
    world.users["coordinator"].refresh_from_db()
    assert (world.users["coordinator"].username, world.users["coordinator"].is_staff) == ("coordinator", False)
