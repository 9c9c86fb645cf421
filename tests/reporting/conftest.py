"""Fixtures for generated documents: the demo data, and running a request's on-commit work.

Tasks run in process in the test settings (no broker), so a document requested inside a test is
rendered when its transaction's on-commit callbacks run: ``committed()`` runs them.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from projects.models import Project


@pytest.fixture
def demo(db):
    """The demo data (``manage.py demo``): Talentjourney has certified claims with PLN lines."""
    call_command("demo", password="demo-password-123", stdout=io.StringIO())
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
