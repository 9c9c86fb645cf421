"""Fixtures for generated documents: the demo data, and running a request's on-commit work.

Tasks run in process in the test settings (no broker), so a document requested inside a test is
rendered when its transaction's on-commit callbacks run: ``committed()`` runs them.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from projects import services
from projects.models import Project, ReportingPeriod
from tests.helpers import demo_loaded


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, loaded once for a module and rolled back after it (each test's changes roll back
    with the test)."""
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password="demo-password-123"):
        yield


@pytest.fixture
def demo(demo_data, db):
    """The demo's Talentjourney (``manage.py demo``): certified claims in period 1, PLN lines among them."""
    return Project.objects.get(acronym="Talentjourney")


@pytest.fixture
def demo_user():
    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): …`` runs the on-commit callbacks (the render task) when the block ends."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def other_project_period(world) -> ReportingPeriod:
    """A reporting period of the world's other project (OZE-LAB), where CIRCLE's documents do not look."""
    return services.reporting_period_create(
        actor=world.users["staff"],
        data={
            "project": world.other_project,
            "number": 1,
            "start_date": datetime.date(2026, 1, 1),
            "end_date": datetime.date(2026, 12, 31),
            "report_due_date": datetime.date(2027, 3, 1),
        },
    )
