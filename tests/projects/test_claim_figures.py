"""What the claim page reads from the domain: the categories a line may be written in, whether a user may
write the claim's lines now, and the claim's figures per category against the budget (the same figures
as the API's ``over_budget``)."""

from decimal import Decimal

import pytest

from projects import selectors, services
from projects.models import PartnerClaim

pytestmark = pytest.mark.django_db


def claim_row(world, key: str = "claim_a") -> PartnerClaim:
    return selectors.partner_claim_list(user=world.users["staff"]).get(pk=world.objects[key].pk)


def test_a_line_is_offered_only_the_categories_it_may_be_claimed_in(world):
    """The lead budgets staff costs only; office and administration is the programme's flat rate."""
    claim = world.objects["claim_a"]
    assert claim.claimable_categories() == ["staff"]

    programme = claim.partner.project.programme
    programme.unbudgeted_categories_allowed = True
    programme.save()
    claim = PartnerClaim.objects.get(pk=claim.pk)
    assert "office_admin" not in claim.claimable_categories()
    assert {"staff", "travel", "equipment"} <= set(claim.claimable_categories())


def test_only_who_may_write_a_draft_claim_gets_its_forms(world):
    claim = world.objects["claim_a"]
    assert services.expenses_writable(claim=claim, actor=world.users["partner_same"])
    assert services.expenses_writable(claim=claim, actor=world.users["coordinator"])
    assert not services.expenses_writable(claim=claim, actor=world.users["partner_other"])
    assert not services.expenses_writable(claim=claim, actor=world.users["auditor"])
    claim.status = PartnerClaim.Status.SUBMITTED
    assert not services.expenses_writable(claim=claim, actor=world.users["partner_same"])


def test_the_figures_per_category_agree_with_over_budget(world):
    """3 000.00 staff of a 10 000.00 budget, and its 450.00 flat rate of 1 500.00; 8 000.00 more goes over."""
    services.expense_create(
        actor=world.users["partner_same"],
        data={
            "claim": world.objects["claim_a"],
            "category": "staff",
            "description": "Project manager, spring",
            "amount": Decimal("8000.00"),
            "currency": "EUR",
            "incurred_on": "2026-05-29",
        },
    )
    claim = claim_row(world)
    figures = {row.category: row for row in selectors.claim_category_figures(claim)}
    assert figures["staff"].budget == Decimal("10000.00")
    assert figures["staff"].claimed == Decimal("11000.00")
    assert figures["staff"].earlier == Decimal("0.00")
    assert figures["staff"].remaining == Decimal("-1000.00")
    assert figures["office_admin"].claimed == Decimal("1650.00")
    assert {category: row.over_budget for category, row in figures.items()} == selectors.claim_over_budget(claim)
    assert selectors.claim_over_budget(claim) == {"staff": Decimal("1000.00"), "office_admin": Decimal("150.00")}
