"""Budget vs actual per partner and cost category, from submitted and certified claims."""

from decimal import Decimal

import pytest

from projects import selectors
from projects.models import CostCategory, PartnerClaim
from tests.helpers import supporting_documents_attached, transition


@pytest.fixture
def spending(world, client_for):
    """Velenje's claim (3 000.00 staff, EUR) submitted and certified; GMT's claim with 800.00 travel submitted."""
    velenje, gmt = client_for(world.users["partner_same"]), client_for(world.users["partner_other"])
    coordinator = client_for(world.users["coordinator"])
    claim_a = world.objects["claim_a"]
    claim_b = PartnerClaim.objects.get(partner=world.objects["partner_b"], period=world.objects["period"])
    travel = gmt.post(
        "/api/expenses/",
        {
            "claim": claim_b.pk,
            "category": "travel",
            "description": "Study visit Ljubljana",
            "amount": "800.00",
            "currency": "EUR",
            "incurred_on": "2026-04-02",
        },
        format="json",
    )
    assert travel.status_code == 201, travel.content
    supporting_documents_attached(claim_a, actor=world.users["partner_same"])
    supporting_documents_attached(claim_b, actor=world.users["partner_other"])
    assert transition(velenje, claim_a, "submit").status_code == 200
    assert transition(coordinator, claim_a, "certify").status_code == 200
    assert transition(gmt, claim_b, "submit").status_code == 200


def figures(rows, category):
    return next(row for row in rows if row["category"] == category)


def test_project_budget_per_partner_and_category(world, client_for, spending):
    body = client_for(world.users["auditor"]).get(f"/api/projects/{world.project.pk}/budget/").json()
    assert body["currency"] == "EUR"
    lead, gmt = body["partners"]
    assert figures(lead["categories"], "staff") == {
        "category": "staff",
        "budget": "10000.00",
        "declared": "3000.00",
        "certified": "3000.00",
        "remaining": "7000.00",
        "share_spent": "30.00",
        "over_budget": "0.00",
    }
    # office and administration: 15 % flat rate, budgeted on 10 000 staff, declared on 3 000 staff
    assert figures(lead["categories"], "office_admin")["budget"] == "1500.00"
    assert figures(lead["categories"], "office_admin")["declared"] == "450.00"
    assert figures(gmt["categories"], "travel") == {
        "category": "travel",
        "budget": "2000.00",
        "declared": "800.00",
        "certified": "0.00",
        "remaining": "1200.00",
        "share_spent": "40.00",
        "over_budget": "0.00",
    }


def test_totals_are_the_sum_of_the_parts(world, client_for, spending):
    body = client_for(world.users["coordinator"]).get(f"/api/projects/{world.project.pk}/budget/").json()
    for partner in body["partners"]:
        for field in ("budget", "declared", "certified", "remaining"):
            parts = sum(Decimal(row[field]) for row in partner["categories"])
            assert Decimal(partner["totals"][field]) == parts
    for field in ("budget", "declared", "certified"):
        assert Decimal(body["totals"][field]) == sum(Decimal(p["totals"][field]) for p in body["partners"])
    assert body["totals"]["budget"] == "13500.00"
    assert body["totals"]["declared"] == "4250.00"  # 3 000 + 450 + 800


def test_draft_claims_do_not_count(world, client_for):
    body = client_for(world.users["coordinator"]).get(f"/api/projects/{world.project.pk}/budget/").json()
    assert body["totals"]["declared"] == "0.00"


def test_a_partner_sees_only_its_own_spending(world, client_for, spending):
    client = client_for(world.users["partner_other"])
    body = client.get(f"/api/projects/{world.project.pk}/budget/").json()
    assert [row["organisation"] for row in body["partners"]] == ["GMT d.o.o."]
    assert client.get(f"/api/partners/{world.objects['partner_a'].pk}/budget/").status_code == 404
    own = client.get(f"/api/partners/{world.objects['partner_b'].pk}/budget/").json()
    assert own["totals"]["declared"] == "800.00"


def test_outsiders_see_no_budget(world, client_for):
    assert client_for(world.users["outsider"]).get(f"/api/projects/{world.project.pk}/budget/").status_code == 404


def test_the_categories_add_up_to_the_partners_figures(world):
    figures = selectors.budget_vs_actual(partners=world.project.partners.all())
    categories = selectors.category_totals(figures)
    assert categories
    assert [line.category for line in categories] == sorted(
        {line.category for partner in figures for line in partner.categories},
        key=list(CostCategory.values).index,
    )
    whole = selectors.budget_totals(figures)
    assert sum(line.budget for line in categories) == whole.budget
    assert sum(line.declared for line in categories) == whole.declared
    assert sum(line.certified for line in categories) == whole.certified
