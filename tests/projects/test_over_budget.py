"""A category over its budget is allowed but shown: ``over_budget`` per category in the claim and in the
budget answers, computed once (``selectors.over_budget``)."""

import pytest

from projects.models import PartnerClaim
from tests.helpers import supporting_documents_attached, transition

pytestmark = pytest.mark.django_db


def post_staff_costs(client, claim, amount: str, description: str = "Project manager, spring"):
    body = {
        "claim": claim.pk,
        "category": "staff",
        "description": description,
        "amount": amount,
        "currency": "EUR",
        "incurred_on": "2026-05-29",
    }
    response = client.post("/api/expenses/", body, format="json")
    assert response.status_code == 201, response.content
    return response


def categories(body):
    return {row["category"]: row for row in body["partners"][0]["categories"]}


def test_a_draft_claim_shows_what_it_would_put_over_the_budget(world, client_for):
    """Velenje budgets 10 000.00 staff costs (1 500.00 office and administration at 15 %); its draft holds
    3 000.00 and now 8 000.00 more: 1 000.00 over, and 150.00 over in the flat rate computed on it."""
    velenje = client_for(world.users["partner_same"])
    claim = world.objects["claim_a"]
    post_staff_costs(velenje, claim, "8000.00")

    body = velenje.get(f"/api/partner-claims/{claim.pk}/").json()
    assert body["over_budget"] == {"staff": "1000.00", "office_admin": "150.00"}


def test_a_claim_within_its_budget_shows_nothing_over(world, client_for):
    body = client_for(world.users["auditor"]).get(f"/api/partner-claims/{world.objects['claim_a'].pk}/").json()
    assert body["over_budget"] == {"staff": "0.00", "office_admin": "0.00"}


def test_the_claim_counts_the_partners_other_declared_claims(world, client_for):
    """A second period: the first claim (9 000.00 staff, submitted) and the second's 2 500.00 put staff
    costs 1 500.00 over, shown on the second claim and in the budget answer once it is submitted."""
    velenje, coordinator = client_for(world.users["partner_same"]), client_for(world.users["coordinator"])
    first = world.objects["claim_a"]
    post_staff_costs(velenje, first, "6000.00")
    supporting_documents_attached(first, actor=world.users["partner_same"])
    assert transition(velenje, first, "submit").status_code == 200

    response = coordinator.post(
        "/api/reporting-periods/",
        {
            "project": world.project.pk,
            "number": 2,
            "start_date": "2027-01-01",
            "end_date": "2027-12-31",
            "report_due_date": "2028-03-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    second = PartnerClaim.objects.get(partner=world.objects["partner_a"], period__number=2)
    body = {"description": "Project manager, 2027", "incurred_on": "2027-03-31"}
    response = velenje.post(
        "/api/expenses/", {"claim": second.pk, "category": "staff", "amount": "2500.00", "currency": "EUR", **body}
    )
    assert response.status_code == 201, response.content

    assert velenje.get(f"/api/partner-claims/{second.pk}/").json()["over_budget"]["staff"] == "1500.00"
    # The budget answer counts submitted and certified claims only: the first claim is within budget.
    budget = coordinator.get(f"/api/projects/{world.project.pk}/budget/").json()
    assert categories(budget)["staff"]["over_budget"] == "0.00"

    supporting_documents_attached(second, actor=world.users["partner_same"])
    assert transition(velenje, second, "submit").status_code == 200
    budget = coordinator.get(f"/api/projects/{world.project.pk}/budget/").json()
    staff = categories(budget)["staff"]
    assert (staff["budget"], staff["declared"], staff["over_budget"]) == ("10000.00", "11500.00", "1500.00")
    assert categories(budget)["office_admin"]["over_budget"] == "225.00"  # 1 725.00 declared, 1 500.00 budget
    partner = coordinator.get(f"/api/partners/{world.objects['partner_a'].pk}/budget/").json()
    assert categories(partner)["staff"]["over_budget"] == "1500.00"
    # Both claims show the partner's position with them counted.
    assert velenje.get(f"/api/partner-claims/{first.pk}/").json()["over_budget"]["staff"] == "1500.00"


def test_a_claim_whose_rate_is_not_frozen_yet_does_not_guess(world, client_for):
    velenje = client_for(world.users["partner_same"])
    claim = world.objects["claim_a"]
    body = {"category": "staff", "description": "Trainer from Wrocław", "amount": "900.00", "currency": "PLN"}
    assert velenje.post("/api/expenses/", {"claim": claim.pk, "incurred_on": "2026-03-02", **body}).status_code == 201
    assert velenje.get(f"/api/partner-claims/{claim.pk}/").json()["over_budget"] is None
