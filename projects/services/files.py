"""Stored files: deliverable versions, project documents and expenses' supporting documents.

Each upload is a new immutable version; nothing is overwritten. Who may upload is the access policy's
``write`` action of the version's model (``UPLOAD`` for deliverables and project documents,
``WRITE_EXPENSES`` for supporting documents).
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from common.events import emit
from projects import access
from projects.models import (
    Deliverable,
    DeliverableFile,
    Expense,
    ProjectDocument,
    ProjectDocumentFile,
    SupportingDocument,
)
from projects.models.files import FileVersion
from projects.uploads import check_upload

from .claims import require_draft
from .records import record_save

VERSIONED = {
    Deliverable: (DeliverableFile, "deliverable"),
    ProjectDocument: (ProjectDocumentFile, "document"),
    Expense: (SupportingDocument, "expense"),
}


def file_version_add(
    *, owner: models.Model, upload: UploadedFile | None, actor: AbstractBaseUser, at: datetime | None = None
) -> FileVersion:
    """Store an upload as the owner's next version: all or nothing, never overwriting an earlier one.

    The content is checked first (size, emptiness, sniffed type); a refused or failed upload leaves
    neither a row nor a stored file. ``at`` replays history (the demo data), like ``transition_take``'s:
    the version carries that upload time; the API never passes it.
    """
    model, owner_field = VERSIONED[type(owner)]
    access.require_write(actor, model(**{owner_field: owner}))
    checked = check_upload(upload)
    row = None
    try:
        with transaction.atomic():
            locked = type(owner).objects.select_for_update().get(pk=owner.pk)  # one version number at a time
            if isinstance(locked, Expense):
                require_draft(locked.claim)
            latest = model.objects.filter(**{owner_field: locked}).aggregate(latest=Max("version"))["latest"]
            row = model(
                **{owner_field: locked},
                version=(latest or 0) + 1,
                original_name=checked.name,
                size=checked.size,
                sha256=checked.sha256,
                mime_type=checked.sniffed.mime_type,
                uploaded_by=actor,
                uploaded_at=at or timezone.now(),
            )
            row.file.save(checked.name, upload, save=False)  # the storage name is random (upload_to)
            row.save()
            if isinstance(locked, Deliverable):
                emit("deliverable.file_added", obj=locked, actor=actor, at=at, version=row.version)
    except BaseException:
        if row is not None and row.file.name:
            row.file.storage.delete(row.file.name)
        raise
    return row


@transaction.atomic
def project_document_create(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], upload: UploadedFile | None, at: datetime | None = None
) -> ProjectDocument:
    """A project document with its first version; without a valid file there is no document either."""
    document = record_save(instance=ProjectDocument(**data), actor=actor)  # undone if the upload is refused
    file_version_add(owner=document, upload=upload, actor=actor, at=at)
    return document
