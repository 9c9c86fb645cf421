"""Currency conversion on worked examples, and rates frozen on a claim when it is submitted."""

import datetime
from decimal import Decimal

import pytest

from projects.conversion import MissingRates, RateBook, convert, months_between
from projects.models import Expense, PartnerClaim, Programme
from tests.factories import BudgetLineFactory, ExchangeRateFactory
from tests.helpers import supporting_documents_attached, transition

pytestmark = pytest.mark.django_db
MONTHLY = Programme.ExchangeRateRule.MONTHLY_AT_SUBMISSION
AVERAGE = Programme.ExchangeRateRule.PERIOD_AVERAGE
NOV = datetime.date(2026, 11, 1)
# The claims below are submitted on 16 November 2026 (Warsaw), so a monthly rule takes November's rate.
SUBMITTED_IN_NOVEMBER = pytest.mark.time_machine("2026-11-16T10:00+01:00")


def rates(**by_currency):
    for currency, values in by_currency.items():
        for month, value in values.items():
            ExchangeRateFactory(currency=currency, month=month, rate=Decimal(value), source="InforEuro")


def book(currencies, months=(NOV,)):
    return RateBook(set(currencies), list(months))


@pytest.mark.parametrize(
    ("amount", "currency", "target", "rate", "expected"),
    [
        ("1000.00", "PLN", "EUR", "4.334000", "230.73"),  # 230.7337…
        ("0.02", "PLN", "EUR", "4.000000", "0.01"),  # 0.005: half-up, not to even
        ("0.06", "PLN", "EUR", "4.000000", "0.02"),  # 0.015 → 0.02
        ("100.00", "EUR", "PLN", "4.334000", "433.40"),
        ("0.01", "EUR", "PLN", "4.500000", "0.05"),  # 0.045 → 0.05
        ("250.00", "PLN", "PLN", "4.334000", "250.00"),
    ],
    ids=["PLN to EUR", "half cent up", "1.5 cents up", "EUR to PLN", "EUR to PLN half cent", "same currency"],
)
def test_monthly_conversion(amount, currency, target, rate, expected):
    rates(PLN={NOV: rate})
    result = convert(amount=Decimal(amount), currency=currency, target=target, book=book({"PLN"}), rule=MONTHLY)
    assert result.amount == Decimal(expected)


def test_neither_side_eur_goes_through_eur():
    rates(PLN={NOV: "4.334000"}, CZK={NOV: "25.000000"})
    # 1 000 CZK ÷ 25 = 40.00 EUR; × 4.334 = 173.36 PLN
    result = convert(amount=Decimal("1000.00"), currency="CZK", target="PLN", book=book({"CZK", "PLN"}), rule=MONTHLY)
    assert result.amount == Decimal("173.36")
    assert result.rate == Decimal("5.768343")  # CZK per PLN
    assert "CZK 25.000000 per EUR" in result.basis and "PLN 4.334000 per EUR" in result.basis


def test_period_average_of_the_monthly_rates():
    months = months_between(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    rates(PLN=dict(zip(months, ["4.100000", "4.200000", "4.200000"], strict=True)))
    result = convert(amount=Decimal("416.67"), currency="PLN", target="EUR", book=book({"PLN"}, months), rule=AVERAGE)
    assert result.rate == Decimal("4.166667")  # 4.1666666… rounded to six places
    assert result.amount == Decimal("100.00")  # 416.67 ÷ 4.166667 = 100.0000…
    assert result.basis == "PLN 4.166667 per EUR (InforEuro average 2026-01 to 2026-03)"


def test_a_missing_month_is_named():
    months = months_between(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    rates(PLN={months[0]: "4.1", months[2]: "4.2"})
    with pytest.raises(MissingRates) as error:
        convert(amount=Decimal(1), currency="PLN", target="EUR", book=book({"PLN"}, months), rule=AVERAGE)
    assert error.value.missing == [("PLN", datetime.date(2026, 2, 1))]


@pytest.fixture
def pln_expense(world, client_for):
    """Velenje's bus tickets, 1 000.00 PLN, in travel (a category its budget gets here for them)."""
    programme = world.objects["programme"]
    programme.exchange_rate_rule = MONTHLY
    programme.save()
    BudgetLineFactory(partner=world.objects["partner_a"], category="travel", amount=Decimal("2000.00"))
    response = client_for(world.users["partner_same"]).post(
        "/api/expenses/",
        {
            "claim": world.objects["claim_a"].pk,
            "category": "travel",
            "description": "Bus tickets Jelenia Góra",
            "amount": "1000.00",
            "currency": "PLN",
            "incurred_on": "2026-10-20",
        },
        format="json",
    )
    assert response.status_code == 201
    return Expense.objects.get(pk=response.json()["id"])


def submit(world, client_for):
    """Velenje attaches the invoices and submits its claim (with the PLN line)."""
    supporting_documents_attached(world.objects["claim_a"], actor=world.users["partner_same"])
    return transition(client_for(world.users["partner_same"]), world.objects["claim_a"], "submit")


@SUBMITTED_IN_NOVEMBER
def test_a_claim_with_a_missing_rate_cannot_be_submitted_and_says_which(world, client_for, pln_expense):
    response = submit(world, client_for)
    assert response.status_code == 400
    assert response.json()["reasons"] == [
        "No exchange rate for PLN in 2026-11 (InforEuro): the cluster office's staff can add it under Exchange "
        "rates or import the month's CSV."
    ]
    assert PartnerClaim.objects.get(pk=world.objects["claim_a"].pk).status == "draft"


@SUBMITTED_IN_NOVEMBER
def test_rates_are_frozen_at_submission_and_later_edits_do_not_change_the_claim(world, client_for, pln_expense):
    rate = ExchangeRateFactory(currency="PLN", month=NOV, rate=Decimal("4.334000"), source="InforEuro")
    assert submit(world, client_for).status_code == 200

    pln_expense.refresh_from_db()
    assert pln_expense.converted_amount == Decimal("230.73")  # 1 000.00 PLN ÷ 4.334 = 230.7337…
    assert pln_expense.exchange_rate == Decimal("4.334000")
    assert pln_expense.rate_basis == "PLN 4.334000 per EUR (InforEuro 2026-11)"

    rate.rate = Decimal("5.000000")
    rate.save()
    claim = client_for(world.users["auditor"]).get(f"/api/partner-claims/{world.objects['claim_a'].pk}/").json()
    # 3 000.00 staff (EUR) + 230.73 travel; office and administration 15 % of staff = 450.00
    assert (claim["declared_total"], claim["flat_rate_total"], claim["total"]) == ("3230.73", "450.00", "3680.73")
    pln_expense.refresh_from_db()
    assert pln_expense.converted_amount == Decimal("230.73")


@SUBMITTED_IN_NOVEMBER
def test_a_returned_claim_is_a_draft_again_without_frozen_rates(world, client_for, pln_expense):
    ExchangeRateFactory(currency="PLN", month=NOV, rate=Decimal("4.334000"), source="InforEuro")
    assert submit(world, client_for).status_code == 200
    coordinator = client_for(world.users["coordinator"])
    response = transition(coordinator, world.objects["claim_a"], "return", comment="Add the invoice.")
    assert response.status_code == 200
    pln_expense.refresh_from_db()
    assert (pln_expense.converted_amount, pln_expense.exchange_rate, pln_expense.rate_basis) == (None, None, "")
    assert Expense.objects.get(pk=world.objects["expense"].pk).converted_amount == Decimal("3000.00")
