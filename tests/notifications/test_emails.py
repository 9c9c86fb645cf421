"""E-mails: sent after commit in the recipient's language, plain text and HTML with the link; e-mail off
still notifies in the app; a digest gathers a day's events into one e-mail; a failing mail server never
blocks the transition that caused it (its retries by a real worker: test_broker.py)."""

from smtplib import SMTPServerDisconnected

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.locmem import EmailBackend

from notifications import services
from notifications.models import Delivery, Notification
from projects.services import file_version_add
from tests.helpers import transition


@pytest.fixture
def submitted(world, django_capture_on_commit_callbacks):
    """D1.1, its handbook uploaded and submitted by the lead's partner member through the API."""
    deliverable, partner = world.objects["deliverable"], world.users["partner_same"]
    file_version_add(
        owner=deliverable,
        upload=SimpleUploadedFile("handbook.pdf", b"%PDF-1.7 handbook", content_type="application/pdf"),
        actor=partner,
    )
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel("2026-03-20 10:00 +01:00"):
        assert transition(_client(partner), deliverable, "submit").status_code == 200
    return deliverable


def _client(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def _request_changes(world, deliverable, callbacks):
    with callbacks(execute=True):
        response = transition(
            _client(world.users["coordinator"]), deliverable, "request_changes", comment="Add the partners' contacts."
        )
    assert response.status_code == 200


def test_a_transition_emails_its_people_with_the_link(world, submitted, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    _request_changes(world, submitted, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == [world.users["partner_same"].email]
    assert "requested changes to D1.1" in message.subject
    assert "Add the partners' contacts." in message.body
    assert f"http://127.0.0.1:8000/deliverables/{submitted.pk}/" in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html" and f'href="http://127.0.0.1:8000/deliverables/{submitted.pk}/"' in html
    assert Notification.objects.get(event="deliverable_changes_requested").emailed_at is not None


def test_the_email_is_in_the_recipients_language(world, submitted, django_capture_on_commit_callbacks):
    services.preferences_update(user=world.users["partner_same"], language="pl")
    mail.outbox.clear()
    _request_changes(world, submitted, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert "poprosił" in message.subject or "poprosiła" in message.subject or "zmian" in message.subject
    assert "Komentarz" in message.body


def test_email_off_means_no_email_but_the_notification_in_the_app(world, submitted, django_capture_on_commit_callbacks):
    services.preferences_update(user=world.users["partner_same"], email={"deliverable_changes_requested": "off"})
    mail.outbox.clear()
    _request_changes(world, submitted, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    notification = Notification.objects.get(event="deliverable_changes_requested")
    assert (notification.user, notification.delivery, notification.read_at) == (
        world.users["partner_same"],
        Delivery.OFF,
        None,
    )


def test_a_digest_gathers_the_days_events_into_one_email(world, django_capture_on_commit_callbacks):
    from common.events import emit

    coordinator = world.users["coordinator"]
    services.preferences_update(
        user=coordinator, email={"deliverable_submitted": "digest", "claim_submitted": "digest"}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        emit("deliverable.submit", obj=world.objects["deliverable"], actor=world.users["partner_same"])
        emit("partner_claim.submit", obj=world.objects["claim_a"], actor=world.users["partner_same"])
    assert mail.outbox == []  # nothing until the digest

    assert services.digests_send() == 1
    [digest] = mail.outbox
    assert digest.to == [coordinator.email]
    assert "daily digest (2)" in digest.subject
    assert "submitted D1.1" in digest.body and "submitted the claim of" in digest.body

    assert services.digests_send() == 0  # each event is in one digest only
    assert len(mail.outbox) == 1


class Refusing(EmailBackend):
    """A mail server that drops every connection."""

    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_failing_mail_server_blocks_nothing(world, submitted, settings, django_capture_on_commit_callbacks):
    # In process (no broker) the e-mail is tried once; with a worker it is retried with back-off
    # (tests/notifications/test_broker.py).
    settings.EMAIL_BACKEND = f"{__name__}.Refusing"
    _request_changes(world, submitted, django_capture_on_commit_callbacks)

    submitted.refresh_from_db()
    assert submitted.status == "changes_requested"
    notification = Notification.objects.get(event="deliverable_changes_requested")
    assert notification.emailed_at is None  # told in the app; the e-mail is not marked sent


def test_replayed_history_notifies_in_the_app_only(world, django_capture_on_commit_callbacks):
    from datetime import UTC, datetime

    from common.events import emit

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        emit(
            "deliverable.submit",
            obj=world.objects["deliverable"],
            actor=world.users["partner_same"],
            at=datetime(2025, 5, 1, tzinfo=UTC),
        )
    assert mail.outbox == []
    notification = Notification.objects.get()
    assert (notification.delivery, notification.created_at.year) == (Delivery.OFF, 2025)


def test_an_email_that_did_not_go_out_is_sent_again_an_hour_later_once(
    world, settings, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from common.events import emit

    settings.EMAIL_BACKEND = f"{__name__}.Refusing"  # the broker or the mail server was down
    with django_capture_on_commit_callbacks(execute=True):
        emit("deliverable.submit", obj=world.objects["deliverable"], actor=world.users["partner_same"])
    notification = Notification.objects.get()
    assert notification.emailed_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert services.emails_resend() == 0  # within the hour its own task may still be on its way
    later = timezone.now() + timedelta(hours=1, minutes=1)
    assert services.emails_resend(now=later) == 1
    assert [message.to for message in mail.outbox] == [[world.users["coordinator"].email]]
    assert services.emails_resend(now=later) == 0
    assert services.emails_resend(now=timezone.now() + timedelta(days=2)) == 0
