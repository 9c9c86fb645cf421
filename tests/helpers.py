"""Helpers shared by the test modules: the demo data for a module, and acting through the API or the admin
as a signed-in user would."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from projects import services
from projects.models import Deliverable, PartnerClaim, PeriodicReport, Project

# The API resource of each workflow machine's model (DESIGN.md, "Workflow endpoints").
TRANSITION_ROUTES = {
    Project: "projects",
    Deliverable: "deliverables",
    PartnerClaim: "partner-claims",
    PeriodicReport: "periodic-reports",
}


@contextmanager
def demo_loaded(django_db_blocker, media_root: Path, *, password: str) -> Iterator[str]:
    """The demo data (``manage.py demo``) for a module-scoped fixture: loaded in a transaction that is
    rolled back on exit, its uploaded files stored under ``media_root`` (a temporary folder) rather
    than the project's var/. Yields what the command printed."""
    output = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        call_command("demo", password=password, stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def transition(client, obj, name: str, **body):
    """Take the transition ``name`` of ``obj`` as the client's user: ``POST …/{id}/transitions/{name}/``."""
    route = TRANSITION_ROUTES[type(obj)]
    return client.post(f"/api/{route}/{obj.pk}/transitions/{name}/", body, format="json")


def change_url(obj) -> str:
    return reverse(f"admin:projects_{obj._meta.model_name}_change", args=[obj.pk])


class FormValues(HTMLParser):
    """The values a browser sends when the admin's change form is submitted unchanged."""

    def __init__(self, html: str):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.data[name] = attrs.get("value") or ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def submit(client, obj, **changes):
    """Open the object's admin page, change some values and save it as a browser would."""
    data = FormValues(client.get(change_url(obj)).content.decode()).data
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(change_url(obj), data)


def supporting_documents_attached(claim, *, actor) -> None:
    """Each line of ``claim`` without a supporting document gets one (a small PDF), as ``actor`` uploads it:
    the claim's ``submit`` guard asks for them."""
    for expense in claim.expenses.filter(documents__isnull=True):
        upload = SimpleUploadedFile(f"invoice-{expense.pk}.pdf", b"%PDF-1.7 invoice", content_type="application/pdf")
        services.file_version_add(owner=expense, upload=upload, actor=actor)
