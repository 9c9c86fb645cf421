"""Shared fixtures: a small consortium with one person for every role, and API clients signed in as them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from projects.models import Organisation, Project
from tests.broker import on_the_broker, worker  # noqa: F401  (the fixtures of the tests marked broker)
from tests.factories import (
    ExchangeRateFactory,
    OrganisationFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectMembershipFactory,
    UserFactory,
    project_with_every_row,
)


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL's row locks, or a real broker and worker, are skipped with the reason shown."""
    from django.conf import settings
    from django.db import connection

    skips = {}  # the first that applies is the reason shown
    if settings.CELERY_BROKER_URL.startswith("memory://") or connection.vendor != "postgresql":
        skips["broker"] = (
            "needs a real broker and a worker process sharing the database; run with "
            "CELERY_BROKER_URL=redis://… and DATABASE_URL=postgres://…"
        )
    if connection.vendor != "postgresql":
        skips["postgres"] = "needs PostgreSQL (row locks, real concurrency); run with DATABASE_URL=postgres://…"
    for item in items:
        for marker, reason in skips.items():
            if marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a page requested in Polish leaves Polish active in the thread."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores its uploads in its own folder, removed with it."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    """Names the objects the tests act on; ``users`` maps a test role to its user (None: anonymous)."""

    users: dict
    objects: dict
    project: Project
    other_project: Project


@pytest.fixture
def world(db) -> World:
    """CIRCLE, a proposal of the Velenje partnership with a row of every model (``project_with_every_row``)
    and one user for each role in it; beside it OZE-LAB, a proposal without a call where only the
    outsider works.

    CIRCLE's deliverable has no file and its expense no supporting document yet: the upload tests and
    the submission guards start from none.
    """
    users = {
        "staff": UserFactory(username="office", staff=True),
        "coordinator": UserFactory(username="coordinator"),
        "partner_same": UserFactory(username="partner.velenje"),  # works for the lead, Šolski center Velenje
        "partner_other": UserFactory(username="partner.gmt"),  # works for GMT d.o.o.
        "auditor": UserFactory(username="auditor"),
        "outsider": UserFactory(username="outsider"),  # works on OZE-LAB only
        "anonymous": None,
    }
    velenje = OrganisationFactory(
        name="Šolski center Velenje", short_name="ŠCV", kind=Organisation.Kind.SCHOOL, country="SI", city="Velenje"
    )
    gmt = OrganisationFactory(name="GMT d.o.o.", kind=Organisation.Kind.COMPANY, country="SI")
    circle = project_with_every_row(
        people=users,
        lead_organisation=velenje,
        partner_organisation=gmt,
        uploads=False,
        acronym="CIRCLE",
        title="Circular innovation city labs",
        summary="",
        cluster__name="Velenje partnership",
        cluster__country="SI",
        call__identifier="ADRION-2026",
        call__title="Circular economy",
        call__programme__name="Interreg ADRION",
        call__programme__code="adrion",
    )
    project = circle.project

    mechanik = OrganisationFactory(name="Zespół Szkół Technicznych „Mechanik”", kind=Organisation.Kind.SCHOOL)
    other_project = ProjectFactory(
        acronym="OZE-LAB",
        title="Renewable-energy classroom",
        summary="",
        cluster=project.cluster,
        call=None,
        end_date=datetime.date(2026, 12, 31),
    )
    PartnerFactory(project=other_project, organisation=mechanik, lead=True)
    ProjectMembershipFactory(user=users["outsider"], project=other_project, partner=True, organisation=mechanik)

    objects = {
        "mandate_a": circle.mandate,
        "organisation": velenje,
        "spare_organisation": mechanik,
        "cluster": project.cluster,
        "programme": project.call.programme,
        "call": project.call,
        "exchange_rate": ExchangeRateFactory(
            currency="PLN", month=datetime.date(2026, 1, 1), rate=Decimal("4.250000"), source="Demo value"
        ),
        "partner_a": circle.lead,
        "partner_b": circle.partner,
        "period": circle.period,
        "report": circle.report,
        "claim_a": circle.lead_claim,
        "work_package": circle.work_package,
        "empty_work_package": circle.empty_work_package,
        "deliverable": circle.deliverable,
        "milestone": circle.milestone,
        "indicator": circle.indicator,
        "spare_indicator": circle.spare_indicator,
        "indicator_value": circle.indicator_value,
        "expense": circle.expense,
        "auditor_membership": circle.memberships["auditor"],
    }
    return World(users=users, objects=objects, project=project, other_project=other_project)


@pytest.fixture
def client_for():
    """An API client signed in as the given user (anonymous for None)."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
