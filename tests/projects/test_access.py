"""The access policy: who a user is towards a project's rows, and every write service refusing, when
called directly (as a page, a task or the shell would), a user the policy does not allow."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from common.errors import ActionForbidden, OutOfScope
from projects import access, services
from projects.access import Action, Role
from projects.models import Deliverable, Expense, Organisation, Partner, ProjectMembership, WorkPackage
from reporting.services import document_request
from workflows.services import transition_take


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7 a report", content_type="application/pdf")


def test_every_model_of_the_projects_app_has_a_scope():
    assert set(access.SCOPES) == set(apps.get_app_config("projects").get_models())


@pytest.mark.parametrize(
    ("user", "target", "roles"),
    [
        ("staff", "claim_a", {Role.STAFF}),
        ("coordinator", "claim_a", {Role.COORDINATOR}),
        ("partner_same", "claim_a", {Role.PARTNER, Role.OWN_PARTNER}),
        ("partner_other", "claim_a", set()),  # another partner's money: not even visible
        ("auditor", "claim_a", {Role.AUDITOR}),
        ("outsider", "claim_a", set()),
        ("partner_same", "deliverable", {Role.PARTNER, Role.OWN_PARTNER}),  # the responsible partner
        ("partner_other", "deliverable", {Role.PARTNER}),
        ("partner_same", "mandate_a", {Role.PARTNER, Role.OWN_PARTNER}),  # its own signed mandate
        ("outsider", "deliverable", set()),
    ],
)
def test_roles_towards_an_object(world, user, target, roles):
    assert access.roles_towards(world.users[user], world.objects[target]) == roles


def test_a_document_that_is_not_a_mandate_belongs_to_no_partner(world):
    mandate = world.objects["mandate_a"]
    mandate.kind = "other"
    assert access.roles_towards(world.users["partner_same"], mandate) == {Role.PARTNER}


def test_roles_held_anywhere_decide_what_has_no_project(world):
    assert access.may(world.users["coordinator"], Action.START_PROJECT)
    assert access.may(world.users["coordinator"], Action.EDIT_ORGANISATIONS)
    assert not access.may(world.users["outsider"], Action.EDIT_ORGANISATIONS)
    assert not access.may(world.users["coordinator"], Action.EDIT_REFERENCE_DATA)
    assert access.may(world.users["staff"], Action.MANAGE_USERS)


def test_a_refusal_names_who_may(world):
    with pytest.raises(ActionForbidden) as refused:
        access.require(world.users["auditor"], Action.EDIT, world.project)
    assert (
        refused.value.message
        == "Only the cluster office's staff or the project's coordinators may change the project's data."
    )


def _work_package(w):
    return {"model": WorkPackage, "data": {"project": w.project, "number": 7, "title": "Pilots"}}


def _expense(w):
    return {
        "claim": w.objects["claim_a"],
        "category": "staff",  # Velenje's budget has staff costs only
        "description": "Trainer in Ljubljana, February",
        "amount": Decimal("42.50"),
        "currency": "EUR",
        "incurred_on": datetime.date(2026, 2, 10),
    }


# (what is tried, by whom, the call, the error): each is a user without the right role, or outside scope.
REFUSED = [
    ("a partner adds a work package", "partner_same", lambda w, u: services.record_create(actor=u, **_work_package(w))),
    ("an outsider adds a work package", "outsider", lambda w, u: services.record_create(actor=u, **_work_package(w))),
    (
        "an auditor renames a work package",
        "auditor",
        lambda w, u: services.record_update(instance=w.objects["work_package"], actor=u, data={"title": "Audit"}),
    ),
    (
        "a partner deletes a milestone",
        "partner_same",
        lambda w, u: services.record_delete(instance=w.objects["milestone"], actor=u),
    ),
    (
        "a partner adds an organisation",
        "partner_same",
        lambda w, u: services.record_create(
            model=Organisation, actor=u, data={"name": "Bosch", "kind": "company", "country": "SI"}
        ),
    ),
    (
        "a coordinator changes a call",
        "coordinator",
        lambda w, u: services.record_update(instance=w.objects["call"], actor=u, data={"title": "Changed"}),
    ),
    ("a coordinator creates a user", "coordinator", lambda w, u: services.user_save(actor=u, data={"username": "x"})),
    (
        "a coordinator changes a programme",
        "coordinator",
        lambda w, u: services.programme_save(actor=u, data={"report_due_days": 90}, programme=w.objects["programme"]),
    ),
    (
        "a partner starts a project",
        "partner_same",
        lambda w, u: services.project_create(
            actor=u,
            data={
                "acronym": "NEW",
                "title": "New",
                "cluster": w.objects["cluster"],
                "start_date": datetime.date(2027, 1, 1),
                "end_date": datetime.date(2027, 12, 31),
            },
        ),
    ),
    (
        "a partner adds a partner",
        "partner_same",
        lambda w, u: services.partner_create(
            actor=u, data={"project": w.project, "organisation": w.objects["spare_organisation"]}
        ),
    ),
    (
        "an auditor changes a budget",
        "auditor",
        lambda w, u: services.partner_update(
            actor=u, partner=w.objects["partner_b"], data={}, budget_lines=[{"category": "travel", "amount": 1}]
        ),
    ),
    (
        "a partner adds a member",
        "partner_same",
        lambda w, u: services.membership_create(
            actor=u, data={"project": w.project, "user": w.users["outsider"], "role": "auditor"}
        ),
    ),
    (
        "a coordinator appoints a coordinator",
        "coordinator",
        lambda w, u: services.membership_create(
            actor=u, data={"project": w.project, "user": w.users["outsider"], "role": "coordinator"}
        ),
    ),
    (
        "a coordinator turns an auditor into a coordinator",
        "coordinator",
        lambda w, u: services.membership_update(
            actor=u, membership=w.objects["auditor_membership"], data={"role": "coordinator"}
        ),
    ),
    (
        "a partner removes the auditor",
        "partner_same",
        lambda w, u: services.membership_delete(actor=u, membership=w.objects["auditor_membership"]),
    ),
    (
        "a partner adds a period",
        "partner_same",
        lambda w, u: services.reporting_period_create(
            actor=u,
            data={
                "project": w.project,
                "number": 2,
                "start_date": datetime.date(2027, 1, 1),
                "end_date": datetime.date(2027, 12, 31),
                "report_due_date": datetime.date(2028, 3, 1),
            },
        ),
    ),
    (
        "a partner writes the periodic report",
        "partner_same",
        lambda w, u: services.periodic_report_update(actor=u, report=w.objects["report"], data={"narrative": "x"}),
    ),
    ("an auditor declares an expense", "auditor", lambda w, u: services.expense_create(actor=u, data=_expense(w))),
    (
        "another partner declares an expense in this claim",
        "partner_other",
        lambda w, u: services.expense_create(actor=u, data=_expense(w)),
    ),
    (
        "another partner changes an expense",
        "partner_other",
        lambda w, u: services.expense_update(actor=u, expense=w.objects["expense"], data={"amount": Decimal(1)}),
    ),
    (
        "an auditor deletes an expense",
        "auditor",
        lambda w, u: services.expense_delete(actor=u, expense=w.objects["expense"]),
    ),
    (
        "another partner uploads the deliverable",
        "partner_other",
        lambda w, u: services.file_version_add(owner=w.objects["deliverable"], upload=pdf(), actor=u),
    ),
    (
        "an auditor attaches an invoice",
        "auditor",
        lambda w, u: services.file_version_add(owner=w.objects["expense"], upload=pdf(), actor=u),
    ),
    (
        "another partner uploads a mandate for the lead",
        "partner_other",
        lambda w, u: services.project_document_create(
            actor=u,
            data={
                "project": w.project,
                "kind": "partnership_mandate",
                "partner": w.objects["partner_a"],
                "title": "Forged",
            },
            upload=pdf(),
        ),
    ),
    (
        "a partner deletes a deliverable",
        "partner_same",
        lambda w, u: services.deliverable_delete(actor=u, deliverable=w.objects["deliverable"]),
    ),
    (
        "a partner submits the proposal",
        "partner_same",
        lambda w, u: transition_take(obj=w.project, name="submit_proposal", actor=u),
    ),
    (
        "another partner submits the lead's claim",
        "partner_other",
        lambda w, u: transition_take(obj=w.objects["claim_a"], name="submit", actor=u),
    ),
    (
        "a partner requests a funding report",
        "partner_same",
        lambda w, u: document_request(project=w.project, kind="funding_report", period=None, actor=u),
    ),
]


@pytest.mark.parametrize(("tried", "user", "call"), REFUSED, ids=[tried for tried, _, _ in REFUSED])
def test_each_service_refuses_a_user_without_the_right_role(world, tried, user, call):
    counts = {model: model.objects.count() for model in (WorkPackage, Partner, ProjectMembership, Expense)}
    with pytest.raises((ActionForbidden, OutOfScope)):
        call(world, world.users[user])
    assert counts == {model: model.objects.count() for model in counts}


def test_outside_its_scope_a_row_does_not_exist(world):
    with pytest.raises(OutOfScope):
        services.expense_create(actor=world.users["partner_other"], data=_expense(world))
    with pytest.raises(OutOfScope):
        transition_take(obj=world.project, name="submit_proposal", actor=world.users["outsider"])


def test_the_same_services_let_the_right_people_through(world):
    """The coordinator plans; the responsible partner uploads its deliverable and declares its expenses."""
    work_package = services.record_create(actor=world.users["coordinator"], **_work_package(world))
    expense = services.expense_create(actor=world.users["partner_same"], data=_expense(world))
    version = services.file_version_add(
        owner=world.objects["deliverable"], upload=pdf(), actor=world.users["partner_same"]
    )
    assert (work_package.number, expense.amount, version.version) == (7, Decimal("42.50"), 1)
    assert Deliverable.objects.get(pk=world.objects["deliverable"].pk).versions.count() == 1
