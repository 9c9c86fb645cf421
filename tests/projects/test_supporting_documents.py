"""An expense's supporting document keeps its versions, as a deliverable's files do: attaching a new
invoice leaves the earlier one listed and downloadable with its bytes."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

FIRST = b"%PDF-1.7 invoice R-2026-0042, first scan"
SECOND = b"%PDF-1.7 invoice R-2026-0042, readable scan"


def attach(client, expense, name: str, content: bytes):
    response = client.post(
        f"/api/expenses/{expense.pk}/document/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )
    assert response.status_code == 201, response.content
    return response.json()


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def two_versions(world, client_for):
    client = client_for(world.users["partner_same"])
    expense = world.objects["expense"]
    attach(client, expense, "invoice.pdf", FIRST)
    attach(client, expense, "invoice-rescanned.pdf", SECOND)
    return expense


def test_the_versions_are_listed_oldest_first(world, client_for, two_versions):
    response = client_for(world.users["auditor"]).get(f"/api/expenses/{two_versions.pk}/document/")
    assert response.status_code == 200
    versions = response.json()
    assert [(v["version"], v["original_name"], v["size"]) for v in versions] == [
        (1, "invoice.pdf", len(FIRST)),
        (2, "invoice-rescanned.pdf", len(SECOND)),
    ]
    assert versions[0]["sha256"] == hashlib.sha256(FIRST).hexdigest()
    assert versions[0]["mime_type"] == "application/pdf"
    assert {"uploaded_by", "uploaded_at"} <= set(versions[0])


def test_attaching_a_second_document_keeps_the_first_downloadable(world, client_for, two_versions):
    client = client_for(world.users["coordinator"])
    first = client.get(f"/api/expenses/{two_versions.pk}/document/1/download/")
    assert first.status_code == 200
    assert body_of(first) == FIRST
    assert body_of(client.get(f"/api/expenses/{two_versions.pk}/document/2/download/")) == SECOND
    # The latest is still where it was.
    assert body_of(client.get(f"/api/expenses/{two_versions.pk}/document/download/")) == SECOND


def test_a_version_that_does_not_exist_is_404(world, client_for, two_versions):
    response = client_for(world.users["partner_same"]).get(f"/api/expenses/{two_versions.pk}/document/3/download/")
    assert response.status_code == 404
    assert "no supporting document version 3" in response.json()["detail"]


def test_another_partner_sees_neither_the_list_nor_a_version(world, client_for, two_versions):
    client = client_for(world.users["partner_other"])
    assert client.get(f"/api/expenses/{two_versions.pk}/document/").status_code == 404
    assert client.get(f"/api/expenses/{two_versions.pk}/document/1/download/").status_code == 404


def test_an_expense_without_a_document_lists_none(world, client_for):
    response = client_for(world.users["partner_same"]).get(f"/api/expenses/{world.objects['expense'].pk}/document/")
    assert (response.status_code, response.json()) == (200, [])
