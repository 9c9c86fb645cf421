"""Reading notifications: a user's own only, and each one's sentence and page in the reader's language."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from notifications.events import message, page_of
from notifications.models import Notification


def notifications_of(*, user: AbstractBaseUser, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's notifications, the newest first; ``unread`` narrows to the unread (or the read) ones."""
    rows = Notification.objects.filter(user_id=user.pk).select_related("actor", "project", "target_type")
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    return rows


def unread_count(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def unread_targets(*, user: AbstractBaseUser) -> frozenset[tuple[int, int]]:
    """What the user's unread notifications are about, as (content type id, object id) pairs."""
    rows = notifications_of(user=user, unread=True).order_by()
    return frozenset(rows.values_list("target_type_id", "target_id").distinct())


def text_of(notification: Notification) -> str:
    """What happened, as a sentence in the active language (without the comment)."""
    return message(
        event=notification.event,
        model=notification.target_type.model_class(),
        params=notification.params,
        actor=notification.actor,
    )


def comment_of(notification: Notification) -> str:
    """The comment the actor wrote with it (the changes asked for, why a claim was returned), if any."""
    return notification.params.get("comment", "")


def page_path_of(notification: Notification) -> str:
    """The path of the page of the object it is about."""
    return page_of(notification.target_type.model_class(), notification.target_id)
