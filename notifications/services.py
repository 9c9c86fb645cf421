"""Telling people: a notification per recipient of an event, its e-mail (now, in the daily digest or
never), marking notifications read, and each user's preferences and calendar token.

Everything here runs after the write that caused it has committed (``common.events``), or from a task:
a failure to tell anyone never undoes or blocks the work itself.
"""

import logging
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from common.errors import Invalid, OutOfScope
from common.events import Happened
from notifications import selectors
from notifications.events import BY_NAME, BY_TRIGGER, Event, absolute, facts, recipients_roles
from notifications.models import Delivery, Notification, Preferences
from projects.access import holders, project_of
from reporting.figures import wording

logger = logging.getLogger(__name__)

EMAIL_TASK = "notifications.send_email"


# --- Preferences ---------------------------------------------------------------------------------


def preferences_of(user: AbstractBaseUser) -> Preferences:
    """The user's preferences, made with the defaults on first use."""
    preferences, _ = Preferences.objects.get_or_create(user=user)
    return preferences


@transaction.atomic
def preferences_update(
    *, user: AbstractBaseUser, email: Mapping[str, str] | None = None, language: str | None = None
) -> Preferences:
    """Change how the user hears of each kind of event (``{event: Delivery}``; kinds not named keep their
    choice) and the language of their e-mails."""
    preferences = Preferences.objects.select_for_update().get(pk=preferences_of(user).pk)
    reasons = []
    for event, choice in (email or {}).items():
        if event not in BY_NAME:
            reasons.append(gettext("There is no kind of event %(event)s.") % {"event": repr(event)})
        elif choice not in Delivery.values:
            reasons.append(
                gettext("%(choice)s is not a choice for %(event)s: choose %(choices)s.")
                % {"choice": repr(choice), "event": event, "choices": ", ".join(Delivery.values)}
            )
    if language is not None and language not in dict(settings.LANGUAGES):
        reasons.append(
            gettext("%(language)s is not one of the languages of Clusterflow.") % {"language": repr(language)}
        )
    if reasons:
        raise Invalid(gettext("The preferences were not changed."), reasons=reasons)
    preferences.email = {**preferences.email, **(email or {})}
    if language is not None:
        preferences.language = language
    preferences.save()
    return preferences


def calendar_token(*, user: AbstractBaseUser, reset: bool = False) -> str:
    """The secret token of the user's calendar feed, made on first use; ``reset`` replaces it, so the old
    feed URL stops working."""
    with transaction.atomic():
        preferences = Preferences.objects.select_for_update().get(pk=preferences_of(user).pk)
        if reset or not preferences.calendar_token:
            preferences.calendar_token = secrets.token_urlsafe(32)
            preferences.save(update_fields=["calendar_token"])
    return preferences.calendar_token


# --- Events into notifications -------------------------------------------------------------------


def on_event(sender: Any, event: Happened, **kwargs: Any) -> None:
    """``common.events.happened``'s receiver: tell the people the table names."""
    kind = BY_TRIGGER.get(event.name)
    if kind is None:
        return
    notify(
        event=kind,
        obj=event.obj,
        actor=event.actor,
        at=event.at,
        params={**event.params, "comment": event.comment},
        news=not event.replayed,
    )


def recipients(event: Event, obj: models.Model, actor: AbstractBaseUser | None = None) -> models.QuerySet:
    """Who is told of ``event`` about ``obj``: the holders of its roles, never the actor."""
    people = holders(obj, recipients_roles(event, obj))
    if actor is not None:
        people = people.exclude(pk=actor.pk)
    return people.order_by("pk")


@transaction.atomic
def notify(
    *,
    event: Event,
    obj: models.Model,
    actor: AbstractBaseUser | None = None,
    at: datetime | None = None,
    params: Mapping[str, Any] | None = None,
    news: bool = True,
) -> list[Notification]:
    """A notification for each recipient, and their e-mails as each chose once this commits. History
    replayed (``news=False``: the demo data, an import) is notified in the app only."""
    people = list(recipients(event, obj, actor))
    chosen = {p.user_id: p for p in Preferences.objects.filter(user__in=people)}
    project = project_of(obj)
    rows = Notification.objects.bulk_create(
        Notification(
            user=person,
            event=event.name,
            project=project,
            target=obj,
            actor=actor,
            params={**facts(obj), **(params or {})},
            created_at=at or timezone.now(),
            delivery=_delivery(chosen.get(person.pk), event) if news else Delivery.OFF,
        )
        for person in people
    )
    now = [row.pk for row in rows if row.delivery == Delivery.IMMEDIATE]
    if now:
        transaction.on_commit(lambda: _queue_emails(now))
    return rows


def _delivery(preferences: Preferences | None, event: Event) -> Delivery:
    return preferences.delivery(event.name) if preferences else Delivery.IMMEDIATE


def _queue_emails(ids: Iterable[int]) -> None:
    for pk in ids:
        try:
            current_app.signature(EMAIL_TASK, args=(pk,)).apply_async()
        except Exception:  # the broker is down, or (in process) the mail server failed: the rest still go
            logger.exception("The e-mail of notification %s could not be sent.", pk)


# --- Reading -------------------------------------------------------------------------------------


def notification_read(*, user: AbstractBaseUser, notification: Notification) -> Notification:
    """Mark one of the user's notifications read (reading it again changes nothing)."""
    if notification.user_id != user.pk:
        raise OutOfScope(gettext("No such notification is visible to you."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of the user read; how many were."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- E-mail --------------------------------------------------------------------------------------


def _line(notification: Notification) -> dict[str, Any]:
    """One notification as an e-mail shows it, in the active language."""
    return {
        "message": selectors.text_of(notification),
        "comment": selectors.comment_of(notification),
        "url": absolute(selectors.page_path_of(notification)),
        "when": wording.datetime_text(notification.created_at, wording.active_language()),
    }


def _email(user: AbstractBaseUser, subject: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    context = {
        **context,
        "user": user,
        "notifications_url": absolute(reverse("web:notifications")),
        "preferences_url": absolute(reverse("web:preferences")),
    }
    mail = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    mail.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    return mail


def email_send(*, notification_id: int) -> bool:
    """Send one notification's e-mail in its recipient's language, once: whether it went out now.

    The row stays locked while the mail is handed over; a failure raises (the task retries it) and
    leaves the notification unsent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user", "actor", "target_type")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.user.email:
            return False
        with translation.override(preferences_of(notification.user).language):
            line = _line(notification)
            mail = _email(notification.user, f"Clusterflow: {line['message']}", {"lines": [line]})
        mail.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


RESEND_AFTER = timedelta(hours=1)
RESEND_UNTIL = timedelta(days=1)


def emails_resend(*, now: datetime | None = None) -> int:
    """Queue again the e-mails that should have gone out at once but have not, an hour after their
    notification (the broker was down when it was queued, or every retry failed), for a day; how many.
    Sending twice is harmless: ``email_send`` sends a notification's e-mail once."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(
        delivery=Delivery.IMMEDIATE,
        emailed_at__isnull=True,
        created_at__lte=now - RESEND_AFTER,
        created_at__gte=now - RESEND_UNTIL,
        user__is_active=True,
    ).exclude(user__email="")
    ids = list(waiting.values_list("pk", flat=True))
    _queue_emails(ids)
    return len(ids)


def digests_send() -> int:
    """One e-mail per user with every notification waiting for their daily digest; how many went out.

    Each user's rows are locked while their digest is sent, and skipped by a run going on at the same
    time; a failed send leaves them for the next run."""
    sent = 0
    users = (
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in list(users):
        try:
            sent += _digest_send(user_id)
        except Exception:
            logger.exception("The digest of user %s could not be sent; it waits for the next run.", user_id)
    return sent


def _digest_send(user_id: int) -> int:
    with transaction.atomic():
        waiting = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "actor", "target_type")
            .filter(user_id=user_id, delivery=Delivery.DIGEST, emailed_at__isnull=True)
            .order_by("created_at", "id")
        )
        if not waiting or not waiting[0].user.email:
            return 0
        user = waiting[0].user
        with translation.override(preferences_of(user).language):
            lines = [_line(notification) for notification in waiting]
            subject = gettext("Clusterflow: your daily digest (%(count)s)") % {"count": len(lines)}
            mail = _email(user, subject, {"lines": lines, "digest": True})
        mail.send()
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=timezone.now())
    return 1
