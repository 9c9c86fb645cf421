"""What an auditor would refuse does not pass silently (DESIGN.md, "Eligibility of an expense"): an
expense outside the project's dates or in a category without budget is refused when it is written, and
a claim whose lines lack their supporting documents cannot be submitted."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from projects import services
from projects.models import Expense, PartnerClaim
from tests.factories import BudgetLineFactory
from tests.helpers import supporting_documents_attached, transition

pytestmark = pytest.mark.django_db


def post_expense(client, claim, **fields):
    body = {
        "claim": claim.pk,
        "category": "staff",
        "description": "Project manager, February",
        "amount": "1200.00",
        "currency": "EUR",
        "incurred_on": "2026-02-27",
        **fields,
    }
    return client.post("/api/expenses/", body, format="json")


def reasons(client, claim, name="submit"):
    options = client.get(f"/api/partner-claims/{claim.pk}/transitions/").json()
    return next(option for option in options if option["name"] == name)["reasons"]


@pytest.fixture
def velenje(world, client_for):
    return client_for(world.users["partner_same"])


# --- Dates ---------------------------------------------------------------------------------------


def test_an_expense_before_the_project_started_is_refused_naming_both_dates(world, velenje):
    response = post_expense(velenje, world.objects["claim_a"], incurred_on="2025-12-31")
    assert response.status_code == 400
    assert response.json()["incurred_on"] == [
        "The expense was incurred on 2025-12-31, before the project started on 2026-01-01; expenses count "
        "from 2026-01-01 to 2027-12-31."
    ]


def test_an_expense_after_the_project_ended_is_refused(world, velenje):
    response = post_expense(velenje, world.objects["claim_a"], incurred_on="2028-01-03")
    assert response.status_code == 400
    assert response.json()["incurred_on"] == [
        "The expense was incurred on 2028-01-03, after the project ended on 2027-12-31; expenses count "
        "from 2026-01-01 to 2027-12-31."
    ]


def test_the_first_and_last_day_of_the_project_count(world, velenje):
    claim = world.objects["claim_a"]
    assert post_expense(velenje, claim, incurred_on="2026-01-01").status_code == 201
    assert post_expense(velenje, claim, incurred_on="2027-12-31").status_code == 201


def test_changing_a_line_to_a_date_outside_the_project_is_refused(world, velenje):
    expense = world.objects["expense"]
    response = velenje.patch(f"/api/expenses/{expense.pk}/", {"incurred_on": "2024-06-30"}, format="json")
    assert response.status_code == 400
    assert "before the project started on 2026-01-01" in response.json()["incurred_on"][0]


def test_an_expense_of_nothing_is_still_refused(world, velenje):
    response = post_expense(velenje, world.objects["claim_a"], amount="0.00")
    assert response.status_code == 400
    assert "amount" in response.json()


# --- Budgeted categories -------------------------------------------------------------------------


def test_an_expense_in_a_category_without_budget_is_refused(world, velenje):
    # Velenje budgets staff costs only (10 000.00); travel has no budget line.
    response = post_expense(velenje, world.objects["claim_a"], category="travel", description="Train to Ljubljana")
    assert response.status_code == 400
    assert response.json()["category"] == [
        "Šolski center Velenje has no budget for travel and accommodation in CIRCLE, and Interreg ADRION "
        "accepts costs only in budgeted categories."
    ]


def test_a_budget_of_nothing_is_no_budget(world, velenje):
    BudgetLineFactory(partner=world.objects["partner_a"], category="equipment", amount=Decimal("0.00"))
    response = post_expense(velenje, world.objects["claim_a"], category="equipment", description="Laptop")
    assert response.status_code == 400
    assert "has a budget of 0.00 for equipment" in response.json()["category"][0]


def test_a_programme_may_allow_unbudgeted_categories(world, velenje, client_for):
    programme = world.objects["programme"]
    office = client_for(world.users["staff"])
    response = office.patch(f"/api/programmes/{programme.pk}/", {"unbudgeted_categories_allowed": True}, format="json")
    assert response.status_code == 200
    assert response.json()["unbudgeted_categories_allowed"] is True

    response = post_expense(velenje, world.objects["claim_a"], category="travel", description="Train to Ljubljana")
    assert response.status_code == 201


def test_programmes_say_what_they_accept_by_default(world, client_for):
    body = client_for(world.users["partner_other"]).get(f"/api/programmes/{world.objects['programme'].pk}/").json()
    assert (body["unbudgeted_categories_allowed"], body["supporting_documents_required"]) == (False, True)


# --- Supporting documents at submission ----------------------------------------------------------


@pytest.fixture
def two_lines(world, velenje):
    """Velenje's claim: January's 3 000.00 staff costs and February's 1 200.00, no documents attached."""
    assert post_expense(velenje, world.objects["claim_a"]).status_code == 201
    return world.objects["claim_a"]


def test_submit_is_blocked_with_one_reason_per_line_without_a_document(world, velenje, two_lines):
    expected = [
        "Line 1 'Project manager, January' (2026-01-31, 3000.00 EUR) has no supporting document.",
        "Line 2 'Project manager, February' (2026-02-27, 1200.00 EUR) has no supporting document.",
    ]
    assert reasons(velenje, two_lines) == expected
    response = transition(velenje, two_lines, "submit")
    assert response.status_code == 400
    assert response.json()["reasons"] == expected
    assert PartnerClaim.objects.get(pk=two_lines.pk).status == PartnerClaim.Status.DRAFT


def test_a_line_with_its_document_no_longer_blocks(world, velenje, two_lines):
    january = world.objects["expense"]
    upload = SimpleUploadedFile("payslip.pdf", b"%PDF-1.7 payslip", content_type="application/pdf")
    assert velenje.post(f"/api/expenses/{january.pk}/document/", {"file": upload}).status_code == 201
    assert reasons(velenje, two_lines) == [
        "Line 2 'Project manager, February' (2026-02-27, 1200.00 EUR) has no supporting document."
    ]
    supporting_documents_attached(two_lines, actor=world.users["partner_same"])
    assert transition(velenje, two_lines, "submit").status_code == 200


def test_a_programme_may_not_require_documents(world, velenje, two_lines):
    programme = world.objects["programme"]
    services.programme_save(
        actor=world.users["staff"], data={"supporting_documents_required": False}, programme=programme
    )
    assert reasons(velenje, two_lines) == []
    assert transition(velenje, two_lines, "submit").status_code == 200


def test_a_line_made_ineligible_after_it_was_written_blocks_the_submission(world, velenje, client_for):
    """The partner's budget loses the category the line was written in: submitting says which line."""
    claim_b = PartnerClaim.objects.get(partner=world.objects["partner_b"], period=world.objects["period"])
    gmt = client_for(world.users["partner_other"])
    travel = post_expense(gmt, claim_b, category="travel", description="Study visit Ljubljana", amount="412.00")
    assert travel.status_code == 201
    supporting_documents_attached(claim_b, actor=world.users["partner_other"])
    coordinator = client_for(world.users["coordinator"])
    response = coordinator.patch(
        f"/api/partners/{world.objects['partner_b'].pk}/",
        {"budget_lines": [{"category": "equipment", "amount": "2000.00"}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert reasons(gmt, claim_b) == [
        "Line 1 'Study visit Ljubljana' (2026-02-27, 412.00 EUR): GMT d.o.o. has no budget for travel and "
        "accommodation in CIRCLE, and Interreg ADRION accepts costs only in budgeted categories."
    ]


def test_a_claim_submitted_before_the_rules_is_not_blocked_afterwards(world, velenje, client_for, two_lines):
    """No retroactive block: a claim that went in with undocumented lines is certified as it stands; the
    rules apply when a line is written and when a claim is submitted."""
    PartnerClaim.objects.filter(pk=two_lines.pk).update(status=PartnerClaim.Status.SUBMITTED)
    Expense.objects.filter(claim=two_lines).update(incurred_on=datetime.date(2025, 12, 1))
    coordinator = client_for(world.users["coordinator"])
    assert reasons(coordinator, two_lines, "certify") == []
    assert transition(coordinator, two_lines, "certify").status_code == 200
