"""A project's data, for its members: the project, its consortium, work plan, periods and documents.

Each list is what ``access.visible`` lets the user see: staff see everything, other users the
projects they are members of.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from projects.access import visible
from projects.models import (
    Deliverable,
    Indicator,
    IndicatorValue,
    Milestone,
    Partner,
    PeriodicReport,
    Project,
    ProjectDocument,
    ProjectDocumentFile,
    ProjectMembership,
    ReportingPeriod,
    WorkPackage,
)
from workflows.models import TransitionLog
from workflows.services import history


def project_list(*, user: AbstractBaseUser) -> QuerySet[Project]:
    return visible(user, Project.objects.with_budget_data())


def partner_list(*, user: AbstractBaseUser) -> QuerySet[Partner]:
    queryset = Partner.objects.select_related("organisation", "project__call__programme").prefetch_related(
        "budget_lines", "project__call__programme__flat_rates"
    )
    return visible(user, queryset)


def membership_list(*, user: AbstractBaseUser) -> QuerySet[ProjectMembership]:
    return visible(user, ProjectMembership.objects.select_related("user", "project"))


def work_package_list(*, user: AbstractBaseUser) -> QuerySet[WorkPackage]:
    return visible(user, WorkPackage.objects.all())


def deliverable_list(*, user: AbstractBaseUser) -> QuerySet[Deliverable]:
    queryset = Deliverable.objects.annotate(latest_version=Max("versions__version")).order_by(
        *Deliverable._meta.ordering
    )
    return visible(user, queryset)


def milestone_list(*, user: AbstractBaseUser) -> QuerySet[Milestone]:
    return visible(user, Milestone.objects.all())


def reporting_period_list(*, user: AbstractBaseUser) -> QuerySet[ReportingPeriod]:
    return visible(user, ReportingPeriod.objects.all())


def periodic_report_list(*, user: AbstractBaseUser) -> QuerySet[PeriodicReport]:
    return visible(user, PeriodicReport.objects.select_related("period"))


def indicator_list(*, user: AbstractBaseUser) -> QuerySet[Indicator]:
    return visible(user, Indicator.objects.all())


def indicator_value_list(*, user: AbstractBaseUser) -> QuerySet[IndicatorValue]:
    return visible(user, IndicatorValue.objects.select_related("indicator"))


def project_document_list(*, user: AbstractBaseUser) -> QuerySet[ProjectDocument]:
    versions = Prefetch("versions", queryset=ProjectDocumentFile.objects.select_related("uploaded_by"))
    return visible(user, ProjectDocument.objects.prefetch_related(versions))


def last_review_of(deliverable: Deliverable) -> datetime | None:
    """When the coordinator last accepted the deliverable or asked for changes, from the transition log."""
    reviews = history(obj=deliverable).filter(transition__in=["accept", "request_changes"])
    return reviews.order_by("-id").values_list("created_at", flat=True).first()


def late_submission_of(deliverable: Deliverable) -> TransitionLog | None:
    """The deliverable's latest submission made after its due date (on the instance's clock), whose comment
    is the justification the submission needed; None when it was never submitted late."""
    submissions = history(obj=deliverable).filter(transition="submit").order_by("-created_at", "-id")
    for row in submissions:
        if timezone.localdate(row.created_at) > deliverable.due_date:
            return row
    return None
