"""The work plan: work packages, deliverables, milestones and indicators."""

from rest_framework import serializers

from projects.models import Deliverable, Indicator, Milestone, WorkPackage

from .base import ModelSerializer


class WorkPackageSerializer(ModelSerializer):
    class Meta:
        model = WorkPackage
        fields = ["id", "project", "number", "title", "lead_partner"]


class DeliverableSerializer(ModelSerializer):
    latest_version = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "project",
            "work_package",
            "code",
            "title",
            "description",
            "due_date",
            "responsible_partner",
            "dissemination_level",
            "type",
            "status",
            "latest_version",
        ]
        read_only_fields = ["status"]


class MilestoneSerializer(ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "project", "code", "title", "due_date", "achieved_on"]


class IndicatorSerializer(ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "project", "code", "name", "unit", "baseline", "target"]
