"""A month's exchange rates read from a CSV file, in one of two layouts told apart by the header:

- **plain**: ``currency,month,rate`` and optionally ``source`` — ``PLN,2026-11,4.2345,InforEuro`` (the
  header line may be left out; without a source column the rates' source is the one given, by default
  InforEuro);
- **InforEuro**: the Commission's monthly download, one row per country, e.g.
  ``Country;Currency;ISO A3 code;ISO A2 code;Value;Start date;End date`` — the ISO 4217 code, the
  units per 1 EUR and the first day the rate applies. Separators (``,`` ``;`` tab) and decimal commas
  are accepted; euro-area rows (EUR) are skipped, and a currency several countries share (USD for the
  United States and Ecuador) counts once. Without a date column the month is the one given.

Every line is checked before anything is written; a problem is reported with its line number.
"""

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext

from projects.codes import CURRENCY_CODES

DEFAULT_SOURCE = "InforEuro"
PLAIN_COLUMNS = ("currency", "month", "rate", "source")
# InforEuro's column names, lower-cased without spaces or punctuation, by what they hold.
INFOREURO_CODE = {"isoa3code", "isoa3", "isocode", "iso", "currencyiso", "currencycode", "code", "isoa3currencycode"}
INFOREURO_RATE = {"value", "amount", "rate", "eurorate", "conversionrate", "euroamount"}
INFOREURO_DATE = {"startdate", "datestart", "start", "validfrom", "from", "date", "month", "period"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m", "%m/%Y", "%m.%Y")
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Layout:
    """Where a row's values are: column indexes (None: not in the file), and the source they come from."""

    name: str
    currency: int
    rate: int
    month: int | None
    source: int | None
    default_source: str
    header: bool


def _key(cell: str) -> str:
    return re.sub(r"[^a-z0-9]", "", cell.lower())


def _index(keys: Sequence[str], names: set[str]) -> int | None:
    return next((i for i, key in enumerate(keys) if key in names), None)


def _layout(first: Sequence[str], *, source: str | None) -> Layout:
    keys = [_key(cell) for cell in first]
    if keys[:3] == ["currency", "month", "rate"]:
        has_source = len(keys) > 3 and keys[3] == "source"
        return Layout("plain", 0, 2, 1, 3 if has_source else None, source or DEFAULT_SOURCE, header=True)
    code, rate = _index(keys, INFOREURO_CODE), _index(keys, INFOREURO_RATE)
    if code is not None and rate is not None:
        return Layout("InforEuro", code, rate, _index(keys, INFOREURO_DATE), None, source or "InforEuro", header=True)
    # No header: the plain layout's columns in order.
    return Layout("plain", 0, 2, 1, 3 if len(first) > 3 else None, source or DEFAULT_SOURCE, header=False)


def _decimal(text: str) -> Decimal | None:
    """A rate as written: ``4.2345``, ``4,2345`` (decimal comma), ``1 234,5`` or ``1,234.5``."""
    text = text.replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        thousands = "," if text.rfind(",") < text.rfind(".") else "."
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _month(text: str) -> date | None:
    if match := MONTH.fullmatch(text):
        return date(int(match[1]), int(match[2]), 1)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.splitlines()[0] if text.strip() else ""
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_rates(text: str, *, month: date | None = None, source: str | None = None) -> list[dict]:
    """The rates in ``text`` as ``{currency, month, rate, source}``; a ``ValidationError`` lists every bad
    line ("line 4: …") and nothing is returned then. ``month`` is the month of a file without one per
    row; ``source`` names the rates' source where the file does not."""
    lines = list(csv.reader(text.splitlines(), _dialect(text)))
    if not any(any(cell.strip() for cell in row) for row in lines):
        raise ValidationError(gettext("The file holds no rates."))
    layout = _layout(lines[0], source=source)
    if layout.month is None and month is None:
        if layout.name == "plain":
            message = gettext("The file (plain layout) says no month: give the month the rates are for (YYYY-MM).")
        else:
            message = gettext("The file (InforEuro layout) says no month: give the month the rates are for (YYYY-MM).")
        raise ValidationError(message)
    rates: dict[tuple[str, date], tuple[int, dict]] = {}
    errors = []
    for number, row in enumerate(lines, start=1):
        if (number == 1 and layout.header) or not any(cell.strip() for cell in row):
            continue
        try:
            rate = _row(row, layout, month)
        except ValueError as error:
            # Translators: one problem of a CSV file of exchange rates; %(problem)s is one of the texts below
            # that start with a small letter ("rate %(value)s is not a positive number …").
            errors.append(gettext("line %(number)s: %(problem)s") % {"number": number, "problem": error})
            continue
        if rate is None:
            continue  # a euro-area row
        key = (rate["currency"], rate["month"])
        if key in rates and rates[key][1]["rate"] != rate["rate"]:
            first, earlier = rates[key]
            errors.append(
                gettext("line %(number)s: %(currency)s %(month)s is %(rate)s here but %(earlier)s on line %(first)s")
                % {
                    "number": number,
                    "currency": key[0],
                    "month": f"{key[1]:%Y-%m}",
                    "rate": rate["rate"],
                    "earlier": earlier["rate"],
                    "first": first,
                }
            )
        rates.setdefault(key, (number, rate))
    if errors:
        raise ValidationError(errors)
    return [rate for _number, rate in rates.values()]


def _row(row: Sequence[str], layout: Layout, month: date | None) -> dict | None:
    cells = [cell.strip() for cell in row]
    needed = max(i for i in (layout.currency, layout.rate, layout.month, layout.source) if i is not None) + 1
    if len(cells) < needed:
        found = len(cells)
        if layout.name == "plain":
            # Translators: %(columns)s lists the columns' names as the file's header has them
            # ("currency, month, rate"): they stay in English.
            message = ngettext(
                "expected %(columns)s, found %(found)s column",
                "expected %(columns)s, found %(found)s columns",
                found,
            )
        else:
            message = ngettext(
                "expected %(needed)s columns, found %(found)s column",
                "expected %(needed)s columns, found %(found)s columns",
                found,
            )
        raise ValueError(message % {"columns": ", ".join(PLAIN_COLUMNS[:needed]), "needed": needed, "found": found})
    currency = cells[layout.currency].upper()
    if currency == "EUR" and layout.name == "InforEuro":
        return None  # euro-area countries: EUR is the base of every rate
    if currency not in CURRENCY_CODES or currency == "EUR":
        raise ValueError(
            gettext("%(currency)s is not an ISO 4217 currency other than EUR")
            % {"currency": repr(cells[layout.currency])}
        )
    if layout.month is not None:
        month = _month(cells[layout.month])
        if month is None:
            raise ValueError(
                gettext("month %(month)s is not YYYY-MM (or a date)") % {"month": repr(cells[layout.month])}
            )
    value = _decimal(cells[layout.rate])
    if value is None or value <= 0 or value.as_tuple().exponent < -6:
        raise ValueError(
            gettext("rate %(rate)s is not a positive number with at most 6 decimals")
            % {"rate": repr(cells[layout.rate])}
        )
    source = cells[layout.source] if layout.source is not None else layout.default_source
    if not source:
        raise ValueError(gettext("the source is missing (e.g. InforEuro)"))
    return {"currency": currency, "month": month, "rate": value, "source": source}
