"""A user's work: their projects by lifecycle stage, what they can do now, what waits for others and what
falls due (the dashboard, DESIGN.md "Pages").

The machines decide: a state is work for a user when one of their roles may take a *step* leaving it —
a transition that needs no comment (submit, accept, certify, approve…); the ones that need a comment
(return, request changes, withdraw) are the other answers of a decision, never work of their own.
Whether the user may take a transition now is ``transitions_available``'s answer, the one source of
"may and can". The candidates are narrowed in the database first, so the guards run for a few objects,
not for every object of every project:

- by state and role: only objects in a state where one of the user's roles in that project takes a step;
- by organisation: the states where the partner an object belongs to takes the step (a deliverable to
  upload, a claim to fill in) are work for the people of that organisation — its partner members and a
  coordinator who works for it — not for every coordinator who may also take that step;
- by time: a deliverable once it falls due within ``HORIZON``, has a file waiting to be submitted or was
  sent back; a claim once its period has started; an open periodic report once its period has ended or
  its report falls due within ``HORIZON``; a project in implementation once its end is that near.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.users import display_name
from projects.access import MEMBERSHIP_ROLES, Role, own_partners, project_of, visible
from projects.models import (
    Deliverable,
    Milestone,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Project,
    ProjectMembership,
    ReportingPeriod,
)
from projects.models.delivery import OUTSTANDING
from projects.models.periods import PeriodicReportStatus
from projects.models.projects import ProjectStatus
from workflows import registry
from workflows.models import TransitionLog
from workflows.registry import Machine, Transition
from workflows.services import transitions_available

from .projects import project_list

HORIZON = timedelta(days=30)
"""How far ahead the dashboard looks: the deadlines of the next 30 days, and the work falling due in them."""

DEADLINES_SHOWN = 50
"""At most this many deadlines, the earliest first (the overdue ones lead); the rest are counted."""


READERS = frozenset({Role.COORDINATOR, Role.AUDITOR, Role.STAFF})
"""Who follows every date of a project; a partner member follows their organisation's (and milestones)."""


@dataclass(frozen=True)
class ProjectLine:
    """A project on the dashboard: its next due date, and how many of its dates have passed undone."""

    project: Project
    next_due: date | None
    overdue: int


@dataclass(frozen=True)
class Stage:
    """The user's projects in one state of the project machine."""

    state: str
    label: str
    projects: list[ProjectLine]


@dataclass(frozen=True)
class WorkItem:
    """An object the user has work on now.

    ``kind`` is its machine's name (``project``, ``deliverable``, ``partner_claim``, ``periodic_report``);
    ``actions`` the labels of the transitions the user may take now (the ones ending it for good, such
    as withdrawing, left out); ``blocked`` the first reason their next step is blocked when they may
    take none; ``note`` the comment it was sent back with (the changes a coordinator asked for).
    """

    kind: str
    obj: models.Model
    project: Project
    label: str
    state: str
    state_label: str
    actions: tuple[str, ...]
    blocked: str = ""
    due: date | None = None
    overdue: bool = False
    note: str = ""


@dataclass(frozen=True)
class WaitingItem:
    """An object the user moved on (``done``: the transition's label, ``done_at``) that now waits for
    others: ``waiting_for`` names their roles, ``people`` the project's members who hold them."""

    kind: str
    obj: models.Model
    project: Project
    label: str
    state: str
    state_label: str
    done: str
    done_at: datetime
    waiting_for: tuple[str, ...]
    people: tuple[str, ...]


@dataclass(frozen=True)
class Deadline:
    """A date an undone thing falls due; ``kind``: ``deliverable``, ``milestone``, ``partner_claim`` or
    ``periodic_report``."""

    kind: str
    obj: models.Model
    project: Project
    label: str
    due: date
    overdue: bool


@dataclass(frozen=True)
class Dashboard:
    stages: list[Stage]
    todo: list[WorkItem]
    waiting: list[WaitingItem]
    deadlines: list[Deadline]
    more_deadlines: int  # how many fall due beyond the ``DEADLINES_SHOWN`` listed
    acts: bool  # whether any of the user's roles takes any transition at all (an auditor's take none)


# --- Who the user is, read once ------------------------------------------------------------------


@dataclass
class _Who:
    """The user's roles per project and the partners they work for: a prefilter that mirrors
    ``access.roles_towards``, read in three queries; ``transitions_available`` has the last word."""

    user: AbstractBaseUser
    roles: dict[int, set[Role]] = field(default_factory=lambda: defaultdict(set))
    own: set[int] = field(default_factory=set)  # partners the user is a partner member of (OWN_PARTNER)
    organisation: set[int] = field(default_factory=set)  # partners of the organisation they work for, any role

    @classmethod
    def of(cls, user: AbstractBaseUser) -> "_Who":
        who = cls(user)
        organisations = defaultdict(set)
        for project_id, role, organisation_id in ProjectMembership.objects.filter(user_id=user.pk).values_list(
            "project_id", "role", "organisation_id"
        ):
            who.roles[project_id].add(Role(role))
            if organisation_id:
                organisations[project_id].add(organisation_id)
        who.own = set(own_partners(user).values_list("id", flat=True))
        partners = Partner.objects.filter(project_id__in=list(organisations))
        who.organisation = {
            partner_id
            for partner_id, project_id, organisation_id in partners.values_list("id", "project_id", "organisation_id")
            if organisation_id in organisations[project_id]
        }
        return who

    def towards(self, project_id: int, partner_id: int | None = None) -> frozenset[Role]:
        roles = set(self.roles.get(project_id, ()))
        if self.user.is_staff:
            roles.add(Role.STAFF)
        if partner_id in self.own and Role.PARTNER in roles:
            roles.add(Role.OWN_PARTNER)
        return frozenset(roles)

    def anywhere(self) -> frozenset[Role]:
        roles = set().union(*self.roles.values())
        if self.user.is_staff:
            roles.add(Role.STAFF)
        if Role.PARTNER in roles:
            roles.add(Role.OWN_PARTNER)
        return frozenset(roles)

    def in_projects(self, roles: Iterable[Role], path: str) -> Q:
        """Rows whose project (at ``path``) is one where the user holds one of ``roles``."""
        roles = set(roles)
        if Role.STAFF in roles and self.user.is_staff:
            return Q(pk__isnull=False)  # every row (an empty Q would vanish from an OR)
        return Q(**{f"{path}__in": [pid for pid, held in self.roles.items() if held & roles & MEMBERSHIP_ROLES]})


def _steps(machine: Machine, state: str, roles: Iterable[Role]) -> list[Transition]:
    """The steps (transitions needing no comment) leaving ``state`` that one of ``roles`` may take."""
    roles = frozenset(roles)
    return [t for t in machine.leaving(state) if not t.comment_required and t.roles & roles]


def _states(machine: Machine, roles: Iterable[Role]) -> set[str]:
    return {state for state in machine.states if _steps(machine, state, roles)}


def _step_roles(machine: Machine, state: str) -> frozenset[Role]:
    return frozenset(role for t in machine.leaving(state) if not t.comment_required for role in t.roles)


def _ends_for_good(machine: Machine, transition: Transition) -> bool:
    """A transition that needs a comment and leads where nothing leaves (withdraw, waive, decline): an
    answer the user may give, never the work itself."""
    return transition.comment_required and not machine.leaving(transition.target)


def _decisions(machine: Machine, who: _Who, path: str, owner_states: set[str]) -> Q:
    """Objects in a state where the user's project role (not the owning partner) takes a step."""
    wanted = Q(pk__in=[])
    for state in _states(machine, who.anywhere() - {Role.OWN_PARTNER}) - owner_states:
        wanted |= Q(status=state) & who.in_projects(_step_roles(machine, state), path)
    return wanted


# --- What an object is called, where it is, when it is due ----------------------------------------


def _label(kind: str, obj: models.Model) -> str:
    if kind == "project":
        return f"{obj.acronym}: {obj.title}"
    if kind in ("deliverable", "milestone"):
        return f"{obj.code} {obj.title}"
    if kind == "partner_claim":
        return _("Claim of %(organisation)s for period %(number)s") % {
            "organisation": obj.partner.organisation,
            "number": obj.period.number,
        }
    return _("Report for period %(number)s") % {"number": obj.period.number}


def _partner_of(kind: str, obj: models.Model) -> int | None:
    """The partner an object belongs to (its owner), if any."""
    if kind == "deliverable":
        return obj.responsible_partner_id
    if kind == "partner_claim":
        return obj.partner_id
    return None


def _due_of(kind: str, obj: models.Model) -> date | None:
    if kind == "deliverable":
        return obj.due_date
    if kind in ("partner_claim", "periodic_report"):
        return obj.period.report_due_date
    if kind == "project" and obj.status in (ProjectStatus.IN_IMPLEMENTATION, ProjectStatus.FINAL_REPORTING):
        return obj.end_date
    return None


# --- My projects by stage ------------------------------------------------------------------------


def project_stages(*, user: AbstractBaseUser, today: date | None = None) -> list[Stage]:
    """The user's projects (``project_list``: staff see every project) grouped by state in the project
    machine's order, only the states holding one. A project's next due date is the earliest date to
    come of its open deliverables, unachieved milestones and periods whose report (and claims) is not
    approved yet; ``overdue`` counts those dates already past."""
    today = today or timezone.localdate()
    projects = list(project_list(user=user).prefetch_related(None))
    ids = [project.pk for project in projects]
    upcoming: dict[int, list[date]] = defaultdict(list)
    overdue: dict[int, int] = defaultdict(int)
    sources = [
        (Deliverable.objects.filter(status__in=OUTSTANDING), "due_date"),
        (Milestone.objects.filter(achieved_on__isnull=True), "due_date"),
        (ReportingPeriod.objects.exclude(report__status=PeriodicReportStatus.APPROVED), "report_due_date"),
    ]
    for queryset, due in sources:
        rows = (
            queryset.filter(project_id__in=ids)
            .values("project_id")
            .annotate(
                next=Min(due, filter=Q(**{f"{due}__gte": today})), late=Count("pk", filter=Q(**{f"{due}__lt": today}))
            )
        )
        for row in rows:
            if row["next"]:
                upcoming[row["project_id"]].append(row["next"])
            overdue[row["project_id"]] += row["late"]
    by_state = defaultdict(list)
    for project in projects:
        by_state[project.status].append(
            ProjectLine(project, min(upcoming[project.pk], default=None), overdue[project.pk])
        )
    return [
        Stage(state, str(label), by_state[state])
        for state, label in registry.for_model(Project).states.items()
        if by_state[state]
    ]


# --- To do ---------------------------------------------------------------------------------------


def _candidates(who: _Who, today: date) -> list[tuple[str, models.Model]]:
    """The objects where one of the user's roles has a step, narrowed by state, organisation and time."""
    user, until = who.user, today + HORIZON
    candidates: list[tuple[str, models.Model]] = []

    machine = registry.get("project")
    projects = visible(user, Project.objects.select_related("call")).filter(status__in=_states(machine, who.anywhere()))
    candidates += [
        ("project", project)
        for project in projects
        if not (project.status == ProjectStatus.IN_IMPLEMENTATION and project.end_date > until)
    ]

    # Deliverables to review, and the organisation's to upload and submit: due soon, a file waiting, sent back.
    machine = registry.get("deliverable")
    owner_states = _states(machine, {Role.OWN_PARTNER})
    uploads = Q(status__in=owner_states, responsible_partner_id__in=who.organisation) & (
        Q(due_date__lte=until) | Q(latest_version__isnull=False) | ~Q(status=machine.initial)
    )
    deliverables = visible(user, Deliverable.objects.annotate(latest_version=Max("versions__version")))
    deliverables = deliverables.select_related("project").filter(
        _decisions(machine, who, "project_id", owner_states) | uploads
    )
    candidates += [("deliverable", deliverable) for deliverable in deliverables]

    # Claims to certify or return, and the organisation's to fill in once their period has started.
    machine = registry.get("partner_claim")
    owner_states = _states(machine, {Role.OWN_PARTNER})
    filling = Q(status__in=owner_states, partner_id__in=who.organisation, period__start_date__lte=today)
    claims = visible(user, PartnerClaim.objects.select_related("partner__organisation", "partner__project", "period"))
    claims = claims.filter(_decisions(machine, who, "partner__project_id", owner_states) | filling)
    candidates += [("partner_claim", claim) for claim in claims]

    # Reports to write once their period has ended (or they fall due soon), and to verify.
    machine = registry.get("periodic_report")
    wanted = Q(pk__in=[])
    for state in _states(machine, who.anywhere()):
        in_state = Q(status=state) & who.in_projects(_step_roles(machine, state), "period__project_id")
        if state == machine.initial:
            in_state &= Q(period__end_date__lt=today) | Q(period__report_due_date__lte=until)
        wanted |= in_state
    reports = visible(user, PeriodicReport.objects.select_related("period__project")).filter(wanted)
    candidates += [("periodic_report", report) for report in reports]
    return candidates


def _sent_back(kind: str, state: str) -> bool:
    """Whether ``state`` is where a decision sends an object back (changes requested, a returned claim)."""
    return any(t.target == state and t.comment_required for t in registry.get(kind).transitions)


def _last_comments(objects: list[models.Model]) -> dict[tuple[str, int], str]:
    """The comment of the last transition taken on each object, where it had one."""
    ids = defaultdict(list)
    for obj in objects:
        ids[obj._meta.label].append(obj.pk)
    last = Q(pk__in=[])
    for label, pks in ids.items():
        newest = TransitionLog.objects.filter(object_type=label, object_id__in=pks).values("object_id")
        last |= Q(pk__in=newest.annotate(last=Max("id")).values("last"))
    rows = TransitionLog.objects.filter(last).exclude(comment="").values_list("object_type", "object_id", "comment")
    return {(label, pk): comment for label, pk, comment in rows}


def todo(*, user: AbstractBaseUser, today: date | None = None) -> list[WorkItem]:
    """What the user can do now, each with the transitions they may take or why their next step is
    blocked: the ones they can take first, then by due date."""
    return _todo(_Who.of(user), today or timezone.localdate())


def _todo(who: _Who, today: date) -> list[WorkItem]:
    user = who.user
    items: list[WorkItem] = []
    for kind, obj in _candidates(who, today):
        machine = registry.get(kind)
        state = machine.state_of(obj)
        project = project_of(obj)
        steps = {t.name for t in _steps(machine, state, who.towards(project.pk, _partner_of(kind, obj)))}
        if not steps:
            continue
        available = transitions_available(obj=obj, actor=user)
        actions = tuple(
            str(t["label"]) for t in available if t["allowed"] and not _ends_for_good(machine, machine.get(t["name"]))
        )
        blocked = next((t["reasons"][0] for t in available if t["name"] in steps and t["reasons"]), "")
        if not actions and not blocked:
            continue
        due = _due_of(kind, obj)
        items.append(
            WorkItem(
                kind=kind,
                obj=obj,
                project=project,
                label=_label(kind, obj),
                state=state,
                state_label=str(machine.states[state]),
                actions=actions,
                blocked="" if actions else blocked,
                due=due,
                overdue=bool(due and due < today),
            )
        )
    comments = _last_comments([item.obj for item in items if _sent_back(item.kind, item.state)])
    items = [replace(item, note=comments.get((item.obj._meta.label, item.obj.pk), "")) for item in items]
    return sorted(items, key=lambda item: (not item.actions, item.due or date.max, item.project.acronym, item.label))


# --- Waiting for others --------------------------------------------------------------------------


_PEOPLE_OF = {Role.COORDINATOR: Role.COORDINATOR, Role.PARTNER: Role.PARTNER, Role.OWN_PARTNER: Role.PARTNER}


def waiting(*, user: AbstractBaseUser) -> list[WaitingItem]:
    """What the user moved on and others must move next: the objects whose last transition the user
    took, still in the state it led to, where others' roles take the next step and the user's do not.
    The newest first."""
    return _waiting(_Who.of(user))


def _waiting(who: _Who) -> list[WaitingItem]:
    user = who.user
    later = TransitionLog.objects.filter(
        object_type=OuterRef("object_type"), object_id=OuterRef("object_id"), id__gt=OuterRef("id")
    )
    rows = TransitionLog.objects.filter(actor_id=user.pk).exclude(Exists(later))
    by_machine = defaultdict(dict)
    for row in rows:
        by_machine[row.machine][row.object_id] = row
    found: list[tuple[str, models.Model, TransitionLog, frozenset[Role]]] = []
    related = {
        "project": ("call",),
        "deliverable": ("project", "responsible_partner__organisation"),
        "partner_claim": ("partner__organisation", "partner__project", "period"),
        "periodic_report": ("period__project",),
    }
    for kind, rows_by_id in by_machine.items():
        machine = registry.get(kind)
        if machine is None or kind not in related:
            continue
        objects = visible(user, machine.model.objects.select_related(*related[kind]).filter(pk__in=list(rows_by_id)))
        for obj in objects:
            row = rows_by_id[obj.pk]
            state = machine.state_of(obj)
            if state != row.target:
                continue
            project = project_of(obj)
            if _steps(machine, state, who.towards(project.pk, _partner_of(kind, obj))):
                continue  # the user takes the next step: it is on their to-do list
            next_roles = _step_roles(machine, state)
            if next_roles:
                found.append((kind, obj, row, next_roles))

    projects = {project_of(obj).pk for kind, obj, _row, _roles in found}
    members = defaultdict(list)
    for membership in ProjectMembership.objects.filter(
        project_id__in=projects, role__in=[Role.COORDINATOR, Role.PARTNER]
    ).select_related("user", "organisation"):
        members[(membership.project_id, membership.role)].append(membership)

    items = []
    for kind, obj, row, next_roles in found:
        machine = registry.get(kind)
        project = project_of(obj)
        partner = obj.partner if kind == "partner_claim" else getattr(obj, "responsible_partner", None)
        people = []
        for role in sorted(next_roles):
            for membership in members.get((project.pk, _PEOPLE_OF.get(role)), []):
                if role == Role.OWN_PARTNER and (
                    partner is None or membership.organisation_id != partner.organisation_id
                ):
                    continue
                if membership.user_id != user.pk and display_name(membership.user) not in people:
                    people.append(display_name(membership.user))
        items.append(
            WaitingItem(
                kind=kind,
                obj=obj,
                project=project,
                label=_label(kind, obj),
                state=machine.state_of(obj),
                state_label=str(machine.states[machine.state_of(obj)]),
                done=str(machine.get(row.transition).label) if machine.get(row.transition) else row.transition,
                done_at=row.created_at,
                waiting_for=tuple(str(Role(role).label) for role in sorted(next_roles)),
                people=tuple(people),
            )
        )
    return sorted(items, key=lambda item: item.done_at, reverse=True)


# --- Deadlines -----------------------------------------------------------------------------------


def deadlines(*, user: AbstractBaseUser, today: date | None = None) -> tuple[list[Deadline], int]:
    """The dates falling due within ``HORIZON`` of things not done yet, and those already past (overdue),
    the earliest first; at most ``DEADLINES_SHOWN`` of them, and how many more there are.

    Coordinators, auditors and staff follow every deliverable and report of their projects; a partner
    member their organisation's deliverables and claims; everyone the milestones.
    """
    return _deadlines(_Who.of(user), today or timezone.localdate())


def _deadlines(who: _Who, today: date) -> tuple[list[Deadline], int]:
    user, until = who.user, today + HORIZON
    readers = who.in_projects(READERS, "project_id")
    found: list[Deadline] = []

    def add(kind: str, objects: Iterable[models.Model]) -> None:
        for obj in objects:
            due = obj.due_date if kind in ("deliverable", "milestone") else obj.period.report_due_date
            found.append(Deadline(kind, obj, project_of(obj), _label(kind, obj), due, due < today))

    add(
        "deliverable",
        visible(user, Deliverable.objects.select_related("project")).filter(
            Q(status__in=OUTSTANDING, due_date__lte=until) & (readers | Q(responsible_partner_id__in=who.organisation))
        ),
    )
    add(
        "milestone",
        visible(user, Milestone.objects.select_related("project")).filter(
            achieved_on__isnull=True, due_date__lte=until
        ),
    )
    add(
        "periodic_report",
        visible(user, PeriodicReport.objects.select_related("period__project")).filter(
            who.in_projects(READERS, "period__project_id"),
            status=registry.get("periodic_report").initial,
            period__report_due_date__lte=until,
        ),
    )
    add(
        "partner_claim",
        visible(
            user, PartnerClaim.objects.select_related("partner__organisation", "partner__project", "period")
        ).filter(
            status__in=_states(registry.get("partner_claim"), {Role.OWN_PARTNER}),
            partner_id__in=who.organisation,
            period__report_due_date__lte=until,
        ),
    )
    found.sort(key=lambda deadline: (deadline.due, deadline.project.acronym, deadline.label))
    return found[:DEADLINES_SHOWN], max(len(found) - DEADLINES_SHOWN, 0)


# --- The dashboard -------------------------------------------------------------------------------


def acts(*, user: AbstractBaseUser) -> bool:
    """Whether any role the user holds may take any transition of any machine (an auditor's may not)."""
    return _acts(_Who.of(user))


def _acts(who: _Who) -> bool:
    roles = who.anywhere()
    return any(t.roles & roles for machine in registry.machines() for t in machine.transitions)


def dashboard(*, user: AbstractBaseUser, today: date | None = None) -> Dashboard:
    """Everything the dashboard shows, for ``user`` as of ``today`` (the instance's date by default)."""
    today = today or timezone.localdate()
    who = _Who.of(user)
    shown, more = _deadlines(who, today)
    may_act = _acts(who)
    return Dashboard(
        stages=project_stages(user=user, today=today),
        todo=_todo(who, today) if may_act else [],
        waiting=_waiting(who) if may_act else [],
        deadlines=shown,
        more_deadlines=more,
        acts=may_act,
    )
