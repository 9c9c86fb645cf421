"""Who may do what: the one access policy (DESIGN.md, "Access").

Read it top to bottom to answer "who may do this?":

- ``Role``: who a user is towards a project, or towards one object in it (``OWN_PARTNER``: a member
  of the partner organisation the object belongs to — a claim's partner, a deliverable's responsible
  partner, a mandate's signatory).
- ``RULES``: for every ``Action``, the roles that allow it.
- ``SCOPES``: for every model, where its project and its partner are, which action sees a row of it
  and which action writes it.

Selectors (what a user sees), services (what a user may change, checked whoever calls), the API's
permissions, the admin, the workflow machines (``roles_towards`` gives the roles their transitions
name), reporting and the web pages all ask this module; nothing else decides. Outside what a user may
see an object does not exist (``OutOfScope``, 404); inside it, a forbidden action is ``ActionForbidden``
(403).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.errors import ActionForbidden, OutOfScope, one_of
from projects.models import (
    BudgetLine,
    Call,
    Cluster,
    Deliverable,
    DeliverableFile,
    ExchangeRate,
    Expense,
    FlatRate,
    Indicator,
    IndicatorValue,
    Milestone,
    Organisation,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Programme,
    Project,
    ProjectDocument,
    ProjectDocumentFile,
    ProjectMembership,
    ReportingPeriod,
    SupportingDocument,
    WorkPackage,
)


class Role(models.TextChoices):
    """Who a user is here. The label is how a sentence names the people holding the role."""

    STAFF = "staff", _("the cluster office's staff")
    COORDINATOR = "coordinator", _("the project's coordinators")
    PARTNER = "partner", _("the project's partners")
    AUDITOR = "auditor", _("the project's auditors")
    OWN_PARTNER = "own_partner", _("the partner it belongs to")


STAFF, COORDINATOR, PARTNER, AUDITOR, OWN_PARTNER = Role
MEMBERSHIP_ROLES = frozenset({COORDINATOR, PARTNER, AUDITOR})  # held through a ProjectMembership


class Action(models.TextChoices):
    VIEW = "view", _("see it")
    VIEW_MONEY = "view_money", _("see this partner's claims and expenses")
    EDIT = "edit", _("change the project's data")
    WRITE_EXPENSES = "write_expenses", _("write this claim's expenses")
    UPLOAD = "upload", _("upload files here")
    READ_DOCUMENTS = "read_documents", _("request and read generated documents and exports")
    APPOINT_COORDINATOR = "appoint_coordinator", _("appoint or remove coordinators")
    # Without a project: the roles a user holds in any project count.
    START_PROJECT = "start_project", _("start projects")
    EDIT_ORGANISATIONS = "edit_organisations", _("add or change organisations")
    EDIT_REFERENCE_DATA = "edit_reference_data", _("change clusters, programmes, calls and exchange rates")
    MANAGE_USERS = "manage_users", _("manage user accounts")


RULES: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset({STAFF, COORDINATOR, PARTNER, AUDITOR}),
    Action.VIEW_MONEY: frozenset({STAFF, COORDINATOR, AUDITOR, OWN_PARTNER}),
    Action.EDIT: frozenset({STAFF, COORDINATOR}),
    Action.WRITE_EXPENSES: frozenset({STAFF, COORDINATOR, OWN_PARTNER}),
    Action.UPLOAD: frozenset({STAFF, COORDINATOR, OWN_PARTNER}),
    Action.READ_DOCUMENTS: frozenset({STAFF, COORDINATOR, AUDITOR}),
    Action.APPOINT_COORDINATOR: frozenset({STAFF}),
    Action.START_PROJECT: frozenset({STAFF, COORDINATOR}),
    Action.EDIT_ORGANISATIONS: frozenset({STAFF, COORDINATOR}),
    Action.EDIT_REFERENCE_DATA: frozenset({STAFF}),
    Action.MANAGE_USERS: frozenset({STAFF}),
}

SELF = "pk"  # a path that leads from a row to itself


def _is_mandate(document: ProjectDocument) -> bool:
    # A partner may upload its own signed mandate, not other documents that happen to name it.
    return document.kind == ProjectDocument.Kind.PARTNERSHIP_MANDATE


@dataclass(frozen=True)
class Scope:
    """Where a model's rows sit: ``project`` and ``partner`` are ORM paths from a row (``SELF``: the row
    itself); ``view`` sees a row, ``write`` creates, changes or deletes one. Without a project, a row is
    reference data every signed-in user reads."""

    write: Action
    project: str | None = None
    partner: str | None = None
    view: Action = Action.VIEW
    owned_if: Callable[[models.Model], bool] | None = None  # when the partner path makes OWN_PARTNER


SCOPES: dict[type[models.Model], Scope] = {
    Organisation: Scope(write=Action.EDIT_ORGANISATIONS),
    Cluster: Scope(write=Action.EDIT_REFERENCE_DATA),
    Programme: Scope(write=Action.EDIT_REFERENCE_DATA),
    FlatRate: Scope(write=Action.EDIT_REFERENCE_DATA),
    Call: Scope(write=Action.EDIT_REFERENCE_DATA),
    ExchangeRate: Scope(write=Action.EDIT_REFERENCE_DATA),
    Project: Scope(write=Action.EDIT, project=SELF),
    Partner: Scope(write=Action.EDIT, project="project", partner=SELF),
    BudgetLine: Scope(write=Action.EDIT, project="partner__project", partner="partner"),
    ProjectMembership: Scope(write=Action.EDIT, project="project"),
    WorkPackage: Scope(write=Action.EDIT, project="project"),
    Deliverable: Scope(write=Action.EDIT, project="project", partner="responsible_partner"),
    DeliverableFile: Scope(
        write=Action.UPLOAD, project="deliverable__project", partner="deliverable__responsible_partner"
    ),
    Milestone: Scope(write=Action.EDIT, project="project"),
    ReportingPeriod: Scope(write=Action.EDIT, project="project"),
    PeriodicReport: Scope(write=Action.EDIT, project="period__project"),
    Indicator: Scope(write=Action.EDIT, project="project"),
    IndicatorValue: Scope(write=Action.EDIT, project="indicator__project"),
    ProjectDocument: Scope(write=Action.UPLOAD, project="project", partner="partner", owned_if=_is_mandate),
    ProjectDocumentFile: Scope(
        write=Action.UPLOAD,
        project="document__project",
        partner="document__partner",
        owned_if=lambda version: _is_mandate(version.document),
    ),
    PartnerClaim: Scope(
        write=Action.WRITE_EXPENSES, project="partner__project", partner="partner", view=Action.VIEW_MONEY
    ),
    Expense: Scope(
        write=Action.WRITE_EXPENSES, project="claim__partner__project", partner="claim__partner", view=Action.VIEW_MONEY
    ),
    SupportingDocument: Scope(
        write=Action.WRITE_EXPENSES,
        project="expense__claim__partner__project",
        partner="expense__claim__partner",
        view=Action.VIEW_MONEY,
    ),
}


# --- Who a user is -------------------------------------------------------------------------------


def member_projects(user: AbstractBaseUser, roles: frozenset[Role] = MEMBERSHIP_ROLES) -> QuerySet:
    """Ids of the projects where the user holds one of ``roles``, as a subquery."""
    return ProjectMembership.objects.filter(user=user, role__in=roles & MEMBERSHIP_ROLES).values("project_id")


def own_partners(user: AbstractBaseUser) -> QuerySet:
    """Ids of the partners (project × organisation) the user works for as a partner member, as a subquery."""
    return Partner.objects.filter(
        Exists(
            ProjectMembership.objects.filter(
                user=user,
                role=PARTNER,
                project_id=OuterRef("project_id"),
                organisation_id=OuterRef("organisation_id"),
            )
        )
    ).values("id")


def roles_in(user: AbstractBaseUser, project: Project | None) -> frozenset[Role]:
    """The user's roles in ``project``; without one, every role they hold in any project."""
    if not user.is_authenticated:
        return frozenset()
    memberships = ProjectMembership.objects.filter(user_id=user.pk)  # by id: a new user has none yet
    if project is not None:
        memberships = memberships.filter(project_id=project.pk)
    roles = {Role(role) for role in memberships.values_list("role", flat=True).distinct()}
    return frozenset(roles | ({STAFF} if user.is_staff else set()))


def roles_towards(user: AbstractBaseUser, obj: models.Model) -> frozenset[Role]:
    """The user's roles towards one object: their roles in its project, plus ``OWN_PARTNER`` when it
    belongs to a partner they work for. Nothing at all when they may not see it."""
    scope = SCOPES[type(obj)]
    project = _follow(obj, scope.project)
    if project is None or project.pk is None:  # a row not in a project yet: only staff may place it
        return frozenset({STAFF}) if user.is_staff else frozenset()
    roles = set(roles_in(user, project))
    partner = _owning_partner(obj, scope)
    if partner is not None and PARTNER in roles and own_partners(user).filter(id=partner.pk).exists():
        roles.add(OWN_PARTNER)
    if not roles & RULES[scope.view]:
        return frozenset()
    return frozenset(roles)


def project_of(obj: models.Model) -> Project | None:
    """The project an object belongs to (its scope's path), or None for reference data."""
    return _follow(obj, SCOPES[type(obj)].project)


def _follow(obj: models.Model, path: str | None) -> models.Model | None:
    if path is None:
        return None
    if path == SELF:
        return obj
    for name in path.split("__"):
        try:
            obj = getattr(obj, name)
        except ObjectDoesNotExist:  # a row being built that does not name its parent yet
            return None
        if obj is None:
            return None
    return obj


def _owning_partner(obj: models.Model, scope: Scope) -> Partner | None:
    if scope.partner is None or (scope.owned_if and not scope.owned_if(obj)):
        return None
    return _follow(obj, scope.partner)


def holders(obj: models.Model, roles: frozenset[Role]) -> QuerySet:
    """The active users holding one of ``roles`` towards ``obj``: the inverse of ``roles_towards``, for
    telling people (notifications, reminders) without a second list of who is who."""
    scope = SCOPES[type(obj)]
    project = _follow(obj, scope.project)
    partner = _owning_partner(obj, scope) if OWN_PARTNER in roles else None
    memberships = ProjectMembership.objects.none()
    if project is not None and roles & MEMBERSHIP_ROLES:
        memberships |= ProjectMembership.objects.filter(project_id=project.pk, role__in=roles & MEMBERSHIP_ROLES)
    if partner is not None:
        memberships |= ProjectMembership.objects.filter(
            project_id=partner.project_id, role=PARTNER, organisation_id=partner.organisation_id
        )
    who = Q(pk__in=memberships.values("user_id"))
    if STAFF in roles:
        who |= Q(is_staff=True)
    return get_user_model().objects.filter(who, is_active=True)


# --- What a user may do --------------------------------------------------------------------------


def _roles_for(user: AbstractBaseUser, obj: models.Model | None) -> frozenset[Role]:
    if obj is None or SCOPES[type(obj)].project is None:
        return roles_in(user, None)
    return roles_towards(user, obj)


def may(user: AbstractBaseUser, action: Action, obj: models.Model | None = None) -> bool:
    """Whether the user may take ``action`` on ``obj`` (or anywhere, for actions without a project).

    ``obj`` may be a row not saved yet: the row the user wants to create, with its project set.
    """
    return bool(_roles_for(user, obj) & RULES[action])


def require(user: AbstractBaseUser, action: Action, obj: models.Model | None = None) -> None:
    """Raise ``OutOfScope`` if the user may not see ``obj`` and ``ActionForbidden`` if they may not act."""
    roles = _roles_for(user, obj)
    if not roles and obj is not None and SCOPES[type(obj)].project is not None:
        raise OutOfScope(gettext("No such %(thing)s is visible to you.") % {"thing": obj._meta.verbose_name})
    if not roles & RULES[action]:
        allowed = one_of([role.label for role in Role if role in RULES[action]])
        raise ActionForbidden(gettext("Only %(roles)s may %(action)s.") % {"roles": allowed, "action": action.label})


def require_write(user: AbstractBaseUser, obj: models.Model) -> None:
    """Whether the user may create, change or delete this row (its model's ``write`` action)."""
    if isinstance(obj, Project) and obj._state.adding:
        require(user, Action.START_PROJECT)  # nobody has a role in a project that does not exist yet
    else:
        require(user, SCOPES[type(obj)].write, obj)


# --- What a user sees ----------------------------------------------------------------------------


def scoped(
    queryset: QuerySet, user: AbstractBaseUser, action: Action, *, project: str, partner: str | None = None
) -> QuerySet:
    """The rows of ``queryset`` on which the user may take ``action``: ``project`` and ``partner`` are the
    paths from a row to its project and to the partner it belongs to. (A list is never narrowed by a
    scope's ``owned_if``: no action that sees rows turns on it.)"""
    roles = RULES[action]
    if STAFF in roles and user.is_staff:
        return queryset
    allowed = Q(**{f"{project}__in": member_projects(user, roles)})
    if OWN_PARTNER in roles and partner is not None:
        allowed |= Q(**{f"{partner}__in": own_partners(user)})
    return queryset.filter(allowed)


def visible(user: AbstractBaseUser, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` the user may see (reference data and users: every signed-in user)."""
    scope = SCOPES.get(queryset.model)
    if scope is None or scope.project is None:
        return queryset
    return scoped(queryset, user, scope.view, project=scope.project, partner=scope.partner)
