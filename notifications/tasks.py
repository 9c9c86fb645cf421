"""Celery tasks of the notifications: one e-mail (retried with back-off while the mail server fails), the
hourly resend of e-mails that did not go out, the daily digests and the daily reminders (both from beat, at
``NOTIFICATION_HOUR`` on the instance's clock)."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

from notifications import reminders, services

logger = logging.getLogger(__name__)


@shared_task(
    name=services.EMAIL_TASK,
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    max_retries=settings.EMAIL_MAX_RETRIES,
    retry_backoff=settings.EMAIL_RETRY_BACKOFF,
    retry_backoff_max=3600,
)
def send_email(notification_id: int) -> bool:
    return services.email_send(notification_id=notification_id)


@shared_task(name="notifications.resend_emails")
def resend_emails() -> int:
    queued = services.emails_resend()
    if queued:
        logger.warning("Queued %s e-mails again that had not gone out.", queued)
    return queued


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    sent = services.digests_send()
    logger.info("Sent %s daily digests.", sent)
    return sent


@shared_task(name="notifications.send_reminders")
def send_reminders() -> int:
    sent = reminders.reminders_send()
    logger.info("Sent %s reminders.", len(sent))
    return len(sent)
