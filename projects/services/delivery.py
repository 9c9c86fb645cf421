"""Deliverables: a planned one may still be deleted; once submitted it keeps its history."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from common.errors import Conflict
from projects import access
from projects.models import Deliverable


@transaction.atomic
def deliverable_delete(*, actor: AbstractBaseUser, deliverable: Deliverable) -> None:
    access.require_write(actor, deliverable)
    if deliverable.status != Deliverable.Status.PLANNED:
        raise Conflict(
            gettext("%(code)s is %(status)s: only a planned deliverable can be deleted; waive it instead.")
            % {"code": deliverable.code, "status": deliverable.get_status_display().lower()}
        )
    deliverable.delete()
