"""The REST API's routes under /api/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from workflows.api import WorkflowViewSet

from . import views

router = DefaultRouter()
router.register("users", views.UserViewSet, basename="user")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("calls", views.CallViewSet, basename="call")
router.register("exchange-rates", views.ExchangeRateViewSet, basename="exchange-rate")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("partners", views.PartnerViewSet, basename="partner")
router.register("members", views.MembershipViewSet, basename="member")
router.register("work-packages", views.WorkPackageViewSet, basename="work-package")
router.register("deliverables", views.DeliverableViewSet, basename="deliverable")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("reporting-periods", views.ReportingPeriodViewSet, basename="reporting-period")
router.register("partner-claims", views.PartnerClaimViewSet, basename="partner-claim")
router.register("expenses", views.ExpenseViewSet, basename="expense")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-values", views.IndicatorValueViewSet, basename="indicator-value")
router.register("periodic-reports", views.PeriodicReportViewSet, basename="periodic-report")
router.register("project-documents", views.ProjectDocumentViewSet, basename="project-document")

# The machines' descriptions are not a resource of rows: no pages, filters or access matrix.
workflow_router = DefaultRouter(trailing_slash=True)
workflow_router.include_root_view = False
workflow_router.register("workflows", WorkflowViewSet, basename="workflow")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("", include(router.urls)),
    path("", include(workflow_router.urls)),
]
