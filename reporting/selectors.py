"""Reads of generated documents, scoped by the access policy's ``READ_DOCUMENTS``: staff, the project's
coordinators and auditors.

Partners do not request or read generated documents (they hold every partner's figures), so for a
partner the documents do not exist (404), as DESIGN.md's access table says.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from projects.access import Action, scoped
from reporting.models import GeneratedDocument


def document_list(*, user: AbstractBaseUser) -> QuerySet[GeneratedDocument]:
    """The documents of the projects whose documents the user may read (staff: all)."""
    queryset = GeneratedDocument.objects.select_related("project", "period", "requested_by")
    return scoped(queryset, user, Action.READ_DOCUMENTS, project="project")


def document_file_missing(document: GeneratedDocument) -> bool:
    """Whether a finished document's stored PDF is gone from the storage (lost, to be restored from backup)."""
    return not document.file.name or not document.file.storage.exists(document.file.name)


def document_by_hash(*, user: AbstractBaseUser, sha256: str) -> GeneratedDocument | None:
    """The finished document with this SHA-256 among those the user may read, or None."""
    return document_list(user=user).filter(status=GeneratedDocument.Status.DONE, sha256=sha256).first()
