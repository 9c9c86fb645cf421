"""Projects and their consortium: partners with their budget lines."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.fields import MoneyField
from projects.models import BudgetLine, Partner, Project

from .base import ModelSerializer


class ProjectSerializer(ModelSerializer):
    lead_partner = serializers.SerializerMethodField()
    total_budget = MoneyField(read_only=True)
    requested_grant = MoneyField(read_only=True)
    granted_amount = MoneyField(read_only=True, allow_null=True)
    currency = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "acronym",
            "title",
            "summary",
            "cluster",
            "call",
            "start_date",
            "end_date",
            "status",
            "lead_partner",
            "total_budget",
            "requested_grant",
            "granted_amount",
            "funder_reference",
            "currency",
        ]
        read_only_fields = ["status", "funder_reference"]

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="The lead partner's id"))
    def get_lead_partner(self, project: Project) -> int | None:
        lead = project.lead_partner
        return lead.pk if lead else None


class BudgetLineSerializer(serializers.ModelSerializer):
    amount = MoneyField()

    class Meta:
        model = BudgetLine
        fields = ["category", "amount"]
        validators = []  # the partner is set by the service, which judges the budget whole


class PartnerSerializer(ModelSerializer):
    budget_lines = BudgetLineSerializer(many=True, required=False, help_text="The whole budget, written at once")
    budget_total = MoneyField(read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "project", "organisation", "role", "budget_lines", "budget_total"]
