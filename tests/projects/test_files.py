"""Uploads: content sniffed, refused kinds named, nothing left behind; downloads only through the API."""

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from projects.models import DeliverableFile, ProjectDocument, SupportingDocument


def zipped(entries: dict[str, bytes]) -> bytes:
    """A ZIP archive of ``entries`` (name → content): the container of DOCX, XLSX, PPTX and OpenDocument files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ACCEPTED = [
    ("report.pdf", b"%PDF-1.7\n...", "application/pdf"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    (
        "handbook.docx",
        zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "budget.xlsx",
        zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "slides.pptx",
        zipped({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        "plan.odt",
        zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<o/>"}),
        "application/vnd.oasis.opendocument.text",
    ),
    (
        "plan.ods",
        zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<o/>"}),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    ("photos.zip", zipped({"a.jpg": b"\xff\xd8\xff"}), "application/zip"),
    ("hours.csv", "name;hours\nAna Kovač;12\n".encode(), "text/csv"),
    ("notes.txt", "Zażółć gęślą jaźń — čšž — Велење\n".encode(), "text/plain"),
]

REFUSED = [
    ("page.html", b"<!DOCTYPE html><html><body>hi</body></html>", "HTML"),
    ("report.pdf", b"  <html><script>alert(1)</script></html>", "HTML"),  # disguised: a .pdf name
    ("logo.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
    ("run.sh", b"#!/bin/sh\nrm -rf /\n", "a script"),
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "an executable program"),
    ("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 20, "an executable program"),
    ("blob.bin", b"\x00\x01\x02\x03" * 10, "an unrecognised binary file"),
]


def upload(client, deliverable, name, content, content_type="application/octet-stream"):
    return client.post(
        f"/api/deliverables/{deliverable.pk}/files/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
        format="multipart",
    )


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.mark.parametrize(("name", "content", "mime"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted_kinds_are_stored_as_the_next_version(world, client_for, name, content, mime):
    deliverable = world.objects["deliverable"]
    response = upload(client_for(world.users["partner_same"]), deliverable, name, content)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["version"], body["original_name"], body["mime_type"]) == (1, name, mime)
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["size"] == len(content)


@pytest.mark.parametrize(("name", "content", "kind"), REFUSED, ids=[r[0] + "-" + r[2] for r in REFUSED])
def test_refused_kinds_name_the_detected_type_and_leave_nothing(world, client_for, name, content, kind):
    before = stored_files()
    response = upload(
        client_for(world.users["partner_same"]), world.objects["deliverable"], name, content, "application/pdf"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"This file is {kind}, which is not accepted")
    assert not DeliverableFile.objects.exists()
    assert stored_files() == before


def test_empty_file_is_400(world, client_for):
    response = upload(client_for(world.users["coordinator"]), world.objects["deliverable"], "empty.pdf", b"")
    assert response.status_code == 400
    assert response.json()["detail"] == "The file is empty."


def test_a_missing_file_field_is_400(world, client_for):
    response = client_for(world.users["coordinator"]).post(
        f"/api/deliverables/{world.objects['deliverable'].pk}/files/", {}, format="multipart"
    )
    assert response.status_code == 400
    assert "multipart field 'file'" in response.json()["detail"]


def test_oversized_file_is_413_and_leaves_nothing(world, client_for, settings):
    settings.FILE_UPLOAD_MAX_SIZE = 1000
    before = stored_files()
    response = upload(
        client_for(world.users["coordinator"]), world.objects["deliverable"], "big.pdf", b"%PDF-" + b"x" * 1000
    )
    assert response.status_code == 413
    assert "the limit is 1,000 bytes" in response.json()["detail"]
    assert not DeliverableFile.objects.exists()
    assert stored_files() == before


def test_path_parts_are_dropped_and_unicode_names_kept(world, client_for):
    client = client_for(world.users["coordinator"])
    deliverable = world.objects["deliverable"]
    first = upload(client, deliverable, "../../etc/Poročilo – Zespół „Mechanik”.pdf", b"%PDF-1.7 a").json()
    second = upload(client, deliverable, "C:\\Users\\ana\\Отчет.pdf", b"%PDF-1.7 b").json()
    assert first["original_name"] == "Poročilo – Zespół „Mechanik”.pdf"
    assert (second["version"], second["original_name"]) == (2, "Отчет.pdf")
    stored = DeliverableFile.objects.get(version=1).file.name
    assert re.fullmatch(r"deliverablefile/[0-9a-f]{32}", stored)  # random: nothing to guess from ids or names


def test_download_is_an_attachment_with_the_original_name(world, client_for):
    deliverable = world.objects["deliverable"]
    upload(client_for(world.users["coordinator"]), deliverable, "Poročilo.pdf", b"%PDF-1.7 report")
    response = client_for(world.users["auditor"]).get(f"/api/deliverables/{deliverable.pk}/files/1/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert (
        response["Content-Disposition"] == "attachment; filename=\"Porocilo.pdf\"; filename*=UTF-8''Poro%C4%8Dilo.pdf"
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.7 report"
    assert (
        client_for(world.users["outsider"]).get(f"/api/deliverables/{deliverable.pk}/files/1/download/").status_code
        == 404
    )
    assert (
        client_for(world.users["auditor"]).get(f"/api/deliverables/{deliverable.pk}/files/9/download/").status_code
        == 404
    )


def test_a_partner_uploads_only_to_its_own_organisations_deliverable(world, client_for):
    response = upload(client_for(world.users["partner_other"]), world.objects["deliverable"], "x.pdf", b"%PDF-1.7")
    assert response.status_code == 403
    response = upload(client_for(world.users["auditor"]), world.objects["deliverable"], "x.pdf", b"%PDF-1.7")
    assert response.status_code == 403
    assert not DeliverableFile.objects.exists()


def test_a_partner_cannot_read_another_organisations_claim_or_attach_to_it(world, client_for):
    client = client_for(world.users["partner_other"])
    expense = world.objects["expense"]
    assert client.get(f"/api/partner-claims/{world.objects['claim_a'].pk}/").status_code == 404
    response = client.post(
        f"/api/expenses/{expense.pk}/document/",
        {"file": SimpleUploadedFile("invoice.pdf", b"%PDF-1.7 invoice")},
        format="multipart",
    )
    assert response.status_code == 404


def test_supporting_document_versions_and_frozen_claims(world, client_for):
    client = client_for(world.users["partner_same"])
    expense = world.objects["expense"]
    for n in (1, 2):
        response = client.post(
            f"/api/expenses/{expense.pk}/document/",
            {"file": SimpleUploadedFile(f"invoice-{n}.pdf", b"%PDF-1.7 invoice")},
            format="multipart",
        )
        assert response.json()["version"] == n
    assert client.get(f"/api/expenses/{expense.pk}/").json()["supporting_document"] == 2
    type(expense.claim).objects.filter(pk=expense.claim_id).update(status="submitted")
    response = client.post(
        f"/api/expenses/{expense.pk}/document/",
        {"file": SimpleUploadedFile("late.pdf", b"%PDF-1.7 late")},
        format="multipart",
    )
    assert response.status_code == 409
    assert SupportingDocument.objects.count() == 2


def test_project_document_needs_a_valid_file_and_leaves_nothing_without_one(world, client_for):
    client = client_for(world.users["coordinator"])
    before = ProjectDocument.objects.count()
    response = client.post(
        "/api/project-documents/",
        {
            "project": world.project.pk,
            "kind": "grant_agreement",
            "title": "Grant agreement",
            "file": SimpleUploadedFile("agreement.html", b"<html></html>"),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert ProjectDocument.objects.count() == before
    response = client.post(
        "/api/project-documents/",
        {
            "project": world.project.pk,
            "kind": "grant_agreement",
            "title": "Grant agreement",
            "file": SimpleUploadedFile("agreement.pdf", b"%PDF-1.7 signed"),
        },
        format="multipart",
    )
    assert response.status_code == 201
    assert [v["version"] for v in response.json()["versions"]] == [1]


def test_verify_files_finds_a_changed_or_missing_file(world, client_for):
    upload(client_for(world.users["coordinator"]), world.objects["deliverable"], "a.pdf", b"%PDF-1.7 original")
    out = io.StringIO()
    call_command("verify_files", stdout=out)
    assert "All 2 stored files match" in out.getvalue()  # the mandate of the world and this upload
    stored = DeliverableFile.objects.get()
    Path(stored.file.path).write_bytes(b"%PDF-1.7 tampered")
    with pytest.raises(CommandError, match="a.pdf v1\\): content does not match"):
        call_command("verify_files", stdout=io.StringIO())
    Path(stored.file.path).unlink()
    with pytest.raises(CommandError, match="the stored file is missing"):
        call_command("verify_files", stdout=io.StringIO())
