"""Reads of generated documents, scoped like their download: staff, coordinators and auditors.

Partners do not request or read generated documents (they hold every partner's figures), so for a
partner the documents do not exist (404), as DESIGN.md's access table says.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from projects.models import Project, ProjectMembership
from projects.selectors import member_project_ids, project_role
from reporting.models import GeneratedDocument

Role = ProjectMembership.Role
READING_ROLES = {"staff", Role.COORDINATOR, Role.AUDITOR}


def may_read_documents(*, user: AbstractBaseUser, project: Project) -> bool:
    """Staff, the project's coordinators and auditors request and read its documents and exports."""
    return project_role(user=user, project=project) in READING_ROLES


def document_list(*, user: AbstractBaseUser) -> QuerySet[GeneratedDocument]:
    """The documents of the projects the user coordinates or audits (staff: all), as ``may_read_documents``."""
    queryset = GeneratedDocument.objects.select_related("project", "period", "requested_by")
    if user.is_staff:
        return queryset
    return queryset.filter(project_id__in=member_project_ids(user, Role.COORDINATOR, Role.AUDITOR))


def document_by_hash(*, user: AbstractBaseUser, sha256: str) -> GeneratedDocument | None:
    """The finished document with this SHA-256 among those the user may read, or None."""
    return document_list(user=user).filter(status=GeneratedDocument.Status.DONE, sha256=sha256).first()
