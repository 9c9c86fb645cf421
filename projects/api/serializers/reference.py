"""Organisations, clusters, programmes with their flat rates, calls and exchange rates."""

from decimal import Decimal

from rest_framework import serializers

from common.api.fields import AwareDateTimeField, MoneyField, MonthField, RateField
from projects.models import Call, Cluster, CostCategory, ExchangeRate, FlatRate, Organisation, Programme

from .base import ModelSerializer


class OrganisationSerializer(ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "country", "city", "vat_number", "pic", "website"]


class ClusterSerializer(ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["id", "name", "country", "coordinating_organisation", "members", "description"]
        extra_kwargs = {"members": {"required": False}}


class FlatRateSerializer(serializers.ModelSerializer):
    base = serializers.ListField(child=serializers.ChoiceField(choices=CostCategory.choices), allow_empty=False)

    class Meta:
        model = FlatRate
        fields = ["category", "rate", "base"]
        validators = []  # the programme is set by the service, which judges the list whole


class ProgrammeSerializer(ModelSerializer):
    flat_rates = FlatRateSerializer(many=True, required=False)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "code",
            "currency",
            "reporting_period_months",
            "report_due_days",
            "exchange_rate_rule",
            "unbudgeted_categories_allowed",
            "supporting_documents_required",
            "flat_rates",
        ]


class CallSerializer(ModelSerializer):
    deadline = AwareDateTimeField()
    max_grant = MoneyField()

    class Meta:
        model = Call
        fields = ["id", "programme", "identifier", "title", "opens_on", "deadline", "co_financing_rate", "max_grant"]


class ExchangeRateSerializer(ModelSerializer):
    month = MonthField()
    rate = RateField(min_value=Decimal("0.000001"), help_text="Units of the currency per 1 EUR")

    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "month", "rate", "source"]
