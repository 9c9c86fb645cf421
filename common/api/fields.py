"""Serializer fields for the API's formats: money with two places, rates, months, aware datetimes."""

import datetime
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class MoneyField(serializers.DecimalField):
    """A non-negative amount as a decimal string with two places, e.g. ``"1234.50"``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        if not kwargs.get("read_only"):
            kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


class RateField(serializers.DecimalField):
    """An exchange rate: units per 1 EUR, up to six decimals."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(**kwargs)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "example": "2026-11"})
class MonthField(serializers.Field):
    """A calendar month as ``YYYY-MM``, stored as its first day."""

    default_error_messages = {"invalid": _("Give the month as YYYY-MM from 1999 (the euro's start) on, e.g. 2026-11.")}
    pattern = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

    def to_internal_value(self, data):
        match = self.pattern.match(str(data))
        if not match or int(match.group(1)) < 1999:
            self.fail("invalid")
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def to_representation(self, value):
        return f"{value.year:04d}-{value.month:02d}"


# The world's time zones lie between UTC-12:00 and UTC+14:00; PostgreSQL refuses offsets from ±16:00 on.
MAX_UTC_OFFSET = datetime.timedelta(hours=14)


def datetime_problem(value: datetime.datetime) -> str | None:
    """Why an aware datetime cannot be stored or compared, or None: an offset no time zone has, or a moment
    outside the years 1–9999 once converted to UTC (Python's and the databases' range)."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        return gettext("The offset lies beyond ±14:00, which no time zone uses.")
    try:
        value.astimezone(datetime.UTC)
    except OverflowError:
        return gettext("The moment lies outside the years 1–9999 in UTC.")
    return None


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeField(serializers.DateTimeField):
    """A datetime that must carry its offset: a deadline without one would be read in an unknown zone."""

    default_error_messages = {
        "naive": _("Give the time zone offset too, for example 2026-03-01T12:00:00+01:00."),
    }

    def to_internal_value(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            self.fail("naive")
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:  # well formed but no such moment (February 30th): DRF's parsing says so below
                parsed = None
            if parsed is not None and timezone.is_naive(parsed):
                self.fail("naive")
            if parsed is not None and (problem := datetime_problem(parsed)):
                raise serializers.ValidationError(problem, code="out_of_range")
            return serializers.DateTimeField(default_timezone=datetime.UTC).to_internal_value(value)
        return super().to_internal_value(value)


# Ids are 64-bit integers in the database: a larger number in a request is an id that does not exist,
# never a query the database has to refuse.
MAX_ID = 2**63 - 1


def is_id(text: str) -> bool:
    """ASCII digits only: ``str.isdigit()`` also accepts "²", which ``int()`` refuses, and ``int()`` reads
    other scripts' digits ("١٢"), which are not how an id is written."""
    return text.isascii() and text.isdigit()


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key given by id; an id out of the database's range does not exist."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or not is_id(str(data)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < int(data) <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)
