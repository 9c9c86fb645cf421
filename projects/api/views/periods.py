"""Reporting periods, their periodic reports and indicator values."""

from common.api.views import EDIT_ONLY, WITHOUT_DELETE
from projects import selectors, services
from workflows.api import WorkflowActionsMixin

from .. import filters, serializers
from .base import RecordViewSet


class ReportingPeriodViewSet(RecordViewSet):
    """Periods are generated when the grant agreement is signed and stay editable; a new one brings its
    report and claims."""

    selector = staticmethod(selectors.reporting_period_list)
    serializer_class = serializers.ReportingPeriodSerializer
    filterset_class = filters.ReportingPeriodFilter
    ordering_fields = ["number", "start_date", "report_due_date"]
    http_method_names = WITHOUT_DELETE

    def create_record(self, data):
        return services.reporting_period_create(actor=self.request.user, data=data)


class PeriodicReportViewSet(WorkflowActionsMixin, RecordViewSet):
    """One report per period, created with it: coordinators write the narrative and deviations."""

    selector = staticmethod(selectors.periodic_report_list)
    serializer_class = serializers.PeriodicReportSerializer
    filterset_class = filters.PeriodicReportFilter
    search_fields = ["narrative", "deviations"]
    ordering_fields = ["period__number", "period__end_date", "status"]
    http_method_names = EDIT_ONLY

    def update_record(self, instance, data):
        return services.periodic_report_update(actor=self.request.user, report=instance, data=data)


class IndicatorValueViewSet(RecordViewSet):
    selector = staticmethod(selectors.indicator_value_list)
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter
    search_fields = ["note"]
    ordering_fields = ["period__number", "value"]
    http_method_names = WITHOUT_DELETE
