"""Writes for generated documents: request one, render it (the task's body), fail it, sweep stuck jobs.

The job row is the source of truth. Each status change is a compare-and-set ``UPDATE … WHERE status =
<expected>`` through ``_move`` (the moves themselves are ``reporting.models.MOVES``), so of two
deliveries of the same task message only one starts rendering, and a finished document is never
rendered or stored again. The PDF is rendered completely in memory and stored in the same database
transaction that marks the job done; if that transaction fails, the stored file is removed again.
"""

import hashlib
import json
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from projects.models import Project, ReportingPeriod
from projects.selectors import project_role
from reporting import exports, figures
from reporting.models import MOVES, DocumentKind, DocumentStatus, GeneratedDocument
from reporting.pdf import EmbeddedFile, render_pdf
from workflows.errors import ActionForbidden, Invalid

logger = logging.getLogger(__name__)

Status = DocumentStatus
REQUESTING_ROLES = {"staff", "coordinator", "auditor"}
# A running job is failed this long after the hard time limit, which has killed its task by then.
RUNNING_GRACE_SECONDS = 60


def may_request_documents(*, user: AbstractBaseUser, project: Project) -> bool:
    """Staff, the project's coordinators and auditors request and download documents; partners do not."""
    return project_role(user=user, project=project) in REQUESTING_ROLES


def _move(document_id: int, source: str, target: str, **changes) -> bool:
    """Change the job's status from ``source`` to ``target`` unless someone else moved it first."""
    if target not in MOVES[source]:
        raise ValueError(f"A document job does not move from {source} to {target}.")
    return bool(GeneratedDocument.objects.filter(pk=document_id, status=source).update(status=target, **changes))


def _enqueue(document_id: int) -> None:
    """Send the render task once the job row is committed (the worker must find it).

    Robust: if the broker cannot be reached, the error is logged and the job stays queued, for the
    sweep to send again; the request that asked for it still gets its answer.
    """
    from reporting.tasks import render_document

    transaction.on_commit(lambda: render_document.delay(document_id), robust=True)


def document_request(
    *, project: Project, kind: str, period: ReportingPeriod | None, actor: AbstractBaseUser
) -> GeneratedDocument:
    """Queue a document for rendering; answers at once with the job (202 in the API)."""
    if not may_request_documents(user=actor, project=project):
        raise ActionForbidden("Only staff, coordinators and auditors request generated documents.")
    errors = []
    if period is not None and period.project_id != project.pk:
        errors.append(f"Period {period.number} belongs to another project than {project.acronym}.")
    if kind == DocumentKind.PROGRESS_REPORT and period is None:
        errors.append("A progress report is the report of one period: name the period.")
    if kind == DocumentKind.AUDIT_TRAIL and period is not None:
        errors.append("The audit trail covers the whole project: leave the period out.")
    if errors:
        raise Invalid("The document cannot be requested.", reasons=errors)
    with transaction.atomic():
        document = GeneratedDocument.objects.create(kind=kind, project=project, period=period, requested_by=actor)
        _enqueue(document.pk)
    return document


def _progress(document_id: int, percent: int) -> None:
    GeneratedDocument.objects.filter(pk=document_id, status=Status.RUNNING).update(progress=percent)


def document_html(document: GeneratedDocument, report: figures.Report, *, generated_at: datetime) -> str:
    generated_at = timezone.localtime(generated_at)
    footer = f"Generated {generated_at:%Y-%m-%d %H:%M} {generated_at.tzname()} · document {document.pk}"
    return render_to_string(
        report.template,
        {
            **report.context,
            "document": document,
            "title": report.title,
            "subject": report.subject,
            "generated_at": generated_at,
            "footer": footer,
        },
    )


def document_attachments(report: figures.Report) -> list[EmbeddedFile]:
    """The figures as JSON, and each table as CSV: the machine-readable copy of the report."""
    attachments = [
        EmbeddedFile(
            name="figures.json",
            content=json.dumps(report.data, ensure_ascii=False, indent=2).encode(),
            description=f"The figures of “{report.title}” as JSON",
        )
    ]
    for table in report.tables:
        attachments.append(
            EmbeddedFile(
                name=f"{table.name}.csv",
                content=exports.csv_bytes(table.columns, table.rows),
                description=f"The {table.name} table of “{report.title}” as CSV",
            )
        )
    return attachments


def document_render(*, document_id: int) -> GeneratedDocument | None:
    """Render and store a queued document; returns it done, or None when there was nothing to do.

    Nothing to do: the job is no longer queued (another delivery of the task took it, it is done, or
    it failed). Errors propagate to the task, which fails or retries the job.
    """
    started = timezone.now()
    if not _move(
        document_id, Status.QUEUED, Status.RUNNING, started_at=started, attempts=F("attempts") + 1, progress=5, error=""
    ):
        logger.info("Document %s is not queued any more: this delivery has nothing to do.", document_id)
        return None
    document = GeneratedDocument.objects.select_related("project", "period", "requested_by").get(pk=document_id)
    report = figures.build(document)
    _progress(document_id, 20)
    html = document_html(document, report, generated_at=started)
    _progress(document_id, 35)
    rendered = render_pdf(
        html=html,
        attachments=document_attachments(report),
        on_laid_out=lambda pages: _progress(document_id, 80),
    )
    _progress(document_id, 95)
    return _store(document_id, rendered.content, pages=rendered.pages)


def _store(document_id: int, content: bytes, *, pages: int) -> GeneratedDocument | None:
    """Store the PDF and mark the job done, in one transaction; a job no longer running keeps nothing."""
    stored_name = None
    try:
        with transaction.atomic():
            document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
            if document.status != Status.RUNNING or document.file:
                logger.warning(
                    "Document %s became %s while rendering: the PDF is discarded.", document_id, document.status
                )
                return None
            document.file.save(document.download_name, ContentFile(content), save=False)
            stored_name = document.file.name
            document.status = Status.DONE
            document.progress = 100
            document.sha256 = hashlib.sha256(content).hexdigest()
            document.size = len(content)
            document.pages = pages
            document.finished_at = timezone.now()
            document.save()
    except BaseException:
        if stored_name:
            document.file.storage.delete(stored_name)
        raise
    return document


def document_fail(*, document_id: int, error: str) -> bool:
    """Record why a job failed (from queued or running); False if it had already finished."""
    changes = {"error": error[:2000], "finished_at": timezone.now()}
    return _move(document_id, Status.RUNNING, Status.FAILED, **changes) or _move(
        document_id, Status.QUEUED, Status.FAILED, **changes
    )


def document_release(*, document_id: int) -> bool:
    """Put a running job back in the queue, for a retry after a transient error."""
    return _move(
        document_id, Status.RUNNING, Status.QUEUED, progress=0, queued_at=timezone.now(), deliveries=F("deliveries") + 1
    )


def documents_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Re-queue jobs that waited too long in ``queued``; fail jobs ``running`` past the time limit.

    Run by beat every ``DOCUMENT_SWEEP_SECONDS`` (and by ``manage.py sweep_documents``). A job queued
    more than ``DOCUMENT_MAX_DELIVERIES`` times fails, naming the reason, instead of waiting forever.
    """
    now = now or timezone.now()
    requeued = failed = 0
    waited = now - timedelta(seconds=settings.DOCUMENT_QUEUED_TIMEOUT)
    for document in GeneratedDocument.objects.filter(status=Status.QUEUED, queued_at__lt=waited):
        if document.deliveries >= settings.DOCUMENT_MAX_DELIVERIES:
            error = (
                f"No worker started rendering after {document.deliveries} deliveries of the task: check that a "
                "Celery worker is running, then request the document again."
            )
            failed += _move(document.pk, Status.QUEUED, Status.FAILED, error=error, finished_at=now)
            continue
        with transaction.atomic():
            moved = GeneratedDocument.objects.filter(
                pk=document.pk, status=Status.QUEUED, queued_at=document.queued_at
            ).update(queued_at=now, deliveries=F("deliveries") + 1)
            if moved:
                _enqueue(document.pk)
                requeued += 1
    limit = settings.DOCUMENT_TIME_LIMIT
    overdue = now - timedelta(seconds=limit + RUNNING_GRACE_SECONDS)
    error = (
        f"Rendering did not finish within the limit of {limit} seconds: the worker stopped or was killed. "
        "Request the document again."
    )
    for document_id in GeneratedDocument.objects.filter(status=Status.RUNNING, started_at__lt=overdue).values_list(
        "pk", flat=True
    ):
        failed += _move(document_id, Status.RUNNING, Status.FAILED, error=error, finished_at=now)
    if requeued or failed:
        logger.warning("Document sweep: %s re-queued, %s failed.", requeued, failed)
    return {"requeued": requeued, "failed": failed}
