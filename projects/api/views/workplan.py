"""The work plan: work packages, deliverables with their files, milestones and indicators."""

from common.api.views import WITHOUT_DELETE
from projects import selectors, services
from workflows.api import WorkflowActionsMixin

from .. import filters, serializers
from .base import FilesMixin, RecordViewSet


class WorkPackageViewSet(RecordViewSet):
    selector = staticmethod(selectors.work_package_list)
    serializer_class = serializers.WorkPackageSerializer
    filterset_class = filters.WorkPackageFilter
    search_fields = ["title"]
    ordering_fields = ["number", "title"]


class DeliverableViewSet(WorkflowActionsMixin, FilesMixin, RecordViewSet):
    """Deliverables: staff and coordinators plan them; the responsible partner uploads versions and submits."""

    selector = staticmethod(selectors.deliverable_list)
    serializer_class = serializers.DeliverableSerializer
    filterset_class = filters.DeliverableFilter
    search_fields = ["code", "title", "description"]
    ordering_fields = ["due_date", "code", "title", "status"]

    def perform_destroy(self, instance):
        services.deliverable_delete(actor=self.request.user, deliverable=instance)


class MilestoneViewSet(RecordViewSet):
    selector = staticmethod(selectors.milestone_list)
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filters.MilestoneFilter
    search_fields = ["code", "title"]
    ordering_fields = ["due_date", "code", "achieved_on"]


class IndicatorViewSet(RecordViewSet):
    selector = staticmethod(selectors.indicator_list)
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]
    http_method_names = WITHOUT_DELETE
