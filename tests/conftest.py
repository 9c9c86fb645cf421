"""Shared fixtures: a small consortium with one person for every role, and API clients signed in as them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from projects import services
from projects.models import (
    BudgetLine,
    Call,
    Cluster,
    Deliverable,
    ExchangeRate,
    FlatRate,
    Indicator,
    IndicatorValue,
    Milestone,
    Organisation,
    Partner,
    PartnerClaim,
    Programme,
    Project,
    ProjectMembership,
    WorkPackage,
)

User = get_user_model()
Role = ProjectMembership.Role


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


def _user(username: str, **extra) -> User:
    return User.objects.create_user(username=username, password="test-password-123", **extra)


@pytest.fixture
def world(db) -> World:
    lead = Organisation.objects.create(name="Šolski center Velenje", kind="school", country="SI", city="Velenje")
    gmt = Organisation.objects.create(name="GMT d.o.o.", kind="company", country="SI")
    mechanik = Organisation.objects.create(name="Zespół Szkół Technicznych „Mechanik”", kind="school", country="PL")
    cluster = Cluster.objects.create(name="Velenje partnership", country="SI", coordinating_organisation=lead)
    cluster.members.set([lead, gmt])
    programme = Programme.objects.create(name="Interreg ADRION", code="adrion", currency="EUR")
    FlatRate.objects.create(programme=programme, category="office_admin", rate=Decimal("15.00"), base=["staff"])
    call = Call.objects.create(
        programme=programme,
        identifier="ADRION-2026",
        title="Circular economy",
        opens_on=datetime.date(2026, 1, 1),
        deadline=datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC),
        co_financing_rate=Decimal("85.00"),
        max_grant=Decimal("1000000.00"),
    )
    project = Project.objects.create(
        acronym="CIRCLE",
        title="Circular innovation city labs",
        cluster=cluster,
        call=call,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    partner_a = Partner.objects.create(project=project, organisation=lead, role=Partner.Role.LEAD)
    partner_b = Partner.objects.create(project=project, organisation=gmt, role=Partner.Role.PARTNER)
    BudgetLine.objects.create(partner=partner_a, category="staff", amount=Decimal("10000.00"))
    BudgetLine.objects.create(partner=partner_b, category="travel", amount=Decimal("2000.00"))
    other_project = Project.objects.create(
        acronym="OZE-LAB",
        title="Renewable-energy classroom",
        cluster=cluster,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    Partner.objects.create(project=other_project, organisation=mechanik, role=Partner.Role.LEAD)

    users = {
        "staff": _user("office", is_staff=True),
        "coordinator": _user("coordinator"),
        "partner_same": _user("partner.velenje"),
        "partner_other": _user("partner.gmt"),
        "auditor": _user("auditor"),
        "outsider": _user("outsider"),
        "anonymous": None,
    }
    ProjectMembership.objects.create(user=users["coordinator"], project=project, role=Role.COORDINATOR)
    ProjectMembership.objects.create(user=users["partner_same"], project=project, role=Role.PARTNER, organisation=lead)
    ProjectMembership.objects.create(user=users["partner_other"], project=project, role=Role.PARTNER, organisation=gmt)
    auditor_membership = ProjectMembership.objects.create(user=users["auditor"], project=project, role=Role.AUDITOR)
    ProjectMembership.objects.create(
        user=users["outsider"], project=other_project, role=Role.PARTNER, organisation=mechanik
    )

    period = services.reporting_period_create(
        actor=users["staff"],
        data={
            "project": project,
            "number": 1,
            "start_date": datetime.date(2026, 1, 1),
            "end_date": datetime.date(2026, 12, 31),
            "report_due_date": datetime.date(2027, 3, 1),
        },
    )
    claim_a = PartnerClaim.objects.get(partner=partner_a, period=period)
    work_package = WorkPackage.objects.create(project=project, number=1, title="Management", lead_partner=partner_a)
    empty_work_package = WorkPackage.objects.create(project=project, number=9, title="Spare")
    deliverable = Deliverable.objects.create(
        project=project,
        work_package=work_package,
        code="D1.1",
        title="Project handbook",
        due_date=datetime.date(2026, 3, 31),
        responsible_partner=partner_a,
    )
    indicator = Indicator.objects.create(project=project, code="I1", name="Pilots", unit="pilots", target=4)
    spare_indicator = Indicator.objects.create(project=project, code="I2", name="Labs", unit="labs", target=2)
    expense = services.expense_create(
        actor=users["partner_same"],
        data={
            "claim": claim_a,
            "category": "staff",
            "description": "Project manager, January",
            "amount": Decimal("3000.00"),
            "currency": "EUR",
            "incurred_on": datetime.date(2026, 1, 31),
        },
    )
    mandate = services.project_document_create(
        actor=users["coordinator"],
        data={"project": project, "kind": "partnership_mandate", "partner": partner_a, "title": "Mandate of ŠCV"},
        upload=SimpleUploadedFile("pooblastilo-ŠCV.pdf", b"%PDF-1.7 signed mandate", content_type="application/pdf"),
    )
    objects = {
        "mandate_a": mandate,
        "organisation": lead,
        "spare_organisation": mechanik,
        "cluster": cluster,
        "programme": programme,
        "call": call,
        "exchange_rate": ExchangeRate.objects.create(
            currency="PLN", month=datetime.date(2026, 1, 1), rate=Decimal("4.250000"), source="Demo value"
        ),
        "partner_a": partner_a,
        "partner_b": partner_b,
        "period": period,
        "report": period.report,
        "claim_a": claim_a,
        "work_package": work_package,
        "empty_work_package": empty_work_package,
        "deliverable": deliverable,
        "milestone": Milestone.objects.create(
            project=project, code="M1", title="Kick-off", due_date=datetime.date(2026, 2, 1)
        ),
        "indicator": indicator,
        "spare_indicator": spare_indicator,
        "indicator_value": IndicatorValue.objects.create(indicator=indicator, period=period, value=1),
        "expense": expense,
        "auditor_membership": auditor_membership,
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
