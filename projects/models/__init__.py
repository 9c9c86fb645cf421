"""The domain model. One module per part of the domain; everything is importable from here."""

from .delivery import (
    Deliverable,
    DeliverableFile,
    Indicator,
    Milestone,
    ProjectDocument,
    ProjectDocumentFile,
    WorkPackage,
)
from .organisations import Cluster, Organisation
from .periods import Expense, IndicatorValue, PartnerClaim, PeriodicReport, ReportingPeriod, SupportingDocument
from .programmes import Call, CostCategory, ExchangeRate, FlatRate, Programme
from .projects import BudgetLine, Partner, Project, ProjectMembership

__all__ = [
    "BudgetLine",
    "Call",
    "Cluster",
    "CostCategory",
    "Deliverable",
    "DeliverableFile",
    "ExchangeRate",
    "Expense",
    "FlatRate",
    "Indicator",
    "IndicatorValue",
    "Milestone",
    "Organisation",
    "Partner",
    "PartnerClaim",
    "PeriodicReport",
    "Project",
    "ProjectDocument",
    "ProjectDocumentFile",
    "ProjectMembership",
    "Programme",
    "ReportingPeriod",
    "SupportingDocument",
    "WorkPackage",
]
