"""Immutable, versioned uploaded files: deliverable versions, project documents, expense documents."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def storage_name(instance: "FileVersion", filename: str) -> str:
    """A random storage name: nothing about it can be guessed from ids or the original name."""
    return f"{instance._meta.model_name}/{uuid.uuid4().hex}"


class FileVersion(models.Model):
    """One stored version of a file. A new upload is a new version; nothing is overwritten."""

    version = models.PositiveIntegerField()
    file = models.FileField(upload_to=storage_name, max_length=255)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    mime_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["version"]
        get_latest_by = "version"
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="%(class)s_version_from_1"),
            models.CheckConstraint(condition=Q(size__gt=0), name="%(class)s_not_empty"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="%(class)s_sha256_hex"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Stored file versions are immutable: upload a new version instead.")
        super().save(*args, **kwargs)
