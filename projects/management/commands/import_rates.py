"""Import monthly exchange rates from a CSV file: currency, month (YYYY-MM), units per EUR, source.

Idempotent: a rate already there for the currency and month is updated only if it differs. The whole
file is checked first; one bad line imports nothing and says which line and why.
"""

import csv
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.errors import ServiceError
from projects import services
from projects.codes import CURRENCY_CODES

HEADER = ["currency", "month", "rate", "source"]


def parse(path: str) -> list[dict]:
    rows, errors = [], []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        for number, line in enumerate(reader, start=1):
            if number == 1 and [cell.strip().lower() for cell in line[:2]] == HEADER[:2]:
                continue  # a header line
            if not any(cell.strip() for cell in line):
                continue
            if len(line) != 4:
                errors.append(f"line {number}: expected 4 columns ({', '.join(HEADER)}), found {len(line)}")
                continue
            currency, month, rate, source = (cell.strip() for cell in line)
            match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", month)
            try:
                value = Decimal(rate)
            except InvalidOperation:
                value = None
            if currency not in CURRENCY_CODES or currency == "EUR":
                errors.append(f"line {number}: {currency!r} is not an ISO 4217 currency other than EUR")
            elif not match:
                errors.append(f"line {number}: month {month!r} is not YYYY-MM")
            elif value is None or value <= 0 or value.as_tuple().exponent < -6:
                errors.append(f"line {number}: rate {rate!r} is not a positive number with at most 6 decimals")
            elif not source:
                errors.append(f"line {number}: the source is missing (e.g. InforEuro)")
            else:
                rows.append(
                    {
                        "currency": currency,
                        "month": date(int(match[1]), int(match[2]), 1),
                        "rate": value,
                        "source": source,
                    }
                )
    if errors:
        raise CommandError("Nothing imported:\n" + "\n".join(errors))
    return rows


class Command(BaseCommand):
    help = (
        "Import monthly exchange rates (units per 1 EUR) from a CSV file: currency,month,rate,source. "
        "The import is made by the staff user named with --by, as if they entered the rates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV with columns currency, month (YYYY-MM), rate (units per EUR), source")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="the staff user the import is made by")

    def handle(self, *args, file, by, **options):
        actor = get_user_model()._default_manager.filter(username=by).first()
        if actor is None:
            raise CommandError(f"There is no user {by!r}: name the staff user the import is made by.")
        try:
            rows = parse(file)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            counts = services.exchange_rates_import(actor=actor, rates=rows)
        except ServiceError as error:
            raise CommandError(f"Nothing imported: {error.message}") from error
        except ValidationError as error:
            raise CommandError(f"Nothing imported: {' '.join(error.messages)}") from error
        self.stdout.write(
            f"{counts['added']} rates added, {counts['updated']} updated, {counts['unchanged']} unchanged."
        )
