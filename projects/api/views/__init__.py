"""API views, one module per topic: each takes its queryset from a selector, validates the request's
shape with a serializer, writes through a service and answers with the serializer. Who may do what
is the access policy's (``projects.access``)."""

from .claims import ExpenseViewSet, PartnerClaimViewSet
from .consortium import PartnerViewSet, ProjectViewSet
from .documents import ProjectDocumentViewSet
from .people import MembershipViewSet, TokenView, UserViewSet
from .periods import IndicatorValueViewSet, PeriodicReportViewSet, ReportingPeriodViewSet
from .reference import CallViewSet, ClusterViewSet, ExchangeRateViewSet, OrganisationViewSet, ProgrammeViewSet
from .workplan import DeliverableViewSet, IndicatorViewSet, MilestoneViewSet, WorkPackageViewSet

__all__ = [
    "CallViewSet",
    "ClusterViewSet",
    "DeliverableViewSet",
    "ExchangeRateViewSet",
    "ExpenseViewSet",
    "IndicatorValueViewSet",
    "IndicatorViewSet",
    "MembershipViewSet",
    "MilestoneViewSet",
    "OrganisationViewSet",
    "PartnerClaimViewSet",
    "PartnerViewSet",
    "PeriodicReportViewSet",
    "ProgrammeViewSet",
    "ProjectDocumentViewSet",
    "ProjectViewSet",
    "ReportingPeriodViewSet",
    "TokenView",
    "UserViewSet",
    "WorkPackageViewSet",
]
