"""Reporting periods, their periodic reports and the indicator values reached in them."""

from rest_framework import serializers

from projects.models import IndicatorValue, PeriodicReport, ReportingPeriod

from .base import ModelSerializer


class ReportingPeriodSerializer(ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "project", "number", "start_date", "end_date", "report_due_date"]


class PeriodicReportSerializer(ModelSerializer):
    project = serializers.IntegerField(source="period.project_id", read_only=True)

    class Meta:
        model = PeriodicReport
        fields = ["id", "project", "period", "is_final", "narrative", "deviations", "status"]
        read_only_fields = ["period", "is_final", "status"]


class IndicatorValueSerializer(ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "period", "value", "note"]
