"""The append-only transition log, chained with SHA-256 so that an edited or deleted row is detected."""

import hashlib
import json
from datetime import UTC

from django.conf import settings
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The transition log is append-only: rows are never updated.")

    def delete(self):
        raise PermissionError("The transition log is append-only: rows are never deleted.")


class TransitionLog(models.Model):
    """One row per transition taken, whoever took it (API, admin, shell, task).

    ``hash`` covers the row's content and ``previous_hash``, the hash of the row before it, so the rows
    form one chain across every machine: ``manage.py verify_transition_log`` recomputes it.
    """

    machine = models.CharField(max_length=40)
    object_type = models.CharField(max_length=100, help_text="The model's label, e.g. projects.Project")
    object_id = models.PositiveBigIntegerField()
    transition = models.CharField(max_length=60)
    source = models.CharField(max_length=40)
    target = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.machine} {self.object_id}: {self.transition} ({self.source} → {self.target})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The transition log is append-only: rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The transition log is append-only: rows are never deleted.")

    def content(self) -> dict:
        """What the hash covers, in a canonical form."""
        return {
            "machine": self.machine,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "transition": self.transition,
            "source": self.source,
            "target": self.target,
            "actor": self.actor_id,
            "comment": self.comment,
            "payload": self.payload,
            "created_at": self.created_at.astimezone(UTC).isoformat(),
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(f"{self.previous_hash}\n{canonical}".encode()).hexdigest()


class ChainHead(models.Model):
    """The hash of the last log row, one row locked by each append so that the chain never forks."""

    hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.hash or "(empty chain)"
