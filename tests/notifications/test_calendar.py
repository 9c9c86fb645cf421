"""The calendar feed of deadlines: its address from the API, the feed fetched without signing in as a
calendar client does, what each role finds in it, and how events are updated instead of duplicated."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from notifications import calendar
from projects.models import Deliverable, Milestone, PeriodicReport, Project
from tests.factories import DeliverableFactory, MilestoneFactory, ReportingPeriodFactory

SITE = "https://clusterflow.example"
HANDBOOK = "D1.1 Project handbook — CIRCLE"
KICK_OFF = "M1 Kick-off — CIRCLE"
PERIOD_1 = "Periodic report and claims for period 1 due — CIRCLE"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def feed_url(client_for):
    """The path of the user's feed, as ``GET /api/me/calendar/`` gives it."""

    def make(user) -> str:
        response = client_for(user).get("/api/me/calendar/")
        assert response.status_code == 200
        return urlsplit(response.json()["url"]).path

    return make


@pytest.fixture
def fetch(feed_url):
    """The user's calendar as a calendar client gets it: no sign-in, only the secret address."""

    def make(user, **headers) -> Calendar:
        response = Client().get(feed_url(user), **headers)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        return Calendar.from_ical(response.content)

    return make


def events_of(feed: Calendar) -> dict:
    return {str(event["SUMMARY"]): event for event in feed.walk("VEVENT")}


def read(user, *, today: datetime.date | None = None) -> dict:
    return events_of(Calendar.from_ical(calendar.feed(user=user, today=today)))


# --- The address and the feed --------------------------------------------------------------------


def test_the_api_gives_an_address_whose_feed_is_a_calendar_named_for_the_user(world, client_for):
    coordinator = world.users["coordinator"]
    coordinator.first_name, coordinator.last_name = "Ana", "Novak"
    coordinator.save()
    url = client_for(coordinator).get("/api/me/calendar/").json()["url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")

    response = Client().get(urlsplit(url).path)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = Calendar.from_ical(response.content)
    assert str(feed["PRODID"]) == "-//Clusterflow//Deadlines//EN"
    assert str(feed["VERSION"]) == "2.0"
    assert str(feed["CALSCALE"]) == "GREGORIAN"
    assert str(feed["X-WR-CALNAME"]) == "Clusterflow: Ana Novak"
    assert str(feed["X-WR-TIMEZONE"]) == "Europe/Warsaw"


def test_the_address_stays_the_same_until_it_is_reset(world, feed_url):
    assert feed_url(world.users["coordinator"]) == feed_url(world.users["coordinator"])
    assert feed_url(world.users["coordinator"]) != feed_url(world.users["partner_same"])


def test_the_coordinator_finds_every_deadline_of_the_project_as_an_all_day_event(world, fetch):
    deliverable, milestone, report = (world.objects[name] for name in ("deliverable", "milestone", "report"))

    events = events_of(fetch(world.users["coordinator"]))

    assert set(events) == {HANDBOOK, KICK_OFF, PERIOD_1}
    handbook = events[HANDBOOK]
    assert str(handbook["UID"]) == f"deliverable-{deliverable.pk}@clusterflow.example"
    assert type(handbook.start) is datetime.date  # VALUE=DATE, not a time of day
    assert handbook["DTSTART"].params["VALUE"] == "DATE"
    assert (handbook.start, handbook.end) == (datetime.date(2026, 3, 31), datetime.date(2026, 4, 1))
    assert str(handbook["URL"]) == f"{SITE}/deliverables/{deliverable.pk}/"
    assert str(handbook["TRANSP"]) == "TRANSPARENT"
    assert [str(category) for category in handbook.categories] == ["Deliverable"]
    description = str(handbook["DESCRIPTION"])
    assert "Project: CIRCLE — Circular innovation city labs" in description
    assert "Responsible partner: Šolski center Velenje" in description
    assert "Status: Planned" in description
    assert f"{SITE}/deliverables/{deliverable.pk}/" in description

    kick_off = events[KICK_OFF]
    assert str(kick_off["UID"]) == f"milestone-{milestone.pk}@clusterflow.example"
    assert (kick_off.start, kick_off.end) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 2))
    assert str(kick_off["URL"]) == f"{SITE}/projects/{world.project.pk}/"

    period = events[PERIOD_1]
    assert str(period["UID"]) == f"period-{world.objects['period'].pk}@clusterflow.example"
    assert period.start == datetime.date(2027, 3, 1)
    assert str(period["URL"]) == f"{SITE}/periodic-reports/{report.pk}/"
    assert "Period 1: 2026-01-01 to 2026-12-31" in str(period["DESCRIPTION"])


def test_a_partner_sees_its_projects_deadlines_and_nothing_of_another_project(world, fetch):
    DeliverableFactory(project=world.other_project, code="D1.1", title="Solar lab kit")
    MilestoneFactory(project=world.other_project, code="M1", title="Lab opened")
    ReportingPeriodFactory(project=world.other_project, number=1)

    partner = events_of(fetch(world.users["partner_other"]))  # GMT: not responsible for the handbook
    outsider = events_of(fetch(world.users["outsider"]))  # works on OZE-LAB only

    assert set(partner) == {HANDBOOK, KICK_OFF, PERIOD_1}
    assert set(outsider) == {
        "D1.1 Solar lab kit — OZE-LAB",
        "M1 Lab opened — OZE-LAB",
        "Periodic report and claims for period 1 due — OZE-LAB",
    }


def test_a_period_without_its_report_yet_links_to_the_project(world, fetch):
    ReportingPeriodFactory(project=world.other_project, number=1)

    event = events_of(fetch(world.users["outsider"]))["Periodic report and claims for period 1 due — OZE-LAB"]

    assert str(event["URL"]) == f"{SITE}/projects/{world.other_project.pk}/"
    assert "Status of the report: not opened yet" in str(event["DESCRIPTION"])


def test_staff_see_every_project(world, fetch):
    DeliverableFactory(project=world.other_project, code="D1.1", title="Solar lab kit")

    assert {HANDBOOK, "D1.1 Solar lab kit — OZE-LAB"} <= set(events_of(fetch(world.users["staff"])))


@pytest.mark.parametrize("dead", [Project.Status.DECLINED, Project.Status.REJECTED, Project.Status.WITHDRAWN])
def test_the_deadlines_of_a_dead_project_leave_the_calendar(world, fetch, dead):
    Project.objects.filter(pk=world.project.pk).update(status=dead)

    assert events_of(fetch(world.users["coordinator"])) == {}


def test_a_closed_project_keeps_its_past_deadlines(world, fetch):
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.CLOSED)

    assert set(events_of(fetch(world.users["coordinator"]))) == {HANDBOOK, KICK_OFF, PERIOD_1}


def test_the_feed_is_in_english_whatever_language_the_client_asks_for(world, fetch):
    events = events_of(fetch(world.users["coordinator"], HTTP_ACCEPT_LANGUAGE="pl"))

    assert "Status: Planned" in str(events[HANDBOOK]["DESCRIPTION"])


# --- Where each deadline stands ------------------------------------------------------------------


def test_the_summary_says_when_a_deadline_is_met(world):
    Deliverable.objects.filter(pk=world.objects["deliverable"].pk).update(status=Deliverable.Status.ACCEPTED)
    Milestone.objects.filter(pk=world.objects["milestone"].pk).update(achieved_on=datetime.date(2026, 1, 30))
    PeriodicReport.objects.filter(pk=world.objects["report"].pk).update(status=PeriodicReport.Status.APPROVED)

    events = read(world.users["coordinator"])

    assert set(events) == {f"{HANDBOOK} (✓ accepted)", f"{KICK_OFF} (✓ achieved)", f"{PERIOD_1} (✓ approved)"}
    assert "Achieved on 2026-01-30" in str(events[f"{KICK_OFF} (✓ achieved)"]["DESCRIPTION"])


def test_the_last_periods_report_is_the_final_report(world):
    PeriodicReport.objects.filter(pk=world.objects["report"].pk).update(is_final=True)

    assert "Final report and claims for period 1 due — CIRCLE" in read(world.users["coordinator"])


def test_a_waived_deliverable_says_so(world):
    Deliverable.objects.filter(pk=world.objects["deliverable"].pk).update(status=Deliverable.Status.WAIVED)

    assert f"{HANDBOOK} (waived)" in read(world.users["coordinator"])


def test_in_a_project_under_way_what_is_past_due_and_not_done_is_overdue(world):
    Project.objects.filter(pk=world.project.pk).update(status=Project.Status.IN_IMPLEMENTATION)

    before = read(world.users["coordinator"], today=datetime.date(2026, 1, 15))
    after = read(world.users["coordinator"], today=datetime.date(2027, 3, 2))

    assert set(before) == {HANDBOOK, KICK_OFF, PERIOD_1}
    assert set(after) == {f"{HANDBOOK} (overdue)", f"{KICK_OFF} (overdue)", f"{PERIOD_1} (overdue)"}


def test_a_proposals_past_dates_are_not_overdue(world):
    assert set(read(world.users["coordinator"], today=datetime.date(2027, 6, 1))) == {HANDBOOK, KICK_OFF, PERIOD_1}


# --- Updating events instead of duplicating them -------------------------------------------------


def test_uids_are_stable_across_fetches_and_the_same_for_every_user(world, fetch):
    first = events_of(fetch(world.users["coordinator"]))
    second = events_of(fetch(world.users["coordinator"]))
    partner = events_of(fetch(world.users["partner_same"]))

    uids = {summary: str(event["UID"]) for summary, event in first.items()}
    assert uids == {summary: str(event["UID"]) for summary, event in second.items()}
    assert uids == {summary: str(event["UID"]) for summary, event in partner.items()}
    assert len(set(uids.values())) == 3


def test_a_new_due_date_bumps_the_sequence_and_the_last_modified_of_that_event_only(world, fetch):
    coordinator, deliverable = world.users["coordinator"], world.objects["deliverable"]
    with time_machine.travel(datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC), tick=False):
        before = events_of(fetch(coordinator))
    with time_machine.travel(datetime.datetime(2026, 2, 20, 9, tzinfo=datetime.UTC), tick=False):
        Deliverable.objects.filter(pk=deliverable.pk).update(due_date=datetime.date(2026, 4, 30))
        after = events_of(fetch(coordinator))
        again = events_of(fetch(world.users["partner_same"]))  # a second reader does not count it again

    assert before[HANDBOOK].sequence == 0
    assert after[HANDBOOK].sequence == 1
    assert after[HANDBOOK].start == datetime.date(2026, 4, 30)
    assert before[HANDBOOK].last_modified == datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)
    assert after[HANDBOOK].last_modified == datetime.datetime(2026, 2, 20, 9, tzinfo=datetime.UTC)
    assert after[HANDBOOK]["DTSTAMP"].dt == datetime.datetime(2026, 2, 20, 9, tzinfo=datetime.UTC)
    assert str(after[HANDBOOK]["UID"]) == str(before[HANDBOOK]["UID"])
    assert again[HANDBOOK].sequence == 1
    for unchanged in (KICK_OFF, PERIOD_1):
        assert after[unchanged].sequence == 0
        assert after[unchanged].last_modified == datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)


def test_a_new_status_in_the_summary_bumps_the_sequence(world):
    coordinator = world.users["coordinator"]
    assert read(coordinator)[HANDBOOK].sequence == 0
    Deliverable.objects.filter(pk=world.objects["deliverable"].pk).update(status=Deliverable.Status.ACCEPTED)

    assert read(coordinator)[f"{HANDBOOK} (✓ accepted)"].sequence == 1
    assert read(coordinator)[f"{HANDBOOK} (✓ accepted)"].sequence == 1


def test_the_number_of_queries_does_not_grow_with_the_number_of_events(world):
    coordinator = world.users["coordinator"]

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as first:  # revisions made
            calendar.feed(user=coordinator)
        with CaptureQueriesContext(connection) as steady:  # nothing changed
            calendar.feed(user=coordinator)
        return len(first), len(steady)

    few = queries()
    for number in range(2, 12):
        DeliverableFactory(project=world.project, code=f"D{number}.1", work_package=world.objects["work_package"])
        MilestoneFactory(project=world.project, code=f"M{number}")
        ReportingPeriodFactory(project=world.project, number=number)
    many = queries()

    assert len(read(coordinator)) == 33
    assert many == few


def deadline(**changes) -> calendar.Deadline:
    fields = {
        "uid": "deliverable-1@clusterflow.example",
        "category": "Deliverable",
        "day": datetime.date(2026, 3, 31),
        "summary": HANDBOOK,
        "description": "",
        "url": f"{SITE}/deliverables/1/",
    }
    return calendar.Deadline(**{**fields, **changes})


def built_by_another_feed_meanwhile(monkeypatch, seen_before: dict) -> None:
    """The next feed reads the revisions as they were before another feed, built at the same moment,
    wrote its own; it reads them back afterwards as they are."""
    read_back = calendar._read
    reads = [seen_before]
    monkeypatch.setattr(calendar, "_read", lambda uids: reads.pop() if reads else read_back(uids))


def test_two_feeds_built_at_once_make_one_revision(db, monkeypatch):
    now = datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)
    calendar.revisions_of([deadline()], now=now)  # the other feed inserted it first
    built_by_another_feed_meanwhile(monkeypatch, {})

    revision = calendar.revisions_of([deadline()], now=now + datetime.timedelta(seconds=1))[deadline().uid]

    assert (revision.sequence, revision.modified_at) == (0, now)


def test_two_feeds_built_at_once_count_a_change_once(db, monkeypatch):
    then = datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)
    now = datetime.datetime(2026, 2, 20, 9, tzinfo=datetime.UTC)
    moved = deadline(day=datetime.date(2026, 4, 30))
    before = calendar.revisions_of([deadline()], now=then)
    calendar.revisions_of([moved], now=now)  # the other feed saw the change first
    built_by_another_feed_meanwhile(monkeypatch, before)

    revision = calendar.revisions_of([moved], now=now + datetime.timedelta(seconds=1))[moved.uid]

    assert (revision.sequence, revision.modified_at, revision.fingerprint) == (1, now, moved.fingerprint)


# --- Who may fetch it ----------------------------------------------------------------------------


def test_a_wrong_token_is_not_found(world, feed_url):
    feed_url(world.users["coordinator"])

    assert Client().get("/calendar/not-the-token.ics").status_code == 404


def test_after_a_reset_the_old_address_is_gone_and_the_new_one_works(world, client_for, feed_url):
    coordinator = world.users["coordinator"]
    old = feed_url(coordinator)

    response = client_for(coordinator).post("/api/me/calendar/reset/")

    assert response.status_code == 200
    new = urlsplit(response.json()["url"]).path
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert feed_url(coordinator) == new


def test_the_address_is_only_for_a_signed_in_user(world, client_for):
    assert client_for(None).get("/api/me/calendar/").status_code == 401
    assert client_for(None).post("/api/me/calendar/reset/").status_code == 401
