"""The admin shows every model of the domain with its derived figures; statuses and stored files cannot be edited."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import (
    Deliverable,
    DeliverableFile,
    Expense,
    FlatRate,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Project,
    ProjectDocumentFile,
    ReportingPeriod,
    SupportingDocument,
)
from tests.factories import ExchangeRateFactory, OrganisationFactory, ProjectRows, project_with_every_row
from tests.helpers import change_url, submit

PROJECT_MODELS = list(apps.get_app_config("projects").get_models())
FILE_VERSION_MODELS = [DeliverableFile, ProjectDocumentFile, SupportingDocument]


def build(month: int) -> ProjectRows:
    """A project with a row of every model, and an exchange rate (reference data, outside any project).

    Lead: staff 10 000.00 + office and administration at 15 % (1 500.00) = 11 500.00. Partner: travel
    2 000.00. Total budget 13 500.00; requested grant: 85 % of it, 11 475.00. The lead's claim declares
    3 000.00 staff costs, so 450.00 office and administration.
    """
    ExchangeRateFactory(currency="PLN", month=datetime.date(2026, month, 1), rate=Decimal("4.281500"))
    return project_with_every_row(lead_organisation=OrganisationFactory(name="Šolski center Velenje", country="SI"))


@pytest.fixture
def rows(db) -> ProjectRows:
    """A project with a row of every model (see ``build``)."""
    return build(1)


def model_admin_request(rf, user):
    request = rf.get("/admin/")
    request.user = user
    return request


# --- Every model -------------------------------------------------------------------------------------


def test_every_model_of_the_projects_app_has_an_admin():
    missing = [model.__name__ for model in PROJECT_MODELS if model not in admin.site._registry]
    assert missing == [], f"Register an admin in projects/admin.py for: {', '.join(missing)}"


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model.__name__)
def test_every_changelist_and_change_page_opens(rows, admin_client, model):
    changelist = admin_client.get(reverse(f"admin:projects_{model._meta.model_name}_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count >= 1
    assert admin_client.get(change_url(model.objects.first())).status_code == 200


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model.__name__)
def test_changelists_cost_the_same_queries_for_one_project_or_two(db, admin_client, model):
    url = reverse(f"admin:projects_{model._meta.model_name}_changelist")
    build(1)
    admin_client.get(url)  # the session and content types are cached from here on
    with CaptureQueriesContext(connection) as one_project:
        admin_client.get(url)
    build(2)
    with CaptureQueriesContext(connection) as two_projects:
        response = admin_client.get(url)
    assert response.context["cl"].result_count == model.objects.count()
    assert len(two_projects) == len(one_project), [query["sql"] for query in two_projects.captured_queries]


ADDED_ELSEWHERE = {
    DeliverableFile,  # uploaded through the API, immutable
    ProjectDocumentFile,
    SupportingDocument,
    PartnerClaim,  # created with the periods and partners
    PeriodicReport,
    FlatRate,  # on its programme's page
}


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model.__name__)
def test_every_add_page_opens_unless_its_rows_are_added_elsewhere(db, admin_client, model):
    response = admin_client.get(reverse(f"admin:projects_{model._meta.model_name}_add"))
    assert response.status_code == (403 if model in ADDED_ELSEWHERE else 200)


# --- Derived figures ---------------------------------------------------------------------------------


def test_project_page_shows_lead_budget_requested_grant_and_each_partners_budget(rows, admin_client):
    content = admin_client.get(change_url(rows.project)).content.decode()
    assert "Šolski center Velenje" in content  # the lead partner
    assert "13500.00 EUR" in content  # total budget: 11 500 + 2 000
    assert "11475.00 EUR" in content  # requested grant: 85 % of the eligible budget
    assert "11500.00 EUR" in content and "2000.00 EUR" in content  # each partner's budget, in the inline
    assert change_url(rows.lead) in content  # where the partner's budget lines are edited


def test_project_changelist_shows_budget_with_currency(rows, admin_client):
    content = admin_client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert "13500.00 EUR" in content


def test_partner_page_edits_budget_lines_and_shows_the_flat_rate(rows, admin_client):
    content = admin_client.get(change_url(rows.lead)).content.decode()
    assert 'name="budget_lines-0-amount"' in content
    assert "Office and administration (flat rate): 1500.00 EUR" in content
    assert "11500.00 EUR" in content  # 10 000 staff + 1 500 office and administration


def test_a_flat_rate_category_is_not_budgeted_line_by_line(rows, admin_client):
    response = submit(
        admin_client,
        rows.lead,
        **{"budget_lines-TOTAL_FORMS": 2, "budget_lines-1-category": "office_admin", "budget_lines-1-amount": "500"},
    )

    assert response.status_code == 200
    assert f"is a flat rate in {rows.project.programme}: computed, not budgeted." in response.content.decode()
    assert not rows.lead.budget_lines.filter(category="office_admin").exists()


def test_claim_page_lists_its_expenses_with_totals(rows, admin_client):
    content = admin_client.get(change_url(rows.lead_claim)).content.decode()
    assert "Project manager, January" in content
    assert "3000.00 EUR" in content  # declared
    assert "450.00 EUR" in content  # office & administration at 15 % of staff
    assert "3450.00 EUR" in content  # claimed
    assert 'name="expenses-0-amount"' in content  # a draft claim's expenses are editable


# --- Statuses are changed by transitions only -------------------------------------------------------


@pytest.mark.parametrize("name", ["project", "deliverable", "lead_claim", "report"])
def test_status_is_read_only(rows, rf, admin_user, name):
    obj = getattr(rows, name)
    model_admin = admin.site._registry[type(obj)]
    assert "status" in model_admin.get_readonly_fields(model_admin_request(rf, admin_user), obj)


def test_project_status_cannot_be_changed_through_the_form(rows, admin_client):
    content = admin_client.get(change_url(rows.project)).content.decode()
    assert 'name="status"' not in content
    assert "Proposal" in content  # shown, not editable

    response = submit(admin_client, rows.project, title="Circular skills for schools", status="closed")

    assert response.status_code == 302
    rows.project.refresh_from_db()
    assert rows.project.title == "Circular skills for schools"
    assert rows.project.status == Project.Status.PROPOSAL


# --- Rows are saved through the services -------------------------------------------------------------


def test_partner_and_period_added_on_the_project_page_get_their_claims_and_report(rows, admin_client):
    newcomer = OrganisationFactory(name="Zespół Szkół Technicznych „Mechanik”")

    response = submit(
        admin_client,
        rows.project,
        **{
            "partners-TOTAL_FORMS": 3,
            "partners-2-organisation": newcomer.pk,
            "partners-2-role": "partner",
            "periods-TOTAL_FORMS": 2,
            "periods-1-number": 2,
            "periods-1-start_date": "2027-01-01",
            "periods-1-end_date": "2027-12-31",
            "periods-1-report_due_date": "2028-03-01",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    new_partner = Partner.objects.get(project=rows.project, organisation=newcomer)
    period_2 = ReportingPeriod.objects.get(project=rows.project, number=2)
    assert PeriodicReport.objects.filter(period=period_2).exists()
    assert set(PartnerClaim.objects.filter(partner=new_partner).values_list("period__number", flat=True)) == {1, 2}
    assert PartnerClaim.objects.filter(period=period_2).count() == 3


def test_expense_added_on_a_draft_claim_is_priced(rows, admin_client):
    response = submit(
        admin_client,
        rows.lead_claim,
        **{
            "expenses-TOTAL_FORMS": 2,
            "expenses-1-category": "staff",
            "expenses-1-description": "Trainer in Bari",
            "expenses-1-amount": "120.50",
            "expenses-1-currency": "EUR",
            "expenses-1-incurred_on": "2026-10-02",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Expense.objects.get(description="Trainer in Bari").converted_amount == Decimal("120.50")


def test_a_submitted_claim_and_its_expenses_are_frozen(rows, admin_client, rf, admin_user):
    PartnerClaim.objects.filter(pk=rows.lead_claim.pk).update(status=PartnerClaim.Status.SUBMITTED)
    rows.expense.refresh_from_db()
    request = model_admin_request(rf, admin_user)
    expense_admin = admin.site._registry[Expense]

    assert not expense_admin.has_change_permission(request, rows.expense)
    assert not expense_admin.has_delete_permission(request, rows.expense)
    content = admin_client.get(change_url(rows.lead_claim)).content.decode()
    assert "Project manager, January" in content
    assert 'name="expenses-0-amount"' not in content


def test_a_submitted_report_is_frozen(rows, rf, admin_user):
    PeriodicReport.objects.filter(pk=rows.report.pk).update(status=PeriodicReport.Status.SUBMITTED)
    rows.report.refresh_from_db()
    report_admin = admin.site._registry[PeriodicReport]
    assert not report_admin.has_change_permission(model_admin_request(rf, admin_user), rows.report)


def test_only_a_planned_deliverable_can_be_deleted(rows, rf, admin_user):
    request = model_admin_request(rf, admin_user)
    deliverable_admin = admin.site._registry[Deliverable]
    assert deliverable_admin.has_delete_permission(request, rows.deliverable)
    Deliverable.objects.filter(pk=rows.deliverable.pk).update(status=Deliverable.Status.SUBMITTED)
    rows.deliverable.refresh_from_db()
    assert not deliverable_admin.has_delete_permission(request, rows.deliverable)


# --- Stored files are immutable ------------------------------------------------------------------


@pytest.mark.parametrize("model", FILE_VERSION_MODELS, ids=lambda model: model.__name__)
def test_stored_files_cannot_be_added_changed_or_deleted(rows, admin_client, rf, admin_user, model):
    request = model_admin_request(rf, admin_user)
    model_admin = admin.site._registry[model]
    version = model.objects.first()

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, version)
    assert not model_admin.has_delete_permission(request, version)
    page = admin_client.get(change_url(version)).content.decode()
    assert version.original_name in page
    assert 'name="_save"' not in page


@pytest.mark.parametrize(
    ("parent", "file_model"),
    [("deliverable", DeliverableFile), ("mandate", ProjectDocumentFile), ("expense", SupportingDocument)],
)
def test_file_versions_are_read_only_inlines_on_their_parent(rows, admin_client, rf, admin_user, parent, file_model):
    obj = getattr(rows, parent)
    request = model_admin_request(rf, admin_user)
    (inline,) = [
        inline
        for inline in admin.site._registry[type(obj)].get_inline_instances(request, obj)
        if inline.model is file_model
    ]
    assert not inline.has_add_permission(request, obj)
    assert not inline.has_change_permission(request, obj)
    assert not inline.has_delete_permission(request, obj)
    assert file_model.objects.first().original_name in admin_client.get(change_url(obj)).content.decode()
