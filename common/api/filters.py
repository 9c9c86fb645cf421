"""The base of every filter set: foreign keys are filtered by id, checked to be in the database's range."""

import django_filters as filters
from django import forms
from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.api.fields import MAX_ID


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.Filter):
    """Rows related to the object with this id."""

    field_class = IdField


class FilterSet(filters.FilterSet):
    """Foreign keys are filtered by id, checked to be in the database's range."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.ManyToManyField: {"filter_class": IdFilter},
    }
