"""``load_demo``: the demo world from ``data/``, written through the services in one transaction."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models, transaction

from projects.demo.consortium import load_project, load_work_plan
from projects.demo.reference import load_clusters, load_exchange_rates, load_organisations, load_programmes
from projects.demo.rows import Index
from projects.demo.story import tell_story
from projects.demo.users import DemoLogin, coordinator_of, load_memberships, load_users
from projects.demo.world import read_world
from projects.models import (
    BudgetLine,
    Call,
    Cluster,
    Deliverable,
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
    ProjectMembership,
    ReportingPeriod,
    WorkPackage,
)


@dataclass(frozen=True)
class DemoResult:
    logins: list[DemoLogin]
    counts: list[tuple[str, int]]  # (what, how many), in reading order


def load_demo(*, password: str | None = None) -> DemoResult:
    """Create whatever of the demo data is missing, in one transaction, and return the logins.

    With ``password`` every demo user gets that password (a user who already has it is not touched);
    without it, users created now get a generated password and existing users keep theirs.
    """
    if password is not None and not password:
        raise ValueError("The demo password must not be empty.")
    world = read_world()
    with transaction.atomic():
        # Users first: the staff user writes everything below, the coordinators what is theirs.
        users, logins = load_users(world.users, password=password)
        staff = users[world.users[0]["username"]]
        organisations = load_organisations(world.organisations, actor=staff)
        clusters = load_clusters(world.clusters, organisations=organisations, actor=staff)
        calls = load_programmes(world.programmes, actor=staff)
        load_exchange_rates(world.rates, source=world.rate_source, actor=staff)
        projects = Index("a project")
        for spec in world.projects:
            projects[spec["acronym"]] = load_project(
                spec, clusters=clusters, calls=calls, organisations=organisations, actor=staff
            )
        load_memberships(world.users, users=users, projects=projects, organisations=organisations, actor=staff)
        for spec in world.projects:
            project, coordinator = projects[spec["acronym"]], coordinator_of(spec["acronym"], world.users, users=users)
            load_work_plan(project, spec, organisations=organisations, actor=coordinator)
            tell_story(project, spec, organisations=organisations, coordinator=coordinator, staff=staff)
    return DemoResult(logins=logins, counts=demo_counts())


def demo_counts() -> list[tuple[str, int]]:
    """How many rows each part of the domain holds, for the command's summary line."""
    counted: tuple[type[models.Model], ...] = (
        Organisation,
        Cluster,
        Programme,
        FlatRate,
        Call,
        Project,
        Partner,
        BudgetLine,
        WorkPackage,
        Deliverable,
        Milestone,
        ReportingPeriod,
        PeriodicReport,
        PartnerClaim,
        Expense,
        Indicator,
        IndicatorValue,
        ExchangeRate,
        ProjectMembership,
        get_user_model(),
    )
    counts = []
    for model in counted:
        count = model._default_manager.count()
        name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        counts.append((str(name), count))
    return counts
