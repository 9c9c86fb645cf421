"""Converting expense amounts into the programme's currency, by the programme's exchange-rate rule.

Rates are units of a currency per 1 EUR, one per month. EUR = amount ÷ rate, rounded half-up to the
cent; into another programme currency the EUR amount is multiplied by that currency's rate and
rounded again. Two rules (DESIGN.md):

- ``monthly_at_submission`` (Interreg): the monthly accounting rate (InforEuro) of the month the
  claim is submitted in, in the instance's time zone;
- ``period_average`` (EU grant agreements): the average of the rates over the reporting period's
  months, rounded half-up to six decimals.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from projects.models import ExchangeRate, PartnerClaim, Programme, ReportingPeriod
from projects.money import to_cents

EUR = "EUR"
RATE_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Rate:
    """Units of ``currency`` per 1 EUR, and where it comes from."""

    currency: str
    value: Decimal
    basis: str


@dataclass(frozen=True)
class Conversion:
    amount: Decimal  # in the programme's currency, to the cent
    rate: Decimal  # units of the expense's currency per 1 unit of the programme's currency
    basis: str


class MissingRates(Exception):
    def __init__(self, missing: list[tuple[str, date]]) -> None:
        self.missing = missing
        super().__init__(", ".join(f"{currency} {month:%Y-%m}" for currency, month in missing))


def months_between(start: date, end: date) -> list[date]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class RateBook:
    """The rates one claim needs, read once: every currency × every month in question."""

    def __init__(self, currencies: set[str], months: list[date]) -> None:
        self.months = months
        rows = ExchangeRate.objects.filter(currency__in=currencies - {EUR}, month__in=months)
        self.rates = {(row.currency, row.month): row for row in rows}

    def rate(self, currency: str, *, rule: str) -> Rate:
        if currency == EUR:
            return Rate(EUR, Decimal(1), "EUR")
        missing = [(currency, month) for month in self.months if (currency, month) not in self.rates]
        if missing:
            raise MissingRates(missing)
        rows = [self.rates[currency, month] for month in self.months]
        if rule == Programme.ExchangeRateRule.MONTHLY_AT_SUBMISSION:
            row = rows[0]
            return Rate(currency, row.rate, f"{row.source} {row.month:%Y-%m}")
        average = (sum(row.rate for row in rows) / len(rows)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
        sources = ", ".join(sorted({row.source for row in rows}))
        return Rate(currency, average, f"{sources} average {rows[0].month:%Y-%m} to {rows[-1].month:%Y-%m}")


def rate_months(*, programme: Programme, period: ReportingPeriod, submitted_on: date) -> list[date]:
    if programme.exchange_rate_rule == Programme.ExchangeRateRule.MONTHLY_AT_SUBMISSION:
        return [submitted_on.replace(day=1)]
    return months_between(period.start_date, period.end_date)


def convert(*, amount: Decimal, currency: str, target: str, book: RateBook, rule: str) -> Conversion:
    """``amount`` in ``currency`` as ``target`` currency, through EUR; raises ``MissingRates``."""
    if currency == target:
        return Conversion(to_cents(amount), Decimal(1), f"{target} is the programme's currency")
    source_rate, target_rate = book.rate(currency, rule=rule), book.rate(target, rule=rule)
    in_eur = to_cents(amount / source_rate.value)
    converted = to_cents(in_eur * target_rate.value)
    rate = (source_rate.value / target_rate.value).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    bases = [f"{r.currency} {r.value} per EUR ({r.basis})" for r in (source_rate, target_rate) if r.currency != EUR]
    return Conversion(converted, rate, "; ".join(bases))


def claim_rate_book(claim: PartnerClaim, submitted_on: date) -> tuple[RateBook, Programme]:
    """The rates a claim submitted on ``submitted_on`` is converted with, and its programme."""
    programme = claim.partner.project.programme
    currencies = set(claim.expenses.values_list("currency", flat=True)) | {programme.currency}
    months = rate_months(programme=programme, period=claim.period, submitted_on=submitted_on)
    return RateBook(currencies, months), programme


def claim_missing_rates(claim: PartnerClaim, submitted_on: date) -> list[tuple[str, date]]:
    """Each rate (currency, month) the claim's lines need to be converted on ``submitted_on`` and lack."""
    book, programme = claim_rate_book(claim, submitted_on)
    missing: set[tuple[str, date]] = set()
    for currency in {*claim.expenses.values_list("currency", flat=True)} - {programme.currency}:
        for needed in (currency, programme.currency):
            try:
                book.rate(needed, rule=programme.exchange_rate_rule)
            except MissingRates as error:
                missing.update(error.missing)
    return sorted(missing)
