"""What was told to whom, how each user wants to be told, which reminders went out and the calendar's
revisions."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a user wants to hear of one kind of event by e-mail; the in-app notification comes always."""

    IMMEDIATE = "immediate", _("E-mail at once")
    DIGEST = "digest", _("In the daily digest")
    OFF = "off", _("In the app only")


class Preferences(models.Model):
    """A user's language for e-mails, their choice per kind of event, and their calendar feed's token.
    Made on first use; a kind of event without a choice is ``Delivery.IMMEDIATE``."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    email = models.JSONField(default=dict, blank=True)  # {event: Delivery}
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"Preferences of {self.user}"

    def delivery(self, event: str) -> Delivery:
        return Delivery(self.email.get(event, Delivery.IMMEDIATE))


class Notification(models.Model):
    """One event told to one user. The message is written when it is read, in the reader's language, from
    ``event`` and ``params`` (the facts as they were then)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=64)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+", null=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=16, choices=Delivery.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["delivery", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event} for {self.user}"


class Reminder(models.Model):
    """A reminder that went out: one per object, due date and threshold, claimed by its insert (the unique
    constraint), so it goes out once however often and wherever the reminders run. A new due date makes
    new rows: the reminders re-arm."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    due_date = models.DateField()
    threshold = models.SmallIntegerField()  # days before the due date; 0 means overdue
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "due_date", "threshold"], name="reminder_once_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_type.model} {self.target_id} due {self.due_date} ({self.threshold})"


class FeedRevision(models.Model):
    """How often a calendar event has changed, so calendar clients update it (``SEQUENCE``,
    ``LAST-MODIFIED``) instead of adding a second one: recorded when a feed built from the data shows
    the event different from before."""

    uid = models.CharField(max_length=128, unique=True)
    fingerprint = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(default=0)
    modified_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.uid} #{self.sequence}"
