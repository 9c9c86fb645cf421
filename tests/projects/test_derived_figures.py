"""Budget totals and the requested grant on worked examples, rounded half-up to the cent."""

from decimal import Decimal

import pytest

from projects.models import Project
from projects.money import percent_of, to_cents
from tests.factories import BudgetLineFactory, FlatRateFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "cents"),
    [("2.675", "2.68"), ("2.665", "2.67"), ("0.005", "0.01"), ("0.004", "0.00"), ("10", "10.00")],
)
def test_to_cents_rounds_half_up(value, cents):
    assert to_cents(Decimal(value)) == Decimal(cents)


def test_partner_budget_includes_flat_rates_computed_on_its_lines():
    flat_rate = FlatRateFactory(rate=Decimal("15.00"), base=["staff"])
    partner = PartnerFactory(project__call__programme=flat_rate.programme)
    BudgetLineFactory(partner=partner, category="staff", amount=Decimal("10000.00"))
    BudgetLineFactory(partner=partner, category="travel", amount=Decimal("2345.67"))

    assert partner.budget_by_category() == {
        "staff": Decimal("10000.00"),
        "travel": Decimal("2345.67"),
        "office_admin": Decimal("1500.00"),
    }
    assert partner.budget_total() == Decimal("13845.67")


def test_flat_rate_on_several_categories_is_rounded_half_up():
    # 25 % of (1 000.02 staff + 0.00 travel + 1 000.00 equipment) = 500.005 → 500.01
    flat_rate = FlatRateFactory(rate=Decimal("25.00"), base=["staff", "travel", "equipment"])
    partner = PartnerFactory(project__call__programme=flat_rate.programme)
    BudgetLineFactory(partner=partner, category="staff", amount=Decimal("1000.02"))
    BudgetLineFactory(partner=partner, category="equipment", amount=Decimal("1000.00"))
    BudgetLineFactory(partner=partner, category="external_expertise", amount=Decimal("99.99"))

    assert partner.budget_by_category()["office_admin"] == Decimal("500.01")
    assert partner.budget_total() == Decimal("2600.02")


def test_project_budget_and_requested_grant():
    project = ProjectFactory(call__co_financing_rate=Decimal("80.00"))
    lead = PartnerFactory(project=project, lead=True)
    partner = PartnerFactory(project=project)
    associated = PartnerFactory(project=project, associated=True)
    BudgetLineFactory(partner=lead, category="staff", amount=Decimal("600.00"))
    BudgetLineFactory(partner=partner, category="travel", amount=Decimal("400.01"))
    BudgetLineFactory(partner=associated, category="other", amount=Decimal("50.00"))

    assert project.lead_partner == lead
    assert project.total_budget() == Decimal("1050.01")
    assert project.eligible_budget() == Decimal("1000.01")  # associated partners are not funded
    assert project.requested_grant() == Decimal("800.01")  # 80 % of 1 000.01 = 800.008


@pytest.mark.parametrize(
    ("rate", "budget", "grant"),
    [("50.00", "0.05", "0.03"), ("85.00", "10.03", "8.53"), ("70.00", "0.35", "0.25")],
    ids=["0.025 up", "8.5255 up", "0.245 up"],
)
def test_requested_grant_rounds_half_up_not_to_even(rate, budget, grant):
    project = ProjectFactory(call__co_financing_rate=Decimal(rate))
    BudgetLineFactory(partner=PartnerFactory(project=project, lead=True), amount=Decimal(budget))
    assert project.requested_grant() == Decimal(grant)
    assert percent_of(Decimal(budget), Decimal(rate)) == Decimal(grant)


def test_without_a_call_there_is_no_grant_and_no_currency():
    project = ProjectFactory(call=None)
    BudgetLineFactory(partner=PartnerFactory(project=project, lead=True), amount=Decimal("100.00"))
    assert project.requested_grant() == Decimal("0.00")
    assert project.currency is None
    assert project.total_budget() == Decimal("100.00")


def test_currency_is_the_programmes():
    assert ProjectFactory(call__programme__currency="PLN").currency == "PLN"


def test_budget_figures_for_a_list_of_projects_cost_a_fixed_number_of_queries(django_assert_num_queries):
    def build(count: int) -> None:
        for _ in range(count):
            project = ProjectFactory()
            FlatRateFactory(programme=project.call.programme)
            BudgetLineFactory(partner=PartnerFactory(project=project, lead=True))

    def totals() -> list[Decimal]:
        return [project.total_budget() for project in Project.objects.with_budget_data()]

    build(2)
    with django_assert_num_queries(5):
        assert totals() == [Decimal("11500.00")] * 2
    build(3)
    with django_assert_num_queries(5):
        assert totals() == [Decimal("11500.00")] * 5
