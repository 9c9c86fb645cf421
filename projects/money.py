"""Money: Decimal amounts with two places, rounded half-up to the cent, never float."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def to_cents(value: Decimal | int | str) -> Decimal:
    """Round to the cent, half-up (0.005 → 0.01), as funders' financial rules require."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, rate: Decimal) -> Decimal:
    """``rate`` percent of ``amount``, rounded to the cent."""
    return to_cents(amount * rate / Decimal(100))


def total(amounts: Iterable[Decimal]) -> Decimal:
    return to_cents(sum(amounts, ZERO))


class MoneyField(models.DecimalField):
    """An amount in a currency: up to 999 999 999 999.99, two decimal places."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_digits") == 14:
            del kwargs["max_digits"]
        if kwargs.get("decimal_places") == 2:
            del kwargs["decimal_places"]
        return name, path, args, kwargs
