"""Projects and their consortium, with budget vs actual per partner and cost category."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from common.api.views import WITHOUT_DELETE
from projects import access, selectors, services
from projects.models import Partner, Project
from workflows.api import WorkflowActionsMixin

from .. import filters, serializers
from .base import RecordViewSet


def budget_response(*, user, project: Project, partners) -> Response:
    """Budget vs actual for the partners of ``project`` whose spending ``user`` may see."""
    figures = selectors.budget_vs_actual(partners=partners & selectors.money_partner_list(user=user))
    body = {
        "project": project.pk,
        "currency": project.currency,
        "partners": figures,
        "totals": selectors.budget_totals(figures),
    }
    return Response(serializers.BudgetSerializer(body).data)


class ProjectViewSet(WorkflowActionsMixin, RecordViewSet):
    """Projects: members see their own; staff and coordinators create and edit. Nothing with history is deleted."""

    selector = staticmethod(selectors.project_list)
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    search_fields = ["acronym", "title", "summary", "funder_reference"]
    ordering_fields = ["acronym", "start_date", "end_date", "status", "title"]
    http_method_names = WITHOUT_DELETE

    @extend_schema(responses=serializers.BudgetSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def budget(self, request, pk=None):
        """Budget vs actual per partner and cost category (a partner sees only its own organisation)."""
        project = self.get_object()
        return budget_response(user=request.user, project=project, partners=Partner.objects.filter(project=project))

    def create_record(self, data):
        return services.project_create(actor=self.request.user, data=data)


class PartnerViewSet(RecordViewSet):
    """The consortium with each partner's budget; budget lines are written whole with the partner."""

    selector = staticmethod(selectors.partner_list)
    serializer_class = serializers.PartnerSerializer
    filterset_class = filters.PartnerFilter
    search_fields = ["organisation__name", "organisation__short_name"]
    ordering_fields = ["role", "organisation__name"]
    http_method_names = WITHOUT_DELETE

    @extend_schema(responses=serializers.BudgetSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[], url_path="budget")
    def budget(self, request, pk=None):
        """This partner's budget vs actual per cost category."""
        partner = self.get_object()
        if not access.may(request.user, access.Action.VIEW_MONEY, partner):
            raise NotFound("No such partner's spending is visible to you.")
        return budget_response(
            user=request.user, project=partner.project, partners=Partner.objects.filter(pk=partner.pk)
        )

    def create_record(self, data):
        data = dict(data)
        lines = data.pop("budget_lines", [])
        return services.partner_create(actor=self.request.user, data=data, budget_lines=lines)

    def update_record(self, instance, data):
        data = dict(data)
        lines = data.pop("budget_lines", None)
        return services.partner_update(actor=self.request.user, partner=instance, data=data, budget_lines=lines)
