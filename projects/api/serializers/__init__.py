"""The API's shapes, one module per topic (the rules are in the models and services)."""

from .base import STATUS_MESSAGE, ModelSerializer
from .claims import BudgetSerializer, ExpenseSerializer, PartnerClaimSerializer
from .consortium import PartnerSerializer, ProjectSerializer
from .documents import FileVersionSerializer, ProjectDocumentSerializer, UploadSerializer
from .people import (
    MembershipSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserSerializer,
)
from .periods import IndicatorValueSerializer, PeriodicReportSerializer, ReportingPeriodSerializer
from .reference import (
    CallSerializer,
    ClusterSerializer,
    ExchangeRateSerializer,
    OrganisationSerializer,
    ProgrammeSerializer,
)
from .workplan import DeliverableSerializer, IndicatorSerializer, MilestoneSerializer, WorkPackageSerializer

__all__ = [
    "STATUS_MESSAGE",
    "BudgetSerializer",
    "CallSerializer",
    "ClusterSerializer",
    "DeliverableSerializer",
    "ExchangeRateSerializer",
    "ExpenseSerializer",
    "FileVersionSerializer",
    "IndicatorSerializer",
    "IndicatorValueSerializer",
    "MeSerializer",
    "MembershipSerializer",
    "MilestoneSerializer",
    "ModelSerializer",
    "OrganisationSerializer",
    "PartnerClaimSerializer",
    "PartnerSerializer",
    "PeriodicReportSerializer",
    "ProgrammeSerializer",
    "ProjectDocumentSerializer",
    "ProjectSerializer",
    "ReportingPeriodSerializer",
    "TokenRequestSerializer",
    "TokenSerializer",
    "UploadSerializer",
    "UserSerializer",
    "WorkPackageSerializer",
]
