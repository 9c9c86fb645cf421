"""Reads of generated documents, scoped by the access policy's ``READ_DOCUMENTS``: staff, the project's
coordinators and auditors; and a project's history, which the audit trail prints and the project page shows.

Partners do not request or read generated documents (they hold every partner's figures), so for a
partner the documents do not exist (404), as DESIGN.md's access table says.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from projects import selectors
from projects.access import Action, scoped
from projects.models import Deliverable, Indicator, PartnerClaim, PeriodicReport, Project
from reporting.models import GeneratedDocument
from workflows.models import TransitionLog


def document_list(*, user: AbstractBaseUser) -> QuerySet[GeneratedDocument]:
    """The documents of the projects whose documents the user may read (staff: all)."""
    queryset = GeneratedDocument.objects.select_related("project", "period", "requested_by")
    return scoped(queryset, user, Action.READ_DOCUMENTS, project="project")


def document_file_missing(document: GeneratedDocument) -> bool:
    """Whether a finished document's stored PDF is gone from the storage (lost, to be restored from backup)."""
    return not document.file.name or not document.file.storage.exists(document.file.name)


def document_by_hash(*, user: AbstractBaseUser, sha256: str) -> GeneratedDocument | None:
    """The finished document with this SHA-256 among those the user may read, or None."""
    return document_list(user=user).filter(status=GeneratedDocument.Status.DONE, sha256=sha256).first()


# --- A project's history ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One transition taken: its log row and the object it moved (the project, or one of its deliverables,
    partner claims or periodic reports)."""

    log: TransitionLog
    subject: models.Model


def _history_subjects(project: Project, user: AbstractBaseUser | None) -> list[models.Model]:
    if user is None:
        deliverables = Deliverable.objects.all()
        claims = PartnerClaim.objects.all()
        reports = PeriodicReport.objects.all()
    else:
        deliverables = selectors.deliverable_list(user=user)
        claims = selectors.partner_claim_list(user=user)  # a partner: its own organisation's claims only
        reports = selectors.periodic_report_list(user=user)
    return [
        project,
        *deliverables.filter(project=project),
        *claims.filter(partner__project=project).select_related("partner__organisation", "period"),
        *reports.filter(period__project=project).select_related("period"),
    ]


def project_history(*, project: Project, user: AbstractBaseUser | None = None) -> list[HistoryEntry]:
    """Every transition of the project and of its deliverables, partner claims and periodic reports, in the
    order they happened (time, then log row: history replayed with its original times is logged later than
    it happened).

    With ``user``, only the transitions of objects that user may see: a partner reads its own organisation's
    claims, not the others' (``partner_claim_list``). Without, every object's: the audit trail, which only
    those who see every claim may request.
    """
    subjects = {(type(subject)._meta.label, subject.pk): subject for subject in _history_subjects(project, user)}
    ids: dict[str, list[int]] = {}
    for label, pk in subjects:
        ids.setdefault(label, []).append(pk)
    scope = Q(pk__in=[])
    for label, pks in ids.items():
        scope |= Q(object_type=label, object_id__in=pks)
    logs = TransitionLog.objects.filter(scope).select_related("actor").order_by("created_at", "id")
    return [HistoryEntry(log, subjects[(log.object_type, log.object_id)]) for log in logs]


# --- Indicators ------------------------------------------------------------------------------------


def indicators_achieved(*, user: AbstractBaseUser, project: Project) -> QuerySet[Indicator]:
    """The project's indicators with ``achieved``: their values added up over every reporting period so far,
    as the progress report adds them up to its period."""
    zero = Value(0, output_field=DecimalField(max_digits=14, decimal_places=2))
    return (
        selectors.indicator_list(user=user)
        .filter(project=project)
        .annotate(achieved=Coalesce(Sum("values__value"), zero))
        .order_by("code")
    )
