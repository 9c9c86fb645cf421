"""Delivery guarantees: the job row is the truth, so duplicates, errors and lost messages lose nothing."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone

from reporting import figures, services
from reporting.models import GeneratedDocument
from reporting.pdf import RefusedResource
from reporting.tasks import render_document

Status = GeneratedDocument.Status


def stored_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "generateddocument"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def queued(world):
    """A funding report requested by the coordinator whose task has not run yet (no commit)."""

    def make(kind="funding_report", period=None) -> GeneratedDocument:
        return services.document_request(
            project=world.project, kind=kind, period=period, actor=world.users["coordinator"]
        )

    return make


def test_a_requested_document_is_rendered_once_committed(world, committed, settings):
    with committed():
        document = services.document_request(
            project=world.project, kind="funding_report", period=None, actor=world.users["auditor"]
        )
        assert GeneratedDocument.objects.get(pk=document.pk).status == Status.QUEUED

    document.refresh_from_db()
    assert (document.status, document.progress, document.attempts) == (Status.DONE, 100, 1)
    assert document.started_at <= document.finished_at
    assert len(stored_files(settings)) == 1


def test_an_unreachable_broker_loses_nothing_and_the_sweep_sends_the_job_later(
    world, client_for, committed, monkeypatch, settings
):
    from kombu.exceptions import OperationalError as BrokerDown

    def down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as broker:
        broker.setattr(render_document, "apply_async", down)
        with committed():
            response = client_for(world.users["auditor"]).post(
                "/api/documents/", {"project": world.project.pk, "kind": "funding_report"}, format="json"
            )

    assert response.status_code == 202
    document = GeneratedDocument.objects.get(pk=response.json()["id"])
    assert document.status == Status.QUEUED
    later = timezone.now() + timedelta(seconds=settings.DOCUMENT_QUEUED_TIMEOUT + 1)
    with committed():
        services.documents_sweep(now=later)
    document.refresh_from_db()
    assert document.status == Status.DONE


def test_a_second_delivery_of_the_same_task_leaves_one_file(queued, settings):
    document = queued()
    render_document.apply(args=[document.pk])
    document.refresh_from_db()
    first = (document.file.name, document.sha256, document.finished_at)

    render_document.apply(args=[document.pk])  # the broker delivers the message again

    document.refresh_from_db()
    assert (document.file.name, document.sha256, document.finished_at) == first
    assert document.attempts == 1
    assert len(stored_files(settings)) == 1


def test_a_delivery_while_another_worker_renders_does_nothing(queued, settings):
    document = queued()
    GeneratedDocument.objects.filter(pk=document.pk).update(status=Status.RUNNING, started_at=timezone.now())

    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert document.status == Status.RUNNING and not document.file
    assert stored_files(settings) == []


def test_a_render_error_ends_failed_with_the_error_and_no_file(queued, monkeypatch, settings):
    document = queued()

    def broken(**kwargs):
        raise ValueError("the template lost its table")

    monkeypatch.setitem(figures.BUILDERS, "funding_report", broken)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error == "Rendering failed: ValueError: the template lost its table"
    assert document.finished_at and not document.file and not document.sha256
    assert stored_files(settings) == []


def test_a_refused_resource_fails_the_document_naming_it(queued, monkeypatch):
    document = queued()

    def reaching_out(**kwargs):
        raise RefusedResource("The report may load only its own static files; refused http://example.org/x.css")

    monkeypatch.setattr(services, "render_pdf", reaching_out)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert "refused http://example.org/x.css" in document.error


def test_a_failing_save_leaves_no_orphaned_file(queued, monkeypatch, settings):
    document = queued()
    original_save = GeneratedDocument.save

    def failing_save(self, *args, **kwargs):
        if self.status == Status.DONE:
            raise RuntimeError("disk quota of the database exceeded")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(GeneratedDocument, "save", failing_save)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert document.status == Status.FAILED and "disk quota" in document.error
    assert not document.file
    assert stored_files(settings) == []


@pytest.fixture
def as_a_worker(monkeypatch):
    """Run tasks as a worker does: a retry is a new delivery, not an exception for the caller.

    (In process, Celery raises ``Retry`` to the caller when eager errors propagate, as they do without
    a broker; its eager retries are run only when they do not.)
    """
    monkeypatch.setitem(render_document.app.conf, "task_eager_propagates", False)


def test_a_transient_database_error_is_retried_and_the_document_still_arrives(
    queued, monkeypatch, settings, as_a_worker
):
    settings.DOCUMENT_RETRY_BACKOFF = 0
    document = queued()
    real_build = figures.build
    calls = []

    def flaky(doc):
        calls.append(doc.pk)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_build(doc)

    monkeypatch.setattr(figures, "build", flaky)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert document.status == Status.DONE, document.error
    assert (document.attempts, document.deliveries) == (2, 2)
    assert len(stored_files(settings)) == 1


def test_a_persistent_database_error_fails_after_the_retries(queued, monkeypatch, settings, as_a_worker):
    settings.DOCUMENT_RETRY_BACKOFF = 0
    document = queued()

    def down(doc):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(figures, "build", down)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    retries = render_document.max_retries
    assert document.status == Status.FAILED
    assert document.error == f"Rendering failed {retries + 1} times: could not connect to server"
    assert document.attempts == retries + 1


def test_the_soft_time_limit_fails_the_document(queued, monkeypatch, settings):
    from celery.exceptions import SoftTimeLimitExceeded

    document = queued()

    def slow(doc):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(figures, "build", slow)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error == f"Rendering took longer than {settings.DOCUMENT_SOFT_TIME_LIMIT} seconds."


def test_a_job_failed_by_the_sweep_while_rendering_keeps_no_pdf(queued, monkeypatch, settings):
    document = queued()
    real_render = services.render_pdf

    def render_while_swept(**kwargs):
        # A render so slow that the sweep, running meanwhile, gave up on it.
        services.documents_sweep(now=timezone.now() + timedelta(seconds=settings.DOCUMENT_TIME_LIMIT + 3600))
        return real_render(**kwargs)

    monkeypatch.setattr(services, "render_pdf", render_while_swept)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert document.status == Status.FAILED and not document.file
    assert stored_files(settings) == []


def test_the_sweep_requeues_a_job_whose_message_was_lost(queued, committed, settings):
    document = queued()  # its message never reached a worker: no commit, no task
    now = timezone.now()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        queued_at=now - timedelta(seconds=settings.DOCUMENT_QUEUED_TIMEOUT + 1)
    )
    fresh = queued()

    with committed():
        result = services.documents_sweep(now=now)

    assert result == {"requeued": 1, "failed": 0}
    document.refresh_from_db()
    assert (document.status, document.deliveries) == (Status.DONE, 2)
    fresh.refresh_from_db()
    assert (fresh.status, fresh.deliveries) == (Status.QUEUED, 1)


def test_the_sweep_sends_a_waiting_job_again_less_and_less_often(queued, settings):
    timeout = timedelta(seconds=settings.DOCUMENT_QUEUED_TIMEOUT)
    now = timezone.now()
    sent_twice_recently, sent_twice_long_ago = queued(), queued()
    GeneratedDocument.objects.filter(pk=sent_twice_recently.pk).update(queued_at=now - timeout * 1.5, deliveries=2)
    GeneratedDocument.objects.filter(pk=sent_twice_long_ago.pk).update(queued_at=now - timeout * 2.5, deliveries=2)

    assert services.documents_sweep(now=now) == {"requeued": 1, "failed": 0}

    assert GeneratedDocument.objects.get(pk=sent_twice_recently.pk).deliveries == 2
    assert GeneratedDocument.objects.get(pk=sent_twice_long_ago.pk).deliveries == 3


def test_the_sweep_fails_a_job_no_worker_took_within_a_day(queued, settings):
    document = queued()
    now = timezone.now()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        created_at=now - timedelta(seconds=settings.DOCUMENT_QUEUED_MAX_AGE + 1),
        queued_at=now - timedelta(hours=1),
        deliveries=6,
    )

    assert services.documents_sweep(now=now) == {"requeued": 0, "failed": 1}

    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert document.error == (
        "No worker rendered it within 24 hours of the request (sent 6 times): check that a Celery worker is "
        "running, then request it again."
    )


def test_a_duplicate_delivery_that_hits_a_database_error_leaves_the_running_job_alone(
    queued, monkeypatch, settings, as_a_worker
):
    settings.DOCUMENT_RETRY_BACKOFF = 0
    document = queued()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, render_token="another-workers-token", started_at=timezone.now()
    )

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "document_start", locked)
    render_document.apply(args=[document.pk])

    document.refresh_from_db()
    assert (document.status, document.render_token, document.error) == (Status.RUNNING, "another-workers-token", "")


def test_only_the_delivery_that_started_a_job_may_fail_or_release_it(queued):
    document = queued()
    token = services.document_start(document_id=document.pk)

    assert services.document_start(document_id=document.pk) is None  # a second delivery gets nothing
    assert not services.document_fail(document_id=document.pk, token="not-mine", error="boom")
    assert not services.document_release(document_id=document.pk, token="not-mine")
    assert services.document_release(document_id=document.pk, token=token)
    assert GeneratedDocument.objects.get(pk=document.pk).status == Status.QUEUED


def test_the_sweep_fails_a_job_running_past_the_time_limit(queued, settings):
    stuck, busy = queued(), queued()
    now = timezone.now()
    limit = settings.DOCUMENT_TIME_LIMIT
    GeneratedDocument.objects.filter(pk=stuck.pk).update(
        status=Status.RUNNING, started_at=now - timedelta(seconds=limit + services.RUNNING_GRACE_SECONDS + 1)
    )
    GeneratedDocument.objects.filter(pk=busy.pk).update(status=Status.RUNNING, started_at=now - timedelta(seconds=30))

    assert services.documents_sweep(now=now) == {"requeued": 0, "failed": 1}

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.status == Status.FAILED
    assert stuck.error.startswith(f"Rendering did not finish within the limit of {limit} seconds")
    assert busy.status == Status.RUNNING


def test_sweep_documents_command_reports_what_it_did(queued, capsys):
    from django.core.management import call_command

    call_command("sweep_documents")

    assert capsys.readouterr().out.strip() == "Documents re-queued: 0, failed: 0."


def test_beat_runs_the_sweep_every_minute():
    from config.celery import app

    schedule = app.conf.beat_schedule["sweep-documents"]
    assert schedule == {"task": "reporting.sweep_documents", "schedule": 60}
    assert "reporting.sweep_documents" in app.tasks
