"""The admin shows every model of the domain with its derived figures; statuses and stored files cannot be edited."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import (
    BudgetLine,
    Call,
    Cluster,
    Deliverable,
    DeliverableFile,
    ExchangeRate,
    Expense,
    FlatRate,
    Indicator,
    IndicatorValue,
    Milestone,
    Organisation,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Programme,
    Project,
    ProjectDocument,
    ProjectDocumentFile,
    ProjectMembership,
    ReportingPeriod,
    SupportingDocument,
    WorkPackage,
)

PROJECT_MODELS = list(apps.get_app_config("projects").get_models())
FILE_VERSION_MODELS = [DeliverableFile, ProjectDocumentFile, SupportingDocument]
SHA256 = "0" * 64


def build_project(n: int) -> SimpleNamespace:
    """One project with a row of every model: a lead budgeting 13 500.00 EUR and a partner 4 600.00 EUR.

    Lead: staff 10 000 + travel 2 000 + office & administration at 15 % of staff (1 500).
    Partner: staff 4 000 + office & administration 600. Requested grant: 85 % of 18 100 = 15 385.
    """
    user = get_user_model().objects.create_user(username=f"coordinator{n}")
    lead_org = Organisation.objects.create(name=f"Šolski center Velenje {n}", kind="school", country="SI")
    partner_org = Organisation.objects.create(name=f"GMT d.o.o. {n}", kind="company", country="SI")
    cluster = Cluster.objects.create(name=f"Velenje cluster {n}", country="SI", coordinating_organisation=lead_org)
    cluster.members.set([lead_org, partner_org])
    programme = Programme.objects.create(name=f"Interreg ADRION {n}", code=f"adrion-{n}", currency="EUR")
    FlatRate.objects.create(programme=programme, category="office_admin", rate=Decimal("15.00"), base=["staff"])
    call = Call.objects.create(
        programme=programme,
        identifier=f"ADRION-{n}",
        title="Circular economy",
        opens_on=datetime.date(2026, 1, 1),
        deadline=datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC),
        co_financing_rate=Decimal("85.00"),
        max_grant=Decimal("1000000.00"),
    )
    ExchangeRate.objects.create(
        currency="PLN", month=datetime.date(2026, n, 1), rate=Decimal("4.281500"), source="InforEuro"
    )
    project = Project.objects.create(
        acronym=f"CIRCLE{n}",
        title="Circular skills",
        cluster=cluster,
        call=call,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2028, 8, 31),
    )
    lead = Partner.objects.create(project=project, organisation=lead_org, role="lead")
    partner = Partner.objects.create(project=project, organisation=partner_org, role="partner")
    BudgetLine.objects.create(partner=lead, category="staff", amount=Decimal("10000.00"))
    BudgetLine.objects.create(partner=lead, category="travel", amount=Decimal("2000.00"))
    BudgetLine.objects.create(partner=partner, category="staff", amount=Decimal("4000.00"))
    ProjectMembership.objects.create(user=user, project=project, role="coordinator")
    work_package = WorkPackage.objects.create(project=project, number=1, title="Management", lead_partner=lead)
    Milestone.objects.create(project=project, code="M1", title="Kick-off", due_date=datetime.date(2026, 10, 1))
    deliverable = Deliverable.objects.create(
        project=project,
        work_package=work_package,
        code="D1.1",
        title="Project handbook",
        due_date=datetime.date(2026, 12, 31),
        responsible_partner=lead,
    )
    file_fields = {"size": 1024, "sha256": SHA256, "mime_type": "application/pdf", "uploaded_by": user}
    DeliverableFile.objects.create(
        deliverable=deliverable, version=1, file="deliverablefile/x", original_name="handbook.pdf", **file_fields
    )
    document = ProjectDocument.objects.create(
        project=project, kind="partnership_mandate", partner=partner, title="Mandate GMT"
    )
    ProjectDocumentFile.objects.create(
        document=document, version=1, file="projectdocumentfile/x", original_name="mandate.pdf", **file_fields
    )
    period = ReportingPeriod.objects.create(
        project=project,
        number=1,
        start_date=datetime.date(2026, 9, 1),
        end_date=datetime.date(2027, 8, 31),
        report_due_date=datetime.date(2027, 10, 30),
    )
    report = PeriodicReport.objects.create(period=period)
    indicator = Indicator.objects.create(
        project=project, code="I1", name="Students who touched an occupation", unit="students", target=168
    )
    IndicatorValue.objects.create(indicator=indicator, period=period, value=40)
    claim = PartnerClaim.objects.create(partner=lead, period=period)
    PartnerClaim.objects.create(partner=partner, period=period)
    expense = Expense.objects.create(
        claim=claim,
        category="staff",
        description="Project manager, September",
        amount=Decimal("3000.00"),
        currency="EUR",
        incurred_on=datetime.date(2026, 9, 30),
        converted_amount=Decimal("3000.00"),
        exchange_rate=Decimal("1"),
        rate_basis="EUR is the programme's currency",
    )
    SupportingDocument.objects.create(
        expense=expense, version=1, file="supportingdocument/x", original_name="payslip.pdf", **file_fields
    )
    return SimpleNamespace(**locals())


@pytest.fixture
def graph(db) -> SimpleNamespace:
    return build_project(1)


def change_url(obj) -> str:
    return reverse(f"admin:projects_{obj._meta.model_name}_change", args=[obj.pk])


class FormValues(HTMLParser):
    """The values a browser sends when the admin's change form is submitted unchanged."""

    def __init__(self, html: str):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def submit(client, obj, **changes):
    """Open the object's admin page, change some values and save it as a browser would."""
    data = FormValues(client.get(change_url(obj)).content.decode()).data
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(change_url(obj), data)


def model_admin_request(rf, user):
    request = rf.get("/admin/")
    request.user = user
    return request


# --- Every model -------------------------------------------------------------------------------------


def test_every_model_of_the_projects_app_has_an_admin():
    missing = [model.__name__ for model in PROJECT_MODELS if model not in admin.site._registry]
    assert missing == [], f"Register an admin in projects/admin.py for: {', '.join(missing)}"


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model.__name__)
def test_every_changelist_and_change_page_opens(graph, admin_client, model):
    changelist = admin_client.get(reverse(f"admin:projects_{model._meta.model_name}_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count >= 1
    assert admin_client.get(change_url(model.objects.first())).status_code == 200


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model.__name__)
def test_changelists_cost_the_same_queries_for_one_project_or_two(db, admin_client, model):
    url = reverse(f"admin:projects_{model._meta.model_name}_changelist")
    build_project(1)
    admin_client.get(url)  # the session and content types are cached from here on
    with CaptureQueriesContext(connection) as one_project:
        admin_client.get(url)
    build_project(2)
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


def test_project_page_shows_lead_budget_requested_grant_and_each_partners_budget(graph, admin_client):
    content = admin_client.get(change_url(graph.project)).content.decode()
    assert "Šolski center Velenje 1" in content  # the lead partner
    assert "18100.00 EUR" in content  # total budget: 13 500 + 4 600
    assert "15385.00 EUR" in content  # requested grant: 85 % of the eligible budget
    assert "13500.00 EUR" in content and "4600.00 EUR" in content  # each partner's budget, in the inline
    assert change_url(graph.lead) in content  # where the partner's budget lines are edited


def test_project_changelist_shows_budget_with_currency(graph, admin_client):
    content = admin_client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert "18100.00 EUR" in content


def test_partner_page_edits_budget_lines_and_shows_the_flat_rate(graph, admin_client):
    content = admin_client.get(change_url(graph.lead)).content.decode()
    assert 'name="budget_lines-0-amount"' in content
    assert "Office and administration (flat rate): 1500.00 EUR" in content
    assert "13500.00 EUR" in content


def test_a_flat_rate_category_is_not_budgeted_line_by_line(graph, admin_client):
    response = submit(
        admin_client,
        graph.lead,
        **{"budget_lines-TOTAL_FORMS": 3, "budget_lines-2-category": "office_admin", "budget_lines-2-amount": "500"},
    )

    assert response.status_code == 200
    assert "is a flat rate in Interreg ADRION 1: computed, not budgeted." in response.content.decode()
    assert not graph.lead.budget_lines.filter(category="office_admin").exists()


def test_claim_page_lists_its_expenses_with_totals(graph, admin_client):
    content = admin_client.get(change_url(graph.claim)).content.decode()
    assert "Project manager, September" in content
    assert "3000.00 EUR" in content  # declared
    assert "450.00 EUR" in content  # office & administration at 15 % of staff
    assert "3450.00 EUR" in content  # claimed
    assert 'name="expenses-0-amount"' in content  # a draft claim's expenses are editable


# --- Statuses are changed by transitions only -------------------------------------------------------


@pytest.mark.parametrize("name", ["project", "deliverable", "claim", "report"])
def test_status_is_read_only(graph, rf, admin_user, name):
    obj = getattr(graph, name)
    model_admin = admin.site._registry[type(obj)]
    assert "status" in model_admin.get_readonly_fields(model_admin_request(rf, admin_user), obj)


def test_project_status_cannot_be_changed_through_the_form(graph, admin_client):
    content = admin_client.get(change_url(graph.project)).content.decode()
    assert 'name="status"' not in content
    assert "Proposal" in content  # shown, not editable

    response = submit(admin_client, graph.project, title="Circular skills for schools", status="closed")

    assert response.status_code == 302
    graph.project.refresh_from_db()
    assert graph.project.title == "Circular skills for schools"
    assert graph.project.status == Project.Status.PROPOSAL


# --- Rows are saved through the services -------------------------------------------------------------


def test_partner_and_period_added_on_the_project_page_get_their_claims_and_report(graph, admin_client):
    newcomer = Organisation.objects.create(name="Zespół Szkół Technicznych „Mechanik”", kind="school", country="PL")

    response = submit(
        admin_client,
        graph.project,
        **{
            "partners-TOTAL_FORMS": 3,
            "partners-2-organisation": newcomer.pk,
            "partners-2-role": "partner",
            "periods-TOTAL_FORMS": 2,
            "periods-1-number": 2,
            "periods-1-start_date": "2027-09-01",
            "periods-1-end_date": "2028-08-31",
            "periods-1-report_due_date": "2028-10-30",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    new_partner = Partner.objects.get(project=graph.project, organisation=newcomer)
    period_2 = ReportingPeriod.objects.get(project=graph.project, number=2)
    assert PeriodicReport.objects.filter(period=period_2).exists()
    assert set(PartnerClaim.objects.filter(partner=new_partner).values_list("period__number", flat=True)) == {1, 2}
    assert PartnerClaim.objects.filter(period=period_2).count() == 3


def test_expense_added_on_a_draft_claim_is_priced(graph, admin_client):
    response = submit(
        admin_client,
        graph.claim,
        **{
            "expenses-TOTAL_FORMS": 2,
            "expenses-1-category": "travel",
            "expenses-1-description": "Train to Bari",
            "expenses-1-amount": "120.50",
            "expenses-1-currency": "EUR",
            "expenses-1-incurred_on": "2026-10-02",
        },
    )

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Expense.objects.get(description="Train to Bari").converted_amount == Decimal("120.50")


def test_a_submitted_claim_and_its_expenses_are_frozen(graph, admin_client, rf, admin_user):
    PartnerClaim.objects.filter(pk=graph.claim.pk).update(status=PartnerClaim.Status.SUBMITTED)
    graph.expense.refresh_from_db()
    request = model_admin_request(rf, admin_user)
    expense_admin = admin.site._registry[Expense]

    assert not expense_admin.has_change_permission(request, graph.expense)
    assert not expense_admin.has_delete_permission(request, graph.expense)
    content = admin_client.get(change_url(graph.claim)).content.decode()
    assert "Project manager, September" in content
    assert 'name="expenses-0-amount"' not in content


def test_a_submitted_report_is_frozen(graph, rf, admin_user):
    PeriodicReport.objects.filter(pk=graph.report.pk).update(status=PeriodicReport.Status.SUBMITTED)
    graph.report.refresh_from_db()
    report_admin = admin.site._registry[PeriodicReport]
    assert not report_admin.has_change_permission(model_admin_request(rf, admin_user), graph.report)


def test_only_a_planned_deliverable_can_be_deleted(graph, rf, admin_user):
    request = model_admin_request(rf, admin_user)
    deliverable_admin = admin.site._registry[Deliverable]
    assert deliverable_admin.has_delete_permission(request, graph.deliverable)
    Deliverable.objects.filter(pk=graph.deliverable.pk).update(status=Deliverable.Status.SUBMITTED)
    graph.deliverable.refresh_from_db()
    assert not deliverable_admin.has_delete_permission(request, graph.deliverable)


# --- Stored files are immutable ------------------------------------------------------------------


@pytest.mark.parametrize("model", FILE_VERSION_MODELS, ids=lambda model: model.__name__)
def test_stored_files_cannot_be_added_changed_or_deleted(graph, admin_client, rf, admin_user, model):
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
    [("deliverable", DeliverableFile), ("document", ProjectDocumentFile), ("expense", SupportingDocument)],
)
def test_file_versions_are_read_only_inlines_on_their_parent(graph, admin_client, rf, admin_user, parent, file_model):
    obj = getattr(graph, parent)
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
