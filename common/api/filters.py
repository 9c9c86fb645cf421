"""The base of every filter set: foreign keys are filtered by id, checked to be in the database's range, and
datetimes are checked to be moments the database can compare."""

import datetime
import re

import django_filters as filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.api.fields import MAX_ID, datetime_problem, is_id


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)

    def to_python(self, value):
        # int() reads "١٢" as 12; an id is written in ASCII digits (and "²" is refused, not a server error).
        if value not in self.empty_values and not is_id(str(value).strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.Filter):
    """Rows related to the object with this id."""

    field_class = IdField


class AwareDateTimeField(IsoDateTimeField):
    """An ISO 8601 datetime (without an offset: in the instance's time zone) that the database can compare:
    PostgreSQL refuses offsets from ±16:00 on, and SQLite compares in UTC, where 9999-12-31T23:59:59-12:00
    is past the year 9999."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and (problem := datetime_problem(moment)):
            raise forms.ValidationError(problem, code="out_of_range")
        return moment


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeFilter(filters.IsoDateTimeFilter):
    """Rows by a datetime field, the value checked by ``AwareDateTimeField``."""

    field_class = AwareDateTimeField


class MonthField(forms.CharField):
    """A calendar month as ``YYYY-MM``, as the first day of that month (how months are stored)."""

    default_error_messages = {"invalid": _("Give the month as YYYY-MM, e.g. 2026-11.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        match = re.fullmatch(r"([0-9]{4})-(0[1-9]|1[0-2])", value)
        if not match or match.group(1) == "0000":
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)


@extend_schema_field({"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$", "example": "2026-11"})
class MonthFilter(filters.Filter):
    """Rows of one calendar month (a date field holding the month's first day)."""

    field_class = MonthField


class FilterSet(filters.FilterSet):
    """Foreign keys are filtered by id, checked to be in the database's range; datetimes by checked moments."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.ManyToManyField: {"filter_class": IdFilter},
        models.DateTimeField: {"filter_class": AwareDateTimeFilter},
    }
