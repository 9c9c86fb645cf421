"""Helpers shared by the test modules: the demo data for a module, and acting through the API as a
signed-in user would."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from projects.models import Deliverable, PartnerClaim, PeriodicReport, Project

# The API resource of each workflow machine's model (DESIGN.md, "Workflow endpoints").
TRANSITION_ROUTES = {
    Project: "projects",
    Deliverable: "deliverables",
    PartnerClaim: "partner-claims",
    PeriodicReport: "periodic-reports",
}


@contextmanager
def demo_loaded(django_db_blocker, media_root: Path, *, password: str) -> Iterator[None]:
    """The demo data (``manage.py demo``) for a module-scoped fixture: loaded in a transaction that is
    rolled back on exit, its uploaded files stored under ``media_root`` (a temporary folder) rather
    than the project's var/."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        call_command("demo", password=password, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def transition(client, obj, name: str, **body):
    """Take the transition ``name`` of ``obj`` as the client's user: ``POST …/{id}/transitions/{name}/``."""
    route = TRANSITION_ROUTES[type(obj)]
    return client.post(f"/api/{route}/{obj.pk}/transitions/{name}/", body, format="json")
