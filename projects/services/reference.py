"""Programmes with their flat rates, and a month's exchange rates imported at once (the other reference
data is written through the record services)."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from projects import access
from projects.models import ExchangeRate, FlatRate, Programme
from projects.rates_csv import read_rates

from .records import given_twice, record_create, record_update


@transaction.atomic
def programme_save(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], programme: Programme | None = None
) -> Programme:
    """Create or change a programme; ``flat_rates``, when given, replace its flat rates whole."""
    data = dict(data)
    flat_rates = data.pop("flat_rates", None)
    programme = record_update(instance=programme or Programme(), actor=actor, data=data)
    if flat_rates is not None:
        _flat_rates_replace(programme=programme, flat_rates=list(flat_rates))
    return programme


def _flat_rates_replace(*, programme: Programme, flat_rates: Iterable[Mapping[str, Any]]) -> None:
    """Write the new flat rates, then validate each against the others and the programme's projects
    (``FlatRate.clean``): the whole list is judged as it will stand, and a refusal undoes all of it."""
    categories = [flat_rate["category"] for flat_rate in flat_rates]
    if repeated := given_twice(categories):
        raise ValidationError(
            {
                "flat_rates": gettext("Each category has one flat rate at most: %(categories)s.")
                % {"categories": ", ".join(repeated)}
            }
        )
    programme.flat_rates.exclude(category__in=categories).delete()
    saved = [
        FlatRate.objects.update_or_create(
            programme=programme,
            category=flat_rate["category"],
            defaults={"rate": flat_rate["rate"], "base": list(flat_rate["base"])},
        )[0]
        for flat_rate in flat_rates
    ]
    errors = []
    for flat_rate in saved:
        try:
            flat_rate.full_clean()
        except ValidationError as error:
            errors.extend(
                gettext("%(category)s: %(problem)s") % {"category": flat_rate.category, "problem": message}
                for message in error.messages
            )
    if errors:
        raise ValidationError({"flat_rates": errors})


@transaction.atomic
def exchange_rates_import(
    *, actor: AbstractBaseUser, data: bytes | str, month: date | None = None, source: str | None = None
) -> dict[str, int]:
    """Add or correct the rates of a CSV file (``projects.rates_csv``: ``currency,month,rate[,source]``
    or the Commission's InforEuro download), all or none; returns how many were added, updated and left
    unchanged. ``month`` is for a file that says none; ``source`` names a source the file does not.

    Used by ``manage.py import_rates`` and the admin's "Import rates from CSV" page alike.
    """
    access.require(actor, access.Action.EDIT_REFERENCE_DATA)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                gettext("The file is not UTF-8 text: save the CSV as UTF-8 and import it again.")
            ) from None
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for values in read_rates(data.removeprefix("\ufeff"), month=month, source=source):
        stored = ExchangeRate.objects.filter(currency=values["currency"], month=values["month"]).first()
        if stored is None:
            record_create(model=ExchangeRate, actor=actor, data=values)
            counts["added"] += 1
        elif (stored.rate, stored.source) != (values["rate"], values["source"]):
            record_update(instance=stored, actor=actor, data={"rate": values["rate"], "source": values["source"]})
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
