"""Bad input is answered with 400 naming the field and the reason, and nothing is written."""

import pytest
from django.urls import reverse

from projects.models import BudgetLine, Expense, Organisation, Partner, PartnerClaim, Project


@pytest.fixture
def staff(world, client_for):
    return client_for(world.users["staff"])


def assert_refused(response, field: str, words: str) -> None:
    assert response.status_code == 400, response.content
    messages = " ".join(response.json()[field])
    assert words.lower() in messages.lower(), messages


def test_project_cannot_end_before_it_starts(world, staff):
    response = staff.patch(
        reverse("project-detail", args=[world.project.pk]), {"end_date": "2025-12-31"}, format="json"
    )
    assert_refused(response, "end_date", "cannot end before it starts")
    world.project.refresh_from_db()
    assert str(world.project.end_date) == "2027-12-31"


def test_period_report_cannot_be_due_before_the_period_ends(world, staff):
    period = world.objects["period"]
    response = staff.patch(
        reverse("reporting-period-detail", args=[period.pk]), {"report_due_date": "2026-06-30"}, format="json"
    )
    assert_refused(response, "report_due_date", "before the period ends")


def test_call_deadline_must_carry_its_time_zone(world, staff):
    call = world.objects["call"]
    response = staff.patch(reverse("call-detail", args=[call.pk]), {"deadline": "2026-06-01T12:00:00"}, format="json")
    assert_refused(response, "deadline", "time zone offset")
    response = staff.patch(
        reverse("call-detail", args=[call.pk]), {"deadline": "2026-06-01T12:00:00+02:00"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["deadline"] == "2026-06-01T12:00:00+02:00"


def test_call_deadline_not_before_opening(world, staff):
    response = staff.patch(
        reverse("call-detail", args=[world.objects["call"].pk]),
        {"deadline": "2025-12-01T12:00:00+01:00"},
        format="json",
    )
    assert_refused(response, "deadline", "before the call opens")


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("-1.00", "greater than or equal to 0"),
        ("0.00", "An expense is more than 0.00."),
        ("10.123", "no more than 2 decimal places"),
        ("abc", "valid number"),
    ],
)
def test_expense_amounts_are_positive_with_two_decimals(world, client_for, amount, words):
    client = client_for(world.users["partner_same"])
    before = Expense.objects.count()
    response = client.post(
        reverse("expense-list"),
        {
            "claim": world.objects["claim_a"].pk,
            "category": "staff",
            "description": "Trainer",
            "amount": amount,
            "currency": "EUR",
            "incurred_on": "2026-02-01",
        },
        format="json",
    )
    assert_refused(response, "amount", words)
    assert Expense.objects.count() == before


def test_budget_line_amount_cannot_be_negative(world, staff):
    partner = world.objects["partner_b"]
    response = staff.patch(
        reverse("partner-detail", args=[partner.pk]),
        {"budget_lines": [{"category": "travel", "amount": "-5.00"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "greater than or equal to 0" in str(response.json()["budget_lines"])
    assert BudgetLine.objects.get(partner=partner).amount == 2000


def test_currency_must_be_iso_4217(world, client_for):
    response = client_for(world.users["partner_same"]).patch(
        reverse("expense-detail", args=[world.objects["expense"].pk]), {"currency": "EUX"}, format="json"
    )
    assert_refused(response, "currency", "not a valid choice")


def test_country_must_be_iso_3166(world, staff):
    response = staff.post(
        reverse("organisation-list"), {"name": "Nowhere Ltd", "kind": "company", "country": "XX"}, format="json"
    )
    assert_refused(response, "country", "not a valid choice")
    assert not Organisation.objects.filter(name="Nowhere Ltd").exists()


@pytest.mark.parametrize("pic", ["12345678", "1234567890", "12345678a"])
def test_pic_has_nine_digits(world, staff, pic):
    response = staff.patch(
        reverse("organisation-detail", args=[world.objects["organisation"].pk]), {"pic": pic}, format="json"
    )
    assert_refused(response, "pic", "exactly 9 digits")


def test_budget_lines_only_in_categories_that_are_not_flat_rates(world, staff):
    partner = world.objects["partner_b"]
    response = staff.patch(
        reverse("partner-detail", args=[partner.pk]),
        {"budget_lines": [{"category": "office_admin", "amount": "100.00"}]},
        format="json",
    )
    assert_refused(response, "budget_lines", "Office and administration is a flat rate")
    assert list(partner.budget_lines.values_list("category", flat=True)) == ["travel"]


def test_budget_line_category_once(world, staff):
    response = staff.patch(
        reverse("partner-detail", args=[world.objects["partner_b"].pk]),
        {"budget_lines": [{"category": "travel", "amount": "1.00"}, {"category": "travel", "amount": "2.00"}]},
        format="json",
    )
    assert_refused(response, "budget_lines", "more than once")


def test_an_organisation_is_a_partner_once_per_project(world, staff):
    response = staff.post(
        reverse("partner-list"),
        {"project": world.project.pk, "organisation": world.objects["partner_b"].organisation_id, "role": "partner"},
        format="json",
    )
    assert_refused(response, "non_field_errors", "already a partner in the project")
    assert Partner.objects.filter(project=world.project).count() == 2


def test_a_project_has_one_lead(world, staff):
    response = staff.patch(
        reverse("partner-detail", args=[world.objects["partner_b"].pk]), {"role": "lead"}, format="json"
    )
    assert_refused(response, "role", "already has a lead partner: Šolski center Velenje")


@pytest.mark.parametrize(
    ("route", "target", "status"),
    [("project-detail", "project", "closed"), ("deliverable-detail", "deliverable", "accepted")],
)
def test_status_changes_only_by_transition(world, staff, route, target, status):
    obj = world.project if target == "project" else world.objects[target]
    response = staff.patch(reverse(route, args=[obj.pk]), {"status": status}, format="json")
    assert_refused(response, "status", "transitions")
    obj.refresh_from_db()
    assert obj.status != status


def test_the_unchanged_status_may_be_sent_back(world, staff):
    response = staff.patch(
        reverse("project-detail", args=[world.project.pk]),
        {"status": "proposal", "title": "CIRCLE labs"},
        format="json",
    )
    assert response.status_code == 200
    assert Project.objects.get(pk=world.project.pk).title == "CIRCLE labs"


def test_expenses_of_a_submitted_claim_are_frozen(world, client_for):
    claim = world.objects["claim_a"]
    PartnerClaim.objects.filter(pk=claim.pk).update(status="submitted")
    client = client_for(world.users["partner_same"])
    expense = world.objects["expense"]
    response = client.patch(reverse("expense-detail", args=[expense.pk]), {"amount": "1.00"}, format="json")
    assert response.status_code == 409
    assert "submitted" in response.json()["detail"]
    assert client.delete(reverse("expense-detail", args=[expense.pk])).status_code == 409
    expense.refresh_from_db()
    assert expense.amount == 3000


def test_only_a_planned_deliverable_is_deleted(world, staff):
    deliverable = world.objects["deliverable"]
    type(deliverable).objects.filter(pk=deliverable.pk).update(status="submitted")
    response = staff.delete(reverse("deliverable-detail", args=[deliverable.pk]))
    assert response.status_code == 409
    assert "waive it instead" in response.json()["detail"]


def test_coordinators_do_not_appoint_coordinators(world, client_for):
    response = client_for(world.users["coordinator"]).post(
        reverse("member-list"),
        {"project": world.project.pk, "user": world.users["outsider"].pk, "role": "coordinator"},
        format="json",
    )
    assert response.status_code == 403
    assert "Only the cluster office's staff may appoint or remove coordinators." in response.json()["detail"]


def test_a_partner_member_names_an_organisation(world, staff):
    response = staff.post(
        reverse("member-list"),
        {"project": world.project.pk, "user": world.users["outsider"].pk, "role": "partner"},
        format="json",
    )
    assert_refused(response, "organisation", "works for an organisation")


def test_exchange_rate_month_format(world, staff):
    response = staff.post(
        reverse("exchange-rate-list"),
        {"currency": "PLN", "month": "2026-13", "rate": "4.3", "source": "x"},
        format="json",
    )
    assert_refused(response, "month", "YYYY-MM")
    response = staff.post(
        reverse("exchange-rate-list"),
        {"currency": "EUR", "month": "2026-03", "rate": "1", "source": "x"},
        format="json",
    )
    assert_refused(response, "currency", "base of every rate")


def test_flat_rates_are_computed_from_direct_costs_only(world, staff):
    response = staff.patch(
        reverse("programme-detail", args=[world.objects["programme"].pk]),
        {
            "flat_rates": [
                {"category": "office_admin", "rate": "15.00", "base": ["staff"]},
                {"category": "other", "rate": "7.00", "base": ["office_admin"]},
            ]
        },
        format="json",
    )
    assert_refused(response, "flat_rates", "direct costs only")


def test_a_programme_cannot_make_a_budgeted_category_a_flat_rate(world, staff):
    response = staff.patch(
        reverse("programme-detail", args=[world.objects["programme"].pk]),
        {"flat_rates": [{"category": "travel", "rate": "10.00", "base": ["staff"]}]},
        format="json",
    )
    assert_refused(response, "flat_rates", "already budget or claim travel")
    assert list(world.objects["programme"].flat_rates.values_list("category", flat=True)) == ["office_admin"]


def test_call_is_read_back_in_the_instance_time_zone(world, staff):
    response = staff.get(reverse("call-detail", args=[world.objects["call"].pk]))
    assert response.json()["deadline"] == "2026-06-01T14:00:00+02:00"  # stored as 12:00 UTC
