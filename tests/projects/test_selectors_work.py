"""The dashboard's rules (``projects.selectors.work``) on the demo data, as of 3 December 2026: each role
gets exactly their work, an auditor none, and nobody another organisation's claim."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from projects import selectors, services
from projects.models import Deliverable, PartnerClaim, Project
from projects.selectors import work
from tests.helpers import demo_loaded
from workflows.services import transition_take

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password="demo-password-123"):
        yield


@pytest.fixture
def demo(demo_data, db):
    """The demo; each test's changes roll back with it."""


def user(username: str):
    return get_user_model().objects.get(username=username)


def deliverable(acronym: str, code: str) -> Deliverable:
    return Deliverable.objects.get(project__acronym=acronym, code=code)


def claim(acronym: str, organisation: str, period: int) -> PartnerClaim:
    return PartnerClaim.objects.get(
        partner__project__acronym=acronym, partner__organisation__short_name=organisation, period__number=period
    )


def todo_of(username: str, today: date = TODAY) -> dict[tuple[str, str], work.WorkItem]:
    return {(item.project.acronym, item.label): item for item in selectors.todo(user=user(username), today=today)}


def test_the_coordinator_reviews_certifies_writes_reports_and_submits_the_proposal(demo):
    todo = todo_of("coordinator")

    review = todo[("Talentjourney", "D2.2 Online platform of vocational excellence, first release")]
    assert review.actions == ("Accept the deliverable", "Request changes")
    assert review.state == "submitted" and review.overdue
    certify = todo[("Talentjourney", "Claim of Robert Bosch d.o.o. for period 1")]
    assert certify.actions == ("Certify the claim", "Return the claim")
    proposal = next(item for item in todo.values() if item.kind == "project")
    assert proposal.project.acronym == "OZE-LAB" and proposal.actions == ("Submit the proposal",)  # not "Withdraw"
    report = todo[("Talentjourney", "Report for period 1")]
    assert report.actions == ()
    assert report.blocked == "The claim of Robert Bosch d.o.o. for period 1 is submitted, not certified."
    # Their own organisation's work (Šolski center Velenje leads Talentjourney), not every partner's:
    assert todo[("Talentjourney", "D1.2 Interim quality and risk report")].blocked == "Upload a file for D1.2 first."
    assert ("Talentjourney", "D4.2 Register of shared equipment") not in todo  # Bosch's to upload
    assert ("Talentjourney", "Claim of GMT d.o.o. for period 2") not in todo  # GMT's to fill in
    assert ("Talentjourney", "Claim of Šolski center Velenje for period 2") in todo
    # What they can take now comes first.
    items = list(todo.values())
    assert [bool(item.actions) for item in items] == sorted((bool(item.actions) for item in items), reverse=True)


def test_a_partner_fills_in_their_organisations_claims_and_uploads_its_deliverables(demo):
    todo = todo_of("partner.gmt")

    assert {item.kind for item in todo.values()} == {"partner_claim", "deliverable"}
    assert all(
        item.obj.partner.organisation.short_name == "GMT" for item in todo.values() if item.kind == "partner_claim"
    )
    assert todo[("Talentjourney", "Claim of GMT d.o.o. for period 2")].actions == ("Submit the claim",)
    assert ("Talentjourney", "Claim of GMT d.o.o. for period 3") not in todo  # its period starts in 2027
    pitch_day = todo[("Talentjourney", "D3.2 Student start-up pitch day")]
    assert pitch_day.blocked == "Upload a file for D3.2 first." and pitch_day.overdue
    # Nothing to review or certify, and no deliverable due far ahead (CIRCLE's D3.4 falls due in 2027).
    assert ("CIRCLE", "D3.4 Pilot 4: construction waste") not in todo


def test_a_partner_never_sees_another_organisations_claim(demo):
    transition_take(obj=claim("Talentjourney", "ZSE Jelenia Góra", 2), name="submit", actor=user("coordinator"))

    board = selectors.dashboard(user=user("partner.gmt"), today=date(2027, 2, 20))

    claims = [item.obj for item in [*board.todo, *board.waiting, *board.deadlines] if item.kind == "partner_claim"]
    assert claims
    assert {claim.partner.organisation.short_name for claim in claims} == {"GMT"}


def test_an_auditor_has_nothing_to_do_but_follows_projects_and_deadlines(demo):
    board = selectors.dashboard(user=user("auditor"), today=TODAY)

    assert board.acts is False
    assert board.todo == [] and board.waiting == []
    assert selectors.todo(user=user("auditor"), today=TODAY) == []
    assert [line.project.acronym for stage in board.stages for line in stage.projects] == [
        "CIRCLE",
        "MPMF",
        "Talentjourney",
    ]
    assert "Report for period 1" in {deadline.label for deadline in board.deadlines}


def test_staff_see_every_project_and_decide_a_submitted_proposal(demo):
    office, coordinator = user("office"), user("coordinator")
    assert selectors.todo(user=office, today=TODAY) == []

    transition_take(obj=Project.objects.get(acronym="OZE-LAB"), name="submit_proposal", actor=coordinator)

    board = selectors.dashboard(user=office, today=TODAY)
    assert [(stage.state, [line.project.acronym for line in stage.projects]) for stage in board.stages] == [
        ("proposal_review", ["OZE-LAB"]),
        ("in_implementation", ["CIRCLE", "MPMF", "Talentjourney"]),
    ]
    (decision,) = board.todo
    assert decision.kind == "project" and decision.actions == ("Request changes", "Approve the proposal")
    (waiting,) = selectors.waiting(user=coordinator)
    assert waiting.project.acronym == "OZE-LAB" and waiting.done == "Submit the proposal"
    assert waiting.waiting_for == ("the cluster office's staff",)


def test_a_submitted_deliverable_waits_for_the_coordinator_and_comes_back_with_changes_requested(demo):
    partner, coordinator = user("partner.gmt"), user("coordinator")
    pitch_day = deliverable("Talentjourney", "D3.2")
    upload = SimpleUploadedFile("pitch-day.pdf", b"%PDF-1.7 pitch day", content_type="application/pdf")
    services.file_version_add(owner=pitch_day, upload=upload, actor=partner)
    transition_take(obj=pitch_day, name="submit", actor=partner, comment="The pitch day moved to 27 November.")

    (waiting,) = selectors.waiting(user=partner)
    assert waiting.label == "D3.2 Student start-up pitch day" and waiting.state == "submitted"
    assert waiting.waiting_for == ("the project's coordinators",) and waiting.people == ("Maja Kovačič",)
    assert ("Talentjourney", "D3.2 Student start-up pitch day") in todo_of("coordinator")

    transition_take(obj=pitch_day, name="request_changes", actor=coordinator, comment="Add the jury's scores.")

    assert selectors.waiting(user=partner) == []
    item = todo_of("partner.gmt")[("Talentjourney", "D3.2 Student start-up pitch day")]
    assert item.state == "changes_requested" and item.state_label == "Changes requested"
    assert item.note == "Add the jury's scores."
    assert item.blocked.startswith("Upload a new version of D3.2")


def test_deadlines_of_the_next_30_days_with_the_overdue_ones_first_and_flagged(demo):
    shown, more = selectors.deadlines(user=user("partner.gmt"), today=date(2026, 11, 1))

    assert more == 0
    assert [(d.label, d.due, d.overdue) for d in shown] == [
        ("Claim of GMT d.o.o. for period 1", date(2025, 10, 30), True),
        ("Claim of GMT d.o.o. for period 2", date(2026, 4, 29), True),
        ("Claim of GMT d.o.o. for period 3", date(2026, 10, 30), True),
        ("D3.2 Student start-up pitch day", date(2026, 11, 20), False),
    ]


def test_each_project_shows_its_next_due_date_and_the_dates_passed_undone(demo):
    stages = selectors.project_stages(user=user("coordinator"), today=TODAY)

    assert [stage.state for stage in stages] == ["proposal", "in_implementation"]
    lines = {line.project.acronym: line for stage in stages for line in stage.projects}
    # Talentjourney: period 2's report on 1 March 2027 comes first; D1.2, D3.2, D4.1, D4.2 and period 1's
    # report are late (D2.2, submitted, is delivered).
    assert (lines["Talentjourney"].next_due, lines["Talentjourney"].overdue) == (date(2027, 3, 1), 5)
    assert (lines["OZE-LAB"].next_due, lines["OZE-LAB"].overdue) == (None, 0)


def test_the_guards_run_only_for_the_candidates(demo, monkeypatch):
    asked = []
    original = work.transitions_available
    monkeypatch.setattr(
        work, "transitions_available", lambda *, obj, actor: asked.append(obj) or original(obj=obj, actor=actor)
    )

    items = selectors.todo(user=user("coordinator"), today=TODAY)

    assert len(asked) == len(items) < 30  # of 82 deliverables, claims, reports and projects
