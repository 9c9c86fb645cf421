"""Every list endpoint runs a fixed number of queries whatever the page size (no N+1)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from projects import services
from projects.api.urls import router
from projects.models import Partner
from tests.factories import (
    ClusterFactory,
    FlatRateFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectMembershipFactory,
)
from tests.helpers import demo_loaded

MAX_QUERIES = 10


@pytest.fixture(scope="module")
def many_rows(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data plus enough projects, clusters, programmes and calls that every list has 50+ rows."""
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password="count-password"):
        office = get_user_model().objects.get(username="office")
        coordinator = get_user_model().objects.get(username="coordinator")
        organisations = [OrganisationFactory(name=f"Zespół Szkół nr {n}") for n in range(50)]
        for n in range(50):
            project = ProjectFactory(
                cluster=ClusterFactory(coordinating_organisation=organisations[n], members=organisations[:3]),
                call__programme__currency="PLN",
                end_date=datetime.date(2026, 12, 31),
            )
            FlatRateFactory(programme=project.call.programme)  # office and administration, 15 % of staff
            ProjectMembershipFactory(user=coordinator, project=project)
            for index, organisation in enumerate(organisations[n : n + 3]):
                services.partner_create(
                    actor=office,
                    data={
                        "project": project,
                        "organisation": organisation,
                        "role": "lead" if index == 0 else "partner",
                    },
                    budget_lines=[{"category": "staff", "amount": Decimal(1000)}],
                )
            period = services.reporting_period_create(
                actor=office,
                data={
                    "project": project,
                    "number": 1,
                    "start_date": project.start_date,
                    "end_date": project.end_date,
                    "report_due_date": datetime.date(2027, 3, 1),
                },
            )
            for partner in Partner.objects.filter(project=project):
                claim = partner.claims.get(period=period)
                services.expense_create(
                    actor=office,
                    data={
                        "claim": claim,
                        "category": "staff",
                        "description": "Teacher hours",
                        "amount": Decimal("100.00"),
                        "currency": "PLN",
                        "incurred_on": datetime.date(2026, 2, 1),
                    },
                )
        yield


LISTS = [prefix for prefix, _viewset, _basename in router.registry]


def queries_for(client: APIClient, url: str, page_size: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize("username", ["office", "coordinator", "partner.gmt"])
@pytest.mark.parametrize("prefix", LISTS)
def test_list_queries_do_not_grow_with_the_page(many_rows, db, prefix, username):
    user = get_user_model().objects.get(username=username)
    if prefix == "users" and not user.is_staff:
        pytest.skip("only staff list users")
    client = APIClient()
    client.force_authenticate(user)
    basename = {p: b for p, _v, b in router.registry}[prefix]
    url = reverse(f"{basename}-list")

    small, small_rows = queries_for(client, url, 5)
    large, large_rows = queries_for(client, url, 50)

    assert small == large, f"{prefix}: {small} queries for {small_rows} rows, {large} for {large_rows}"
    assert large <= MAX_QUERIES
