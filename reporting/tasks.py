"""Celery tasks for generated documents. They take ids; the job row says what is left to do.

``render_document`` acknowledges late (a worker that dies mid-render leaves the message to be
delivered again, and the job's status makes that delivery harmless), has a soft and a hard time
limit, and retries transient database errors with exponential back-off. Every other error ends the
job ``failed`` with the error, recorded by a service.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from reporting import services
from reporting.pdf import RefusedResource

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError)  # a lost connection, a deadlock, a lock timeout


@shared_task(
    bind=True,
    name=services.RENDER_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.DOCUMENT_SOFT_TIME_LIMIT,
    time_limit=settings.DOCUMENT_TIME_LIMIT,
    max_retries=settings.DOCUMENT_MAX_RETRIES,
)
def render_document(self, document_id: int) -> None:
    try:
        token = services.document_start(document_id=document_id)
    except TRANSIENT as error:  # nothing was taken: the job stays queued for this retry or the sweep
        raise self.retry(exc=error, countdown=_backoff(self)) from error
    if token is None:
        return
    try:
        services.document_render(document_id=document_id, token=token)
    except TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            message = f"Rendering failed {self.max_retries + 1} times: {error}"
            services.document_fail(document_id=document_id, token=token, error=message)
            return
        services.document_release(document_id=document_id, token=token)
        logger.warning("Document %s: %s; retrying in %s s.", document_id, error, _backoff(self))
        raise self.retry(exc=error, countdown=_backoff(self)) from error
    except SoftTimeLimitExceeded:
        limit = settings.DOCUMENT_SOFT_TIME_LIMIT
        services.document_fail(
            document_id=document_id, token=token, error=f"Rendering took longer than {limit} seconds."
        )
    except RefusedResource as error:
        services.document_fail(document_id=document_id, token=token, error=str(error))
    except Exception as error:
        logger.exception("Document %s could not be rendered.", document_id)
        message = f"Rendering failed: {type(error).__name__}: {error}"
        services.document_fail(document_id=document_id, token=token, error=message)


def _backoff(task) -> int:
    """Seconds before the next try: ``DOCUMENT_RETRY_BACKOFF``, doubled on each retry."""
    return settings.DOCUMENT_RETRY_BACKOFF * 2**task.request.retries


@shared_task(name="reporting.sweep_documents")
def sweep_documents() -> dict[str, int]:
    """Re-queue documents stuck in the queue and fail those stuck rendering (beat runs it)."""
    return services.documents_sweep()
