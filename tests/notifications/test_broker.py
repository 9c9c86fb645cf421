"""A mail server that fails, with a real broker and worker: the worker retries the e-mail with back-off
until it goes out, once, and the transition that caused it answered at once.

Runs on PostgreSQL with CELERY_BROKER_URL set (``.ci/run``'s second round); skipped with the reason otherwise.
"""

import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import Notification
from projects.services import file_version_add
from tests.helpers import transition
from tests.mail import DROPPED, attempts_file

pytestmark = [pytest.mark.broker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60


def test_the_worker_retries_a_failing_mail_server_until_the_email_goes_out_once(world, client_for, on_the_broker):
    partner, deliverable = world.users["partner_same"], world.objects["deliverable"]
    partner.email = "velenje@flaky.example.org"
    partner.save()
    file_version_add(
        owner=deliverable,
        upload=SimpleUploadedFile("handbook.pdf", b"%PDF-1.7 handbook", content_type="application/pdf"),
        actor=partner,
    )
    submitted = transition(client_for(partner), deliverable, "submit", comment="Late: the pilot moved.")
    assert submitted.status_code == 200, submitted.json()

    answer = transition(client_for(world.users["coordinator"]), deliverable, "request_changes", comment="Add contacts.")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "changes_requested"

    notification = Notification.objects.get(event="deliverable_changes_requested", user=partner)
    deadline = time.monotonic() + WAIT_SECONDS
    while notification.emailed_at is None and time.monotonic() < deadline:
        time.sleep(0.2)
        notification.refresh_from_db()
    assert notification.emailed_at is not None, "the worker did not send the e-mail in time"

    mailbox = Path(on_the_broker) / "mail"
    assert attempts_file(mailbox, partner.email).read_text() == str(DROPPED + 1)
    sent = [path for path in mailbox.glob("*.log") if partner.email in path.read_text()]
    assert len(sent) == 1
    assert "requested changes to D1.1" in sent[0].read_text()
