"""The demo users, their passwords and their project memberships."""

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from projects import services
from projects.demo.rows import DemoDataError, Index, explained, found_or_created
from projects.models import Organisation, Project, ProjectMembership

UNCHANGED = "(unchanged)"
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_staff", "is_superuser")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    password: str  # the password to log in with, or UNCHANGED when the user keeps an earlier one


def load_users(specs: Iterable[Mapping[str, Any]], *, password: str | None) -> tuple[Index, list[DemoLogin]]:
    """Every demo user, created by the staff user (the first, who creates itself); and their logins.

    With ``password`` every demo user gets that password (a user who already has it is not touched);
    without it, users created now get a generated password and existing users keep theirs.
    """
    users, logins, staff = Index("a user"), [], None
    for spec in specs:
        user, shown = _load_user(spec, actor=staff, password=password)
        staff = staff or user  # the first user is staff (``read_world`` checks it) and creates the others
        users[spec["username"]] = user
        logins.append(DemoLogin(username=user.get_username(), role=_describe_role(spec), password=shown))
    return users, logins


def _load_user(
    spec: Mapping[str, Any], *, actor: AbstractBaseUser | None, password: str | None
) -> tuple[AbstractBaseUser, str]:
    user = get_user_model()._default_manager.filter(username=spec["username"]).first()
    if user is None:
        shown = password or secrets.token_urlsafe(12)
        user = get_user_model()(**{name: spec[name] for name in USER_FIELDS if name in spec})
        with explained(f"user {spec['username']}"):
            # Nobody exists yet to vouch for the first staff user: like ``createsuperuser``, it creates itself.
            user = services.user_save(actor=actor or user, user=user, data={"password": shown})
        return user, shown
    if password is None:
        return user, UNCHANGED
    if not user.check_password(password):
        with explained(f"user {spec['username']}"):
            services.user_save(actor=actor or user, user=user, data={"password": password})
    return user, password


def load_memberships(
    specs: Iterable[Mapping[str, Any]],
    *,
    users: Mapping[str, AbstractBaseUser],
    projects: Mapping[str, Project],
    organisations: Mapping[str, Organisation],
    actor: AbstractBaseUser,
) -> None:
    for spec in specs:
        user = users[spec["username"]]
        for membership in spec.get("memberships", []):
            project = projects[membership["project"]]
            data = {
                "project": project,
                "user": user,
                "role": membership["role"],
                "organisation": _organisation(membership, project=project, organisations=organisations),
            }
            found_or_created(
                ProjectMembership,
                lookup={"project": project, "user": user},
                create=lambda data=data: services.membership_create(actor=actor, data=data),
            )


def coordinator_of(acronym: str, specs: Iterable[Mapping[str, Any]], *, users: Mapping[str, AbstractBaseUser]):
    """The project's coordinator as ``users.yaml`` names it: who writes its work plan, claims and history."""
    for spec in specs:
        for membership in spec.get("memberships", []):
            if membership["project"] == acronym and membership["role"] == ProjectMembership.Role.COORDINATOR:
                return users[spec["username"]]
    raise DemoDataError(f"users.yaml names no coordinator of {acronym}: the demo needs one to write its data.")


def _organisation(
    membership: Mapping[str, Any], *, project: Project, organisations: Mapping[str, Organisation]
) -> Organisation | None:
    if membership["role"] == ProjectMembership.Role.COORDINATOR:
        lead = project.lead_partner
        return lead.organisation if lead else None
    if membership["role"] == ProjectMembership.Role.PARTNER:
        return organisations[membership["organisation"]]
    return None  # an auditor acts for no partner


def _describe_role(spec: Mapping[str, Any]) -> str:
    if spec.get("is_superuser"):
        return "staff, superuser"
    if spec.get("is_staff"):
        return "staff"
    roles: dict[str, list[str]] = {}
    for membership in spec.get("memberships", []):
        roles.setdefault(str(membership["role"]), []).append(membership["project"])
    return "; ".join(f"{role} in {', '.join(acronyms)}" for role, acronyms in roles.items())
