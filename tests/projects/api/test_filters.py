"""The filters, search and ordering a coordinator uses day to day."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import DeliverableFactory

# "Overdue" is judged on the instance's today: here the middle of May 2026, in Warsaw.
MID_MAY_2026 = "2026-05-15T10:00+02:00"


@pytest.fixture
def coordinator(world, client_for):
    return client_for(world.users["coordinator"])


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.fixture
def deliverables(world):
    """Three more deliverables of GMT beside the lead's D1.1 (due 2026-03-31, planned)."""
    gmt = {
        "project": world.project,
        "work_package": world.objects["work_package"],
        "responsible_partner": world.objects["partner_b"],
    }
    DeliverableFactory(code="D2.1", title="Lab design", due_date=date(2026, 5, 12), **gmt)
    DeliverableFactory(code="D2.2", title="Pilot report", due_date=date(2026, 5, 14), status="submitted", **gmt)
    DeliverableFactory(code="D3.1", title="Toolkit", due_date=date(2026, 6, 14), **gmt)


@pytest.mark.time_machine(MID_MAY_2026)
def test_overdue_deliverables_are_past_due_and_not_yet_in(coordinator, deliverables):
    response = coordinator.get(reverse("deliverable-list"), {"overdue": "true"})
    # D2.2 is past due too, but submitted; D3.1 is not due yet.
    assert codes(response) == ["D1.1", "D2.1"]


def test_deliverables_by_responsible_partner_and_due_window(world, coordinator, deliverables):
    response = coordinator.get(
        reverse("deliverable-list"),
        {"responsible_partner": world.objects["partner_b"].pk, "due_after": "2026-05-13", "due_before": "2026-07-14"},
    )
    assert codes(response) == ["D2.2", "D3.1"]


def test_deliverables_search_and_ordering(coordinator, deliverables):
    assert codes(coordinator.get(reverse("deliverable-list"), {"search": "pilot"})) == ["D2.2"]
    assert codes(coordinator.get(reverse("deliverable-list"), {"ordering": "-code"}))[:2] == ["D3.1", "D2.2"]


def test_an_unknown_filter_value_is_a_clear_400(coordinator):
    response = coordinator.get(reverse("deliverable-list"), {"status": "lost"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_projects_by_status_and_lead_organisation(world, coordinator):
    lead = world.objects["partner_a"].organisation_id
    response = coordinator.get(reverse("project-list"), {"status": "proposal", "lead_organisation": lead})
    assert [row["acronym"] for row in response.json()["results"]] == ["CIRCLE"]
    response = coordinator.get(reverse("project-list"), {"status": "in_implementation"})
    assert response.json()["count"] == 0


def test_project_derived_figures(world, coordinator):
    row = coordinator.get(reverse("project-detail", args=[world.project.pk])).json()
    # 10 000 staff + 1 500 office (15 % flat rate) + 2 000 travel; 85 % co-financing
    assert row["total_budget"] == "13500.00"
    assert row["requested_grant"] == "11475.00"
    assert row["lead_partner"] == world.objects["partner_a"].pk
    assert row["currency"] == "EUR"


def test_expenses_by_partner_category_and_amount(world, client_for):
    auditor = client_for(world.users["auditor"])
    response = auditor.get(
        reverse("expense-list"),
        {"partner": world.objects["partner_a"].pk, "category": "staff", "amount_min": "2999.99", "currency": "EUR"},
    )
    assert [row["description"] for row in response.json()["results"]] == ["Project manager, January"]
    assert auditor.get(reverse("expense-list"), {"amount_max": "100"}).json()["count"] == 0


def test_claims_by_period_and_status_with_totals(world, client_for):
    response = client_for(world.users["auditor"]).get(
        reverse("partner-claim-list"), {"period": world.objects["period"].pk, "status": "draft"}
    )
    rows = {row["partner"]: row for row in response.json()["results"]}
    claim_a = rows[world.objects["partner_a"].pk]
    assert (claim_a["declared_total"], claim_a["flat_rate_total"], claim_a["total"]) == ("3000.00", "450.00", "3450.00")
    assert rows[world.objects["partner_b"].pk]["total"] == "0.00"


def test_a_claim_with_a_line_in_another_currency_has_no_total_until_rates_are_frozen(world, client_for):
    partner = client_for(world.users["partner_same"])
    response = partner.post(
        reverse("expense-list"),
        {
            "claim": world.objects["claim_a"].pk,
            "category": "staff",
            "description": "Trainer from Wrocław",
            "amount": "89.00",
            "currency": "PLN",
            "incurred_on": "2026-02-10",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    row = partner.get(reverse("partner-claim-detail", args=[world.objects["claim_a"].pk])).json()
    assert row["declared_total"] is None


def test_pages_are_bounded(world, coordinator):
    response = coordinator.get(reverse("organisation-list"), {"page_size": 1000})
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert coordinator.get(reverse("organisation-list"), {"page": 9}).status_code == 404
