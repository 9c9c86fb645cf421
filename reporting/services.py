"""Writes for generated documents: request one, start and render it (the task's body), fail or release
it, sweep stuck jobs.

The job row is the source of truth. Every status change but ``running → done`` is a compare-and-set
``UPDATE … WHERE status = <expected>`` through ``_move`` (the moves themselves are
``reporting.models.MOVES``), so of two deliveries of the same task message only one starts rendering;
it holds the job's render token, which storing, releasing and failing require, and a finished document
is never rendered or stored again. The PDF is rendered completely in memory; ``_store`` then locks the
job's row, checks that it is still running under this delivery's token, and stores the file and marks
the job done in that one transaction; if that transaction fails, the stored file is removed again.
"""

import hashlib
import json
import logging
import uuid
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from common.errors import Invalid
from projects import access
from projects.access import Action
from projects.models import Project, ReportingPeriod
from reporting import exports, figures
from reporting.figures.wording import DOCUMENT_LANGUAGE, datetime_text
from reporting.models import MOVES, DocumentStatus, GeneratedDocument
from reporting.pdf import EmbeddedFile, render_pdf

logger = logging.getLogger(__name__)

Status = DocumentStatus
# A running job is failed this long after the hard time limit, which has killed its task by then.
RUNNING_GRACE_SECONDS = 60
RENDER_TASK = "reporting.render_document"


def _move(document_id: int, source: str, target: str, *, owner: str | None = None, **changes) -> bool:
    """Change the job's status from ``source`` to ``target`` unless someone else moved it first.

    With ``owner``, only the delivery that holds that render token moves it.
    """
    if target not in MOVES[source]:
        raise ValueError(f"A document job does not move from {source} to {target}.")
    jobs = GeneratedDocument.objects.filter(pk=document_id, status=source)
    if owner is not None:
        jobs = jobs.filter(render_token=owner)
    return bool(jobs.update(status=target, **changes))


def _enqueue(document_id: int) -> None:
    """Send the render task once the job row is committed (the worker must find it).

    Robust: if the broker cannot be reached, the error is logged and the job stays queued, for the
    sweep to send again; the request that asked for it still gets its answer.
    """
    # By name, so that this module does not import the tasks module that imports it.
    task = current_app.signature(RENDER_TASK, args=(document_id,))
    transaction.on_commit(task.delay, robust=True)


def document_request(
    *, project: Project, kind: str, period: ReportingPeriod | None, actor: AbstractBaseUser
) -> GeneratedDocument:
    """Queue a document for rendering; answers at once with the job (202 in the API).

    The job is checked by the model (``GeneratedDocument.clean()``: what its kind asks of the project and
    the period); every broken rule is a reason of the ``Invalid`` error.
    """
    access.require(actor, Action.READ_DOCUMENTS, project)
    document = GeneratedDocument(kind=kind, project=project, period=period, requested_by=actor)
    try:
        document.full_clean()
    except ValidationError as error:
        raise Invalid(gettext("The document cannot be requested."), reasons=error.messages) from error
    with transaction.atomic():
        document.save()
        _enqueue(document.pk)
    return document


def _progress(document_id: int, percent: int) -> None:
    GeneratedDocument.objects.filter(pk=document_id, status=Status.RUNNING).update(progress=percent)


def document_html(document: GeneratedDocument, report: figures.Report, *, generated_at: datetime) -> str:
    generated_at = timezone.localtime(generated_at)
    footer = f"Generated {datetime_text(generated_at)} · document {document.pk}"
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


def document_start(*, document_id: int) -> str | None:
    """Start rendering a queued job: returns this delivery's render token, or None if it is not queued.

    Not queued: another delivery of the task took it, or it is done or failed. Only the holder of the
    token stores, releases or fails the job, so a duplicate delivery can never touch another's work.
    """
    token = uuid.uuid4().hex
    started = _move(
        document_id,
        Status.QUEUED,
        Status.RUNNING,
        render_token=token,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        progress=5,
        error="",
    )
    if not started:
        logger.info("Document %s is not queued any more: this delivery has nothing to do.", document_id)
    return token if started else None


def document_render(*, document_id: int, token: str) -> GeneratedDocument | None:
    """Render and store a started job; returns it done, or None if it stopped being this delivery's.

    Errors propagate to the task, which fails or retries the job.
    """
    document = GeneratedDocument.objects.select_related("project", "period", "requested_by").get(pk=document_id)
    # The documents are written in English whatever language the request that asked for one was in: the
    # task may run eagerly inside that request (a Polish page), and the labels and messages the figures
    # take from the domain (statuses, cost categories, transitions) are marked for translation. Documents
    # get a language of their own later; until then they are built and rendered in DOCUMENT_LANGUAGE.
    with translation.override(DOCUMENT_LANGUAGE):
        report = figures.build(document)
        _progress(document_id, 20)
        html = document_html(document, report, generated_at=document.started_at)
        _progress(document_id, 35)
        rendered = render_pdf(
            html=html,
            attachments=document_attachments(report),
            on_laid_out=lambda pages: _progress(document_id, 80),
        )
    _progress(document_id, 95)
    return _store(document_id, token, rendered.content, pages=rendered.pages)


def _store(document_id: int, token: str, content: bytes, *, pages: int) -> GeneratedDocument | None:
    """Store the PDF and mark the job done, in one transaction; a job no longer this delivery's keeps nothing."""
    stored_name = None
    try:
        with transaction.atomic():
            document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
            if document.status != Status.RUNNING or document.render_token != token:
                logger.warning("Document %s was %s meanwhile: this PDF is discarded.", document_id, document.status)
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


def document_fail(*, document_id: int, token: str, error: str) -> bool:
    """Record why this delivery's rendering failed; False if the job is not (or no longer) its own."""
    return _move(
        document_id, Status.RUNNING, Status.FAILED, owner=token, error=error[:2000], finished_at=timezone.now()
    )


def document_release(*, document_id: int, token: str) -> bool:
    """Put this delivery's job back in the queue, for a retry after a transient error."""
    return _move(
        document_id,
        Status.RUNNING,
        Status.QUEUED,
        owner=token,
        progress=0,
        queued_at=timezone.now(),
        deliveries=F("deliveries") + 1,
    )


def documents_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Send again the jobs whose message seems lost; fail jobs running past the time limit, and jobs that
    no worker took within ``DOCUMENT_QUEUED_MAX_AGE``.

    A queued job is sent again after ``DOCUMENT_QUEUED_TIMEOUT``, then after twice that, four times…:
    a job that merely waits behind others in a long queue gets few duplicate messages, and those are
    harmless (only one delivery starts it). Beat runs this every ``DOCUMENT_SWEEP_SECONDS``;
    ``manage.py sweep_documents`` runs it by hand.
    """
    now = now or timezone.now()
    requeued = failed = 0
    timeout = timedelta(seconds=settings.DOCUMENT_QUEUED_TIMEOUT)
    oldest = now - timedelta(seconds=settings.DOCUMENT_QUEUED_MAX_AGE)
    for document in GeneratedDocument.objects.filter(status=Status.QUEUED, queued_at__lt=now - timeout):
        if document.created_at < oldest:
            error = (
                f"No worker rendered it within {settings.DOCUMENT_QUEUED_MAX_AGE // 3600} hours of the request (sent "
                f"{document.deliveries} times): check that a Celery worker is running, then request it again."
            )
            failed += _move(document.pk, Status.QUEUED, Status.FAILED, error=error, finished_at=now)
        elif document.queued_at < now - timeout * 2 ** min(document.deliveries - 1, 16):
            with transaction.atomic():
                # Not a status move: the job stays queued, with a new message on its way.
                sent_again = GeneratedDocument.objects.filter(
                    pk=document.pk, status=Status.QUEUED, queued_at=document.queued_at
                ).update(queued_at=now, deliveries=F("deliveries") + 1)
                if sent_again:
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
        logger.warning("Document sweep: %s sent again, %s failed.", requeued, failed)
    return {"requeued": requeued, "failed": failed}
