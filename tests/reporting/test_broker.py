"""End to end with a real broker and a real worker process: request over the API, the worker renders,
download the PDF and verify its hash; duplicates and lost messages on the real transport.

Runs when CELERY_BROKER_URL names a broker and the database is PostgreSQL (the worker is another
process and must see the test database); skipped with the reason otherwise. ``.ci/run`` runs it.
"""

import hashlib
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from reporting import services
from reporting.models import GeneratedDocument
from reporting.tasks import render_document
from tests.factories import GeneratedDocumentFactory

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 90


def wait_until_finished(client, document_id: int) -> tuple[dict, set[int]]:
    """Poll the job as a user would; returns its final state and the progress values seen on the way."""
    seen = set()
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        body = client.get(f"/api/documents/{document_id}/").json()
        seen.add(body["progress"])
        if body["status"] in ("done", "failed"):
            return body, seen
        time.sleep(0.1)
    pytest.fail(f"Document {document_id} did not finish within {WAIT_SECONDS} s: {body}")


def test_the_worker_renders_a_requested_report_which_downloads_and_verifies(world, client_for, on_the_broker):
    auditor = client_for(world.users["auditor"])

    answer = auditor.post("/api/documents/", {"project": world.project.pk, "kind": "funding_report"}, format="json")

    assert answer.status_code == 202, answer.json()
    assert answer.json()["status"] == "queued"
    body, progress = wait_until_finished(auditor, answer.json()["id"])
    assert body["status"] == "done", body["error"]
    assert body["progress"] == 100 and progress <= {0, 5, 20, 35, 80, 95, 100}
    download = auditor.get(f"/api/documents/{body['id']}/download/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF-") and len(content) == body["size"]
    sha256 = hashlib.sha256(content).hexdigest()
    assert sha256 == body["sha256"]
    verified = auditor.get("/api/documents/verify/", {"sha256": sha256}).json()
    assert verified["match"] is True and verified["document"]["id"] == body["id"]


def test_a_redelivered_message_leaves_the_finished_pdf_alone(world, client_for, on_the_broker):
    auditor = client_for(world.users["auditor"])
    document_id = auditor.post(
        "/api/documents/", {"project": world.project.pk, "kind": "audit_trail"}, format="json"
    ).json()["id"]
    first, _ = wait_until_finished(auditor, document_id)

    render_document.delay(document_id)  # the same message, delivered again
    render_document.delay(document_id)
    time.sleep(3)

    again = auditor.get(f"/api/documents/{document_id}/").json()
    assert (again["sha256"], again["finished_at"]) == (first["sha256"], first["finished_at"])
    assert GeneratedDocument.objects.get(pk=document_id).attempts == 1
    assert len(list((on_the_broker / "generateddocument").iterdir())) == 2  # this test's and the one before


def test_the_sweep_resends_a_lost_message_and_the_worker_renders_it(world, client_for, on_the_broker):
    # A job whose message the broker lost: the row exists, no message does.
    lost = GeneratedDocumentFactory(
        project=world.project,
        requested_by=world.users["coordinator"],
        queued_at=timezone.now() - timedelta(seconds=settings.DOCUMENT_QUEUED_TIMEOUT + 5),
    )

    assert services.documents_sweep() == {"requeued": 1, "failed": 0}

    body, _ = wait_until_finished(client_for(world.users["coordinator"]), lost.pk)
    assert body["status"] == "done" and GeneratedDocument.objects.get(pk=lost.pk).deliveries == 2
