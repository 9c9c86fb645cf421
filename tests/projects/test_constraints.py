"""The database itself refuses rows that break the domain's integrity rules, whoever writes them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from projects.models import ProjectDocument, ProjectMembership
from tests.factories import (
    BudgetLineFactory,
    CallFactory,
    ClusterFactory,
    DeliverableFactory,
    DeliverableFileFactory,
    ExchangeRateFactory,
    ExpenseFactory,
    FlatRateFactory,
    OrganisationFactory,
    PartnerClaimFactory,
    PartnerFactory,
    ProgrammeFactory,
    ProjectDocumentFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    ReportingPeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(create) -> None:
    # PostgreSQL refuses a value longer than its column with DataError, SQLite by the check constraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        create()


def test_project_acronym_is_unique_whatever_the_case():
    project = ProjectFactory(acronym="CIRCLE")
    refused(lambda: ProjectFactory(acronym="circle", cluster=project.cluster, call=project.call))


def test_one_lead_partner_per_project():
    lead = PartnerFactory(lead=True)
    PartnerFactory(project=lead.project)  # a second plain partner is fine
    refused(lambda: PartnerFactory(project=lead.project, lead=True))


def test_an_organisation_is_a_partner_once_per_project():
    partner = PartnerFactory()
    refused(lambda: PartnerFactory(project=partner.project, organisation=partner.organisation))


@pytest.mark.parametrize(
    "create",
    [
        lambda: BudgetLineFactory(amount=Decimal("-0.01")),
        lambda: ExpenseFactory(amount=Decimal("-1.00")),
        lambda: ExpenseFactory(amount=Decimal("0.00")),
        lambda: ExpenseFactory(converted_amount=Decimal("-1.00")),
        lambda: CallFactory(max_grant=Decimal("-1.00")),
        lambda: ProjectFactory(granted_amount=Decimal("-5.00")),
    ],
    ids=["budget line", "expense", "expense of nothing", "converted amount", "call maximum grant", "granted amount"],
)
def test_amounts_are_not_negative_and_an_expense_is_more_than_nothing(create):
    refused(create)


def test_project_starts_before_it_ends():
    refused(lambda: ProjectFactory(start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2026, 12, 31)))


def test_period_starts_before_it_ends_and_its_report_is_due_after():
    project = ProjectFactory()
    refused(
        lambda: ReportingPeriodFactory(
            project=project, start_date=datetime.date(2026, 7, 1), end_date=datetime.date(2026, 6, 30)
        )
    )
    refused(lambda: ReportingPeriodFactory(project=project, report_due_date=datetime.date(2026, 12, 30)))


def test_deliverable_code_is_unique_in_its_project_only():
    deliverable = DeliverableFactory(code="D2.1")
    refused(lambda: DeliverableFactory(project=deliverable.project, code="D2.1"))
    DeliverableFactory(code="D2.1")  # another project may use it


def test_one_claim_per_partner_and_period():
    claim = PartnerClaimFactory()
    refused(lambda: PartnerClaimFactory(partner=claim.partner, period=claim.period))


def test_one_rate_per_currency_and_month_on_the_first_of_the_month_never_for_eur():
    ExchangeRateFactory(currency="PLN", month=datetime.date(2026, 11, 1))
    refused(lambda: ExchangeRateFactory(currency="PLN", month=datetime.date(2026, 11, 1)))
    refused(lambda: ExchangeRateFactory(currency="PLN", month=datetime.date(2026, 10, 15)))
    refused(lambda: ExchangeRateFactory(currency="EUR", month=datetime.date(2026, 9, 1)))
    refused(lambda: ExchangeRateFactory(currency="PLN", month=datetime.date(2026, 8, 1), rate=Decimal("0")))


@pytest.mark.parametrize("pic", ["12345678", "1234567890", "12345678a", "ABCDEFGHI"])
def test_pic_is_nine_digits(pic):
    refused(lambda: OrganisationFactory(pic=pic))


def test_pic_may_be_empty_and_is_unique_when_given():
    OrganisationFactory(pic="")
    OrganisationFactory(pic="")
    OrganisationFactory(pic="949658587")
    refused(lambda: OrganisationFactory(pic="949658587"))


@pytest.mark.parametrize(
    "create",
    [
        lambda: OrganisationFactory(country="XX"),
        lambda: ClusterFactory(country="pl"),
        lambda: ProgrammeFactory(currency="EUX"),
        lambda: ExpenseFactory(currency="ZLT"),
    ],
    ids=["organisation country", "cluster country", "programme currency", "expense currency"],
)
def test_iso_country_and_currency_codes(create):
    refused(create)


def test_percentages_stay_between_0_and_100():
    refused(lambda: CallFactory(co_financing_rate=Decimal("100.01")))
    refused(lambda: FlatRateFactory(rate=Decimal("0")))


def test_a_mandate_names_its_partner_and_a_partner_member_its_organisation():
    project = ProjectFactory()
    refused(lambda: ProjectDocumentFactory(project=project, kind=ProjectDocument.Kind.PARTNERSHIP_MANDATE))
    refused(lambda: ProjectMembershipFactory(project=project, role=ProjectMembership.Role.PARTNER))


def test_statuses_are_known_states():
    refused(lambda: ProjectFactory(status="approved"))


def test_file_versions_are_numbered_from_1_non_empty_with_a_sha256_once_each():
    deliverable = DeliverableFactory()
    refused(lambda: DeliverableFileFactory(deliverable=deliverable, version=0))
    refused(lambda: DeliverableFileFactory(deliverable=deliverable, size=0))
    refused(lambda: DeliverableFileFactory(deliverable=deliverable, sha256="not-a-hash"))
    DeliverableFileFactory(deliverable=deliverable, version=1)
    refused(lambda: DeliverableFileFactory(deliverable=deliverable, version=1))


def test_a_stored_file_version_is_never_saved_again():
    version = DeliverableFileFactory()
    version.original_name = "renamed.pdf"
    with pytest.raises(ValueError, match="immutable"):
        version.save()


# --- Rules that need more than one row: model validation ------------------------------------------


def test_budget_line_in_a_flat_rate_category_is_refused():
    flat_rate = FlatRateFactory()
    partner = PartnerFactory(project__call__programme=flat_rate.programme)
    with pytest.raises(ValidationError, match="flat rate"):
        BudgetLineFactory.build(partner=partner, category="office_admin").full_clean()


def test_expense_in_a_flat_rate_category_is_refused():
    flat_rate = FlatRateFactory()
    claim = PartnerClaimFactory(partner__project__call__programme=flat_rate.programme)
    expense = ExpenseFactory.build(claim=claim, category="office_admin")
    with pytest.raises(ValidationError, match="flat rate"):
        expense.full_clean()


@pytest.mark.parametrize(
    ("base", "words"),
    [([], "at least one"), (["staff", "catering"], "Unknown"), (["office_admin"], "its own"), (["other"], "direct")],
)
def test_flat_rate_base_must_be_direct_categories(base, words):
    programme = FlatRateFactory(category="other", base=["staff"]).programme
    flat_rate = FlatRateFactory.build(programme=programme, category="office_admin", base=base)
    with pytest.raises(ValidationError, match=words):
        flat_rate.full_clean()


def test_call_deadline_not_before_it_opens():
    call = CallFactory.build(
        programme=ProgrammeFactory(),
        opens_on=datetime.date(2026, 5, 1),
        deadline=datetime.datetime(2026, 4, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError, match="deadline"):
        call.full_clean()


def test_deliverable_and_claim_stay_inside_their_project():
    deliverable = DeliverableFactory()
    deliverable.work_package = DeliverableFactory().work_package
    with pytest.raises(ValidationError, match="another project"):
        deliverable.full_clean()
    claim = PartnerClaimFactory.build(partner=PartnerFactory(), period=ReportingPeriodFactory())
    with pytest.raises(ValidationError, match="another project"):
        claim.full_clean()


def test_partner_membership_for_an_organisation_outside_the_project_is_refused():
    project = PartnerFactory().project
    membership = ProjectMembershipFactory.build(
        project=project, user=UserFactory(), role=ProjectMembership.Role.PARTNER, organisation=OrganisationFactory()
    )
    with pytest.raises(ValidationError, match="not a partner in the project"):
        membership.full_clean()
