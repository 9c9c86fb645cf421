"""Every transition of the four machines through the API: the happy path, each role that may not take
it (403), a wrong state (409), a missing comment (400), and each guard failing alone with its reason."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from projects import selectors, services
from projects.models import (
    Call,
    Deliverable,
    Expense,
    PartnerClaim,
    PeriodicReport,
    Project,
    ProjectDocumentFile,
    ReportingPeriod,
)
from tests.factories import (
    BudgetLineFactory,
    DeliverableFileFactory,
    PartnerFactory,
    ProjectDocumentFactory,
    ProjectDocumentFileFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    SupportingDocumentFactory,
)
from tests.helpers import transition
from workflows import registry
from workflows.models import TransitionLog

MEMBERS = ["staff", "coordinator", "partner_same", "partner_other", "auditor"]
# The world's object each machine's transitions are taken on.
ACTED_ON = {
    "project": lambda w: w.project,
    "deliverable": lambda w: w.objects["deliverable"],
    "partner_claim": lambda w: w.objects["claim_a"],
    "periodic_report": lambda w: w.objects["report"],
}


def sign_mandates(world, project=None) -> None:
    """A signed partnership mandate for every partner (the world has the lead's of CIRCLE already)."""
    for partner in (project or world.project).partners.all():
        mandate = ProjectDocumentFactory(project=partner.project, mandate=True, partner=partner)
        ProjectDocumentFileFactory(document=mandate, uploaded_by=world.users["coordinator"])


def set_state(obj, state: str) -> None:
    type(obj).objects.filter(pk=obj.pk).update(status=state)


# What each happy path needs beyond its source state.
def ready_submit_proposal(w):
    Project.objects.filter(pk=w.project.pk).update(summary="Circular innovation city labs in four pilots.")


def ready_submit_application(w):
    sign_mandates(w)
    Call.objects.filter(pk=w.objects["call"].pk).update(deadline=timezone.now() + datetime.timedelta(days=30))


def ready_sign_agreement(w):
    ProjectDocumentFileFactory(document=ProjectDocumentFactory(project=w.project), uploaded_by=w.users["coordinator"])


def ready_close(w):
    PeriodicReport.objects.filter(period__project=w.project).update(status="approved")
    Deliverable.objects.filter(project=w.project).update(status="accepted")


def ready_deliverable_submit(w):
    DeliverableFileFactory(deliverable=w.objects["deliverable"], uploaded_by=w.users["partner_same"])


def ready_claim_submit(w):
    SupportingDocumentFactory(expense=w.objects["expense"], uploaded_by=w.users["partner_same"])


def ready_report_submit(w):
    PartnerClaim.objects.filter(period=w.objects["period"]).update(status="certified")


# machine, transition, source state, roles that may take it, body, preparation
CASES = [
    ("project", "submit_proposal", "proposal", {"coordinator"}, {}, ready_submit_proposal),
    ("project", "request_changes", "proposal_review", {"staff"}, {"comment": "Add the pilots."}, None),
    ("project", "approve_proposal", "proposal_review", {"staff"}, {}, None),
    ("project", "decline_proposal", "proposal_review", {"staff"}, {"comment": "Out of scope."}, None),
    ("project", "submit_application", "application_preparation", {"coordinator"}, {}, ready_submit_application),
    (
        "project",
        "record_award",
        "application_submitted",
        {"staff"},
        {"granted_amount": "11000.00", "funder_reference": "ADRION-2026-0042"},
        None,
    ),
    ("project", "record_rejection", "application_submitted", {"staff"}, {"comment": "Below threshold."}, None),
    ("project", "revise", "rejected", {"coordinator"}, {}, None),
    ("project", "sign_agreement", "contracting", {"coordinator", "staff"}, {}, ready_sign_agreement),
    ("project", "start_final_reporting", "in_implementation", {"coordinator"}, {}, None),
    ("project", "close", "final_reporting", {"staff"}, {}, ready_close),
    ("project", "withdraw", "contracting", {"coordinator", "staff"}, {"comment": "Partner left."}, None),
    (
        "deliverable",
        "submit",
        "planned",
        {"coordinator", "partner_same"},
        {"comment": "Late: the pilot moved."},
        ready_deliverable_submit,
    ),
    ("deliverable", "accept", "submitted", {"coordinator"}, {}, None),
    ("deliverable", "request_changes", "submitted", {"coordinator"}, {"comment": "Add the annex."}, None),
    ("deliverable", "waive", "planned", {"coordinator"}, {"comment": "Merged into D1.2."}, None),
    ("partner_claim", "submit", "draft", {"coordinator", "partner_same"}, {}, ready_claim_submit),
    ("partner_claim", "certify", "submitted", {"coordinator"}, {}, None),
    ("partner_claim", "return", "submitted", {"coordinator"}, {"comment": "Invoice missing."}, None),
    ("periodic_report", "submit", "open", {"coordinator"}, {}, ready_report_submit),
    ("periodic_report", "start_verification", "submitted", {"staff"}, {}, None),
    ("periodic_report", "approve", "under_verification", {"staff"}, {}, None),
    ("periodic_report", "return", "under_verification", {"staff"}, {"comment": "Explain the deviation."}, None),
]
IDS = [f"{machine}.{name}" for machine, name, *_ in CASES]


def take(world, client_for, machine, name, role, body):
    return transition(client_for(world.users[role]), ACTED_ON[machine](world), name, **body)


def prepare(world, machine, source, preparation):
    obj = ACTED_ON[machine](world)
    set_state(obj, source)
    if preparation:
        preparation(world)
    return obj


@pytest.mark.parametrize(("machine", "name", "source", "roles", "body", "preparation"), CASES, ids=IDS)
def test_happy_path(world, client_for, machine, name, source, roles, body, preparation):
    obj = prepare(world, machine, source, preparation)
    for role in sorted(roles):
        set_state(obj, source)
        before = TransitionLog.objects.count()
        response = take(world, client_for, machine, name, role, body)
        assert response.status_code == 200, response.content
        target = registry.get(machine).get(name).target
        assert response.json()["status"] == target
        obj.refresh_from_db()
        assert obj.status == target
        assert TransitionLog.objects.count() == before + 1
        if name == "sign_agreement":
            break  # the periods exist after the first signature


@pytest.mark.parametrize(("machine", "name", "source", "roles", "body", "preparation"), CASES, ids=IDS)
def test_roles_that_may_not_take_it_get_403(world, client_for, machine, name, source, roles, body, preparation):
    obj = prepare(world, machine, source, preparation)
    for role in sorted(set(MEMBERS) - roles):
        response = take(world, client_for, machine, name, role, body)
        expected = 404 if machine == "partner_claim" and role == "partner_other" else 403
        assert response.status_code == expected, (role, response.content)
    obj.refresh_from_db()
    assert obj.status == source


@pytest.mark.parametrize(("machine", "name", "source", "roles", "body", "preparation"), CASES, ids=IDS)
def test_from_a_wrong_state_409(world, client_for, machine, name, source, roles, body, preparation):
    states = registry.get(machine).states
    wrong = next(state for state in states if state not in registry.get(machine).get(name).sources)
    obj = prepare(world, machine, wrong, preparation)
    response = take(world, client_for, machine, name, sorted(roles)[0], body)
    assert response.status_code == 409, response.content
    assert "possible only from" in response.json()["detail"]
    obj.refresh_from_db()
    assert obj.status == wrong


COMMENTED = [case for case in CASES if "comment" in case[4] and case[1] != "submit"]


@pytest.mark.parametrize(
    ("machine", "name", "source", "roles", "body", "preparation"), COMMENTED, ids=[f"{c[0]}.{c[1]}" for c in COMMENTED]
)
def test_a_required_comment_missing_is_400(world, client_for, machine, name, source, roles, body, preparation):
    obj = prepare(world, machine, source, preparation)
    response = take(world, client_for, machine, name, sorted(roles)[0], {"comment": "  "})
    assert response.status_code == 400, response.content
    assert "A comment is required: say why." in response.json()["reasons"]
    obj.refresh_from_db()
    assert obj.status == source


def test_outsiders_do_not_see_the_object_and_anonymous_must_sign_in(world, client_for):
    assert take(world, client_for, "project", "submit_proposal", "outsider", {}).status_code == 404
    assert take(world, client_for, "project", "submit_proposal", "anonymous", {}).status_code == 401


# --- Each guard failing alone gives its own reason -------------------------------------------------


def reasons(world, client_for, machine, name, role, body=None):
    response = take(world, client_for, machine, name, role, body or {})
    assert response.status_code == 400, response.content
    return response.json()["reasons"]


def test_proposal_guards_name_what_is_missing(world, client_for):
    Project.objects.filter(pk=world.project.pk).update(summary="", call=None)
    world.project.partners.filter(role="lead").update(role="partner")
    assert reasons(world, client_for, "project", "submit_proposal", "coordinator") == [
        "The proposal needs a summary.",
        "Choose the call the proposal answers.",
        "Name the lead partner.",
    ]


@pytest.mark.time_machine("2026-05-15T10:00+02:00")  # the call's deadline, 1 June, is still ahead
@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        (lambda w: w.objects["partner_b"].budget_lines.all().delete(), "GMT d.o.o. has no budget."),
        (
            lambda w: ProjectDocumentFile.objects.filter(document__partner=w.objects["partner_b"]).delete(),
            "No signed partnership mandate for GMT d.o.o.",
        ),
        (
            lambda w: Call.objects.filter(pk=w.objects["call"].pk).update(max_grant=Decimal("10000.00")),
            "The requested grant (11475.00 EUR) exceeds the call's maximum (10000.00 EUR).",
        ),
        (
            lambda w: Call.objects.filter(pk=w.objects["call"].pk).update(
                deadline=datetime.datetime(2026, 3, 1, 11, tzinfo=datetime.UTC)
            ),
            "The call deadline passed on 2026-03-01 12:00 CET.",
        ),
    ],
    ids=["budget", "mandate", "call maximum", "deadline"],
)
def test_application_guards_each_alone(world, client_for, breakage, reason):
    prepare(world, "project", "application_preparation", ready_submit_application)
    breakage(world)
    assert reasons(world, client_for, "project", "submit_application", "coordinator") == [reason]


def test_an_application_needs_two_partners(world, client_for):
    solo = ProjectFactory(
        acronym="SOLO",
        title="One school alone",
        cluster=world.objects["cluster"],
        call=world.objects["call"],
        end_date=datetime.date(2026, 12, 31),
        status="application_preparation",
    )
    lead = PartnerFactory(project=solo, organisation=world.objects["organisation"], lead=True)
    BudgetLineFactory(partner=lead, category="staff", amount=Decimal("1000.00"))
    sign_mandates(world, solo)
    Call.objects.filter(pk=world.objects["call"].pk).update(deadline=timezone.now() + datetime.timedelta(days=30))
    ProjectMembershipFactory(user=world.users["coordinator"], project=solo)
    response = client_for(world.users["coordinator"]).post(f"/api/projects/{solo.pk}/transitions/submit_application/")
    assert response.status_code == 400
    assert response.json()["reasons"] == ["The consortium has 1 partner(s); an application needs at least 2."]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"funder_reference": "X-1"}, "Give the granted amount."),
        ({"granted_amount": "0.00", "funder_reference": "X-1"}, "The granted amount must be more than 0."),
        (
            {"granted_amount": "20000.00", "funder_reference": "X-1"},
            "The granted amount (20000.00) exceeds the requested grant (11475.00 EUR).",
        ),
        ({"granted_amount": "100.00"}, "Give the funder's reference (the grant agreement number)."),
        ({"granted_amount": "lots", "funder_reference": "X-1"}, "The granted amount 'lots' is not a number."),
        (
            {"granted_amount": "100.001", "funder_reference": "X-1"},
            "The granted amount has at most two decimal places.",
        ),
        (
            {"granted_amount": "100", "funder_reference": "X" * 101},
            "The funder's reference (the grant agreement number) has at most 100 characters.",
        ),
    ],
    ids=["no amount", "zero", "above requested", "no reference", "not a number", "three places", "long reference"],
)
def test_award_guards_each_alone(world, client_for, body, reason):
    prepare(world, "project", "application_submitted", None)
    assert reasons(world, client_for, "project", "record_award", "staff", body) == [reason]


def test_a_bad_payload_and_a_missing_comment_are_answered_together(world, client_for):
    prepare(world, "project", "application_submitted", None)
    body = {"granted_amount": "-", "comment": "x" * 10_001}
    assert reasons(world, client_for, "project", "record_award", "staff", body) == [
        "The granted amount '-' is not a number.",
        "Give the funder's reference (the grant agreement number).",
        "A comment has at most 10,000 characters; shorten it.",
    ]


def test_award_stores_the_amount_and_reference(world, client_for):
    prepare(world, "project", "application_submitted", None)
    body = {"granted_amount": "11000.00", "funder_reference": "ADRION-2026-0042", "comment": "Granted."}
    row = take(world, client_for, "project", "record_award", "staff", body).json()
    assert (row["granted_amount"], row["funder_reference"]) == ("11000.00", "ADRION-2026-0042")
    log = TransitionLog.objects.get(transition="record_award")
    assert log.payload == {"granted_amount": "11000.00", "funder_reference": "ADRION-2026-0042"}


def test_signing_needs_the_agreement_and_creates_the_periods(world, client_for):
    Expense.objects.filter(claim__partner__project=world.project).delete()
    PartnerClaim.objects.filter(partner__project=world.project).delete()
    ReportingPeriod.objects.filter(project=world.project).delete()
    prepare(world, "project", "contracting", None)
    assert reasons(world, client_for, "project", "sign_agreement", "coordinator") == [
        "Upload the signed grant agreement first."
    ]
    ready_sign_agreement(world)
    assert take(world, client_for, "project", "sign_agreement", "coordinator", {}).status_code == 200
    periods = list(ReportingPeriod.objects.filter(project=world.project).order_by("number"))
    # Interreg-like programme: 12-month periods by default, 2026-01-01 to 2027-12-31
    assert [(p.start_date.isoformat(), p.end_date.isoformat()) for p in periods] == [
        ("2026-01-01", "2026-12-31"),
        ("2027-01-01", "2027-12-31"),
    ]
    assert [p.report.is_final for p in periods] == [False, True]
    assert PartnerClaim.objects.filter(period__in=periods).count() == 4


def test_final_reporting_needs_the_earlier_reports_approved(world, client_for):
    services.reporting_period_create(
        actor=world.users["staff"],
        data={
            "project": world.project,
            "number": 2,
            "start_date": datetime.date(2027, 1, 1),
            "end_date": datetime.date(2027, 12, 31),
            "report_due_date": datetime.date(2028, 3, 1),
        },
    )
    prepare(world, "project", "in_implementation", None)
    assert reasons(world, client_for, "project", "start_final_reporting", "coordinator") == [
        "The report for period 1 is open, not approved."
    ]


def test_closing_needs_reports_approved_and_deliverables_accepted_or_waived(world, client_for):
    prepare(world, "project", "final_reporting", None)
    assert reasons(world, client_for, "project", "close", "staff") == [
        "The report for period 1 is open, not approved.",
        "Deliverable D1.1 is planned: accept or waive it.",
    ]


def test_a_deliverable_needs_a_new_file_version_since_the_last_review(world, client_for):
    prepare(world, "deliverable", "planned", None)
    body = {"comment": "Late: the pilot moved."}
    assert reasons(world, client_for, "deliverable", "submit", "partner_same", body) == [
        "Upload a file for D1.1 first."
    ]
    ready_deliverable_submit(world)
    assert take(world, client_for, "deliverable", "submit", "partner_same", body).status_code == 200
    take(world, client_for, "deliverable", "request_changes", "coordinator", {"comment": "Add the annex."})
    assert reasons(world, client_for, "deliverable", "submit", "partner_same", body) == [
        "Upload a new version of D1.1: the latest (v1) was already reviewed."
    ]
    ready_deliverable_submit(world)
    assert take(world, client_for, "deliverable", "submit", "partner_same", body).status_code == 200


@pytest.mark.time_machine("2026-04-01T00:30+02:00")  # the due date has passed in Warsaw, not yet in UTC
def test_a_late_deliverable_needs_a_justification(world, client_for):
    prepare(world, "deliverable", "planned", ready_deliverable_submit)
    assert reasons(world, client_for, "deliverable", "submit", "partner_same") == [
        "D1.1 was due on 2026-03-31: add a comment justifying the delay."
    ]


@pytest.mark.time_machine("2026-04-01T12:00+02:00")
def test_a_late_deliverable_is_offered_for_submission_with_its_justification(world, client_for):
    deliverable = prepare(world, "deliverable", "planned", ready_deliverable_submit)
    options = client_for(world.users["partner_same"]).get(f"/api/deliverables/{deliverable.pk}/transitions/").json()
    submit = next(option for option in options if option["name"] == "submit")
    assert submit["allowed"] and submit["reasons"] == []
    assert submit["comment_required"]
    assert submit["comment_asks"] == ["D1.1 was due on 2026-03-31: add a comment justifying the delay."]
    body = {"comment": "The pilot school closed for two weeks."}
    assert take(world, client_for, "deliverable", "submit", "partner_same", body).status_code == 200


@pytest.mark.time_machine("2026-04-01T12:00+02:00")
def test_a_late_deliverable_without_a_file_is_still_blocked_whatever_the_comment(world, client_for):
    deliverable = prepare(world, "deliverable", "planned", None)
    options = client_for(world.users["partner_same"]).get(f"/api/deliverables/{deliverable.pk}/transitions/").json()
    submit = next(option for option in options if option["name"] == "submit")
    assert not submit["allowed"]
    assert submit["reasons"] == ["Upload a file for D1.1 first."]
    assert submit["comment_asks"] == ["D1.1 was due on 2026-03-31: add a comment justifying the delay."]


@pytest.mark.time_machine("2026-04-01T12:00+02:00")
def test_a_deliverable_is_overdue_until_submitted_and_its_late_submission_keeps_the_justification(world, client_for):
    deliverable = prepare(world, "deliverable", "planned", ready_deliverable_submit)
    deliverable.refresh_from_db()
    assert deliverable.is_overdue
    assert selectors.late_submission_of(deliverable) is None
    take(world, client_for, "deliverable", "submit", "partner_same", {"comment": "The pilot school closed."})
    deliverable.refresh_from_db()
    assert not deliverable.is_overdue
    assert selectors.late_submission_of(deliverable).comment == "The pilot school closed."


@pytest.mark.time_machine("2026-03-31T23:30+02:00")  # 21:30 UTC: still the due date in Warsaw
def test_a_deliverable_submitted_on_its_due_date_needs_no_justification(world, client_for):
    prepare(world, "deliverable", "planned", ready_deliverable_submit)
    assert take(world, client_for, "deliverable", "submit", "partner_same", {}).status_code == 200


def test_a_report_needs_every_claim_certified(world, client_for):
    PartnerClaim.objects.filter(partner=world.objects["partner_a"]).update(status="certified")
    assert reasons(world, client_for, "periodic_report", "submit", "coordinator") == [
        "The claim of GMT d.o.o. for period 1 is draft, not certified."
    ]


def test_the_transitions_list_explains_what_blocks(world, client_for):
    options = client_for(world.users["coordinator"]).get(f"/api/projects/{world.project.pk}/transitions/").json()
    assert [(o["name"], o["allowed"]) for o in options] == [("submit_proposal", False), ("withdraw", True)]
    assert options[0]["reasons"] == ["The proposal needs a summary."]
    staff_options = client_for(world.users["staff"]).get(f"/api/projects/{world.project.pk}/transitions/").json()
    assert staff_options[0]["reasons"] == ["Only the project's coordinators may submit the proposal."]
