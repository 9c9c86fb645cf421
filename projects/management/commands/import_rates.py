"""Import a month's exchange rates from a CSV file: ``currency,month,rate[,source]`` or the Commission's
InforEuro monthly download (``projects.rates_csv`` tells them apart by the header).

Idempotent: a rate already there for the currency and month is updated only if it differs. The whole
file is checked first; one bad line imports nothing and says which line and why. The admin's "Import
rates from CSV" page calls the same service.
"""

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.errors import ServiceError
from projects import services


def month_argument(text: str) -> date:
    match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text)
    if not match:
        raise CommandError(f"--month {text!r} is not YYYY-MM.")
    return date(int(match[1]), int(match[2]), 1)


class Command(BaseCommand):
    help = (
        "Import monthly exchange rates (units per 1 EUR) from a CSV file: currency,month,rate[,source], or the "
        "InforEuro monthly download (give --month if the file has no date column). The import is made by the "
        "staff user named with --by, as if they entered the rates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV: currency,month,rate[,source] or InforEuro's download")
        parser.add_argument("--by", required=True, metavar="USERNAME", help="the staff user the import is made by")
        parser.add_argument("--month", metavar="YYYY-MM", help="the month of a file that names none per row")
        parser.add_argument("--source", help="the rates' source where the file names none (default: InforEuro)")

    def handle(self, *args, file, by, month=None, source=None, **options):
        actor = get_user_model()._default_manager.filter(username=by).first()
        if actor is None:
            raise CommandError(f"There is no user {by!r}: name the staff user the import is made by.")
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            counts = services.exchange_rates_import(
                actor=actor, data=data, month=month_argument(month) if month else None, source=source
            )
        except ServiceError as error:
            raise CommandError(f"Nothing imported: {error.message}") from error
        except ValidationError as error:
            raise CommandError("Nothing imported:\n" + "\n".join(error.messages)) from error
        self.stdout.write(
            f"{counts['added']} rates added, {counts['updated']} updated, {counts['unchanged']} unchanged."
        )
