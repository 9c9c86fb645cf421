"""User accounts and who works on which project (memberships)."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from projects import access
from projects.access import Action
from projects.models import ProjectMembership

from .records import record_delete, record_save

User = get_user_model()


@transaction.atomic
def user_save(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], user: AbstractBaseUser | None = None
) -> AbstractBaseUser:
    """Create or change a user; the password, when given, is hashed, never stored as sent."""
    access.require(actor, Action.MANAGE_USERS)
    data = dict(data)
    password = data.pop("password", None)
    user = user or User()
    for name, value in data.items():
        setattr(user, name, value)
    if password:
        user.set_password(password)
    elif user._state.adding:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def _require_may_grant(actor: AbstractBaseUser, membership: ProjectMembership) -> None:
    """Coordinators add partners and auditors; only staff appoint (or remove) coordinators."""
    if membership.role == ProjectMembership.Role.COORDINATOR:
        access.require(actor, Action.APPOINT_COORDINATOR, membership)


@transaction.atomic
def membership_create(*, actor: AbstractBaseUser, data: Mapping[str, Any]) -> ProjectMembership:
    membership = ProjectMembership(**data)
    _require_may_grant(actor, membership)
    return record_save(instance=membership, actor=actor)


@transaction.atomic
def membership_update(
    *, actor: AbstractBaseUser, membership: ProjectMembership, data: Mapping[str, Any]
) -> ProjectMembership:
    _require_may_grant(actor, membership)
    for name, value in data.items():
        setattr(membership, name, value)
    _require_may_grant(actor, membership)
    return record_save(instance=membership, actor=actor)


@transaction.atomic
def membership_delete(*, actor: AbstractBaseUser, membership: ProjectMembership) -> None:
    _require_may_grant(actor, membership)
    record_delete(instance=membership, actor=actor)
