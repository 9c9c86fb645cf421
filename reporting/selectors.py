"""Reads of generated documents, scoped like their download: staff, coordinators and auditors.

Partners do not request or read generated documents (they hold every partner's figures), so for a
partner the documents do not exist (404), as DESIGN.md's access table says.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from projects.models import ProjectMembership
from projects.selectors import member_project_ids
from reporting.models import GeneratedDocument

Role = ProjectMembership.Role


def document_project_ids(user: AbstractBaseUser) -> QuerySet:
    """The projects whose documents the user may request and read (a subquery); staff: every project."""
    return member_project_ids(user, Role.COORDINATOR, Role.AUDITOR)


def document_list(*, user: AbstractBaseUser) -> QuerySet[GeneratedDocument]:
    queryset = GeneratedDocument.objects.select_related("project", "period", "requested_by")
    if user.is_staff:
        return queryset
    return queryset.filter(project_id__in=document_project_ids(user))


def document_by_hash(*, user: AbstractBaseUser, sha256: str) -> GeneratedDocument | None:
    """The finished document with this SHA-256 among those the user may read, or None."""
    return document_list(user=user).filter(status=GeneratedDocument.Status.DONE, sha256=sha256).first()
