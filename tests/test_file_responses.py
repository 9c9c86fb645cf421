"""Every file the API sends — uploaded versions, supporting documents, generated PDFs, exports — is an
attachment that no browser renders or runs, under a name every program can read; a stored file that is
missing answers 410 Gone with what to do, not a 500.
"""

import hashlib
import io
import logging
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from common.api.files import ascii_filename
from projects.models import Project
from reporting.models import GeneratedDocument
from tests.factories import GeneratedDocumentFactory

NAME = 'Sprawozdanie końcowe "v2"'
PDF = b"%PDF-1.7 the final report"
MISSING = "is missing; ask the office to restore it from backup."


def attach(client, url: str, name: str, **fields) -> dict:
    response = client.post(url, {**fields, "file": SimpleUploadedFile(name, PDF)}, format="multipart")
    assert response.status_code == 201, response.content
    return response.json()


def deliverable_file(world, client) -> tuple[str, str]:
    deliverable = world.objects["deliverable"]
    attach(client, f"/api/deliverables/{deliverable.pk}/files/", f"{NAME}.pdf")
    return f"/api/deliverables/{deliverable.pk}/files/1/download/", f"{NAME}.pdf"


def project_document_file(world, client) -> tuple[str, str]:
    fields = {"project": world.project.pk, "kind": "other", "title": "Final report"}
    document = attach(client, "/api/project-documents/", f"{NAME}.pdf", **fields)
    return f"/api/project-documents/{document['id']}/files/1/download/", f"{NAME}.pdf"


def supporting_document(world, client) -> tuple[str, str]:
    expense = world.objects["expense"]
    attach(client, f"/api/expenses/{expense.pk}/document/", f"{NAME}.pdf")
    return f"/api/expenses/{expense.pk}/document/download/", f"{NAME}.pdf"


def supporting_document_version(world, client) -> tuple[str, str]:
    expense = world.objects["expense"]
    attach(client, f"/api/expenses/{expense.pk}/document/", f"{NAME}.pdf")
    return f"/api/expenses/{expense.pk}/document/1/download/", f"{NAME}.pdf"


def generated_document(world, client) -> tuple[str, str]:
    Project.objects.filter(pk=world.project.pk).update(acronym=NAME)
    document = GeneratedDocumentFactory(project=world.project, requested_by=world.users["coordinator"], done=True)
    return f"/api/documents/{document.pk}/download/", f"{NAME}-funding-report-cumulative-{document.pk}.pdf"


def export(table: str, fmt: str):
    def make(world, client) -> tuple[str, str]:
        Project.objects.filter(pk=world.project.pk).update(acronym=NAME)
        return f"/api/projects/{world.project.pk}/exports/{table}.{fmt}", f"{NAME}-{table}-cumulative.{fmt}"

    make.__name__ = f"export_{table}_{fmt}"
    return make


STORED = [deliverable_file, project_document_file, supporting_document, supporting_document_version, generated_document]
DOWNLOADS = [*STORED, export("expenses", "csv"), export("budget", "xlsx")]


@pytest.mark.parametrize("download", DOWNLOADS, ids=lambda download: download.__name__)
def test_every_download_is_a_sandboxed_attachment_with_both_filename_forms(world, client_for, download):
    client = client_for(world.users["coordinator"])
    url, filename = download(world, client)
    response = client.get(url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    fallback = re.search(r'filename="([^"\\]*)"', disposition).group(1)
    assert fallback == ascii_filename(filename)
    assert fallback.startswith("Sprawozdanie koncowe _v2_")
    assert "filename*=UTF-8''Sprawozdanie%20ko%C5%84cowe%20%22v2%22" in disposition
    assert unquote(re.search(r"filename\*=UTF-8''([^;\s]+)$", disposition).group(1)) == filename  # the whole name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize(
    ("filename", "fallback"),
    [
        ("Poročilo – Zespół „Mechanik”.pdf", "Porocilo _ Zespol _Mechanik_.pdf"),
        ("Łódź; Đakovo 100%.xlsx", "Lodz_ Dakovo 100_.xlsx"),
        ('a\\b"c\r\n.pdf', "a_b_c_.pdf"),
        ("Отчет.pdf", "download.pdf"),
        ("Отчет", "download"),
        ("plain-name_1.csv", "plain-name_1.csv"),
    ],
)
def test_the_ascii_fallback_keeps_what_it_can_and_never_breaks_the_header(filename, fallback):
    assert ascii_filename(filename) == fallback


@pytest.mark.parametrize("download", STORED, ids=lambda download: download.__name__)
def test_a_stored_file_missing_from_the_disk_is_410_saying_what_to_do(world, client_for, download, caplog, settings):
    client = client_for(world.users["coordinator"])
    url, _ = download(world, client)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):  # lost from the storage: a failed disk, a bad restore
        if path.is_file():
            path.unlink()
    with caplog.at_level(logging.ERROR, logger="common.api.files"):
        response = client.get(url)
    assert response.status_code == 410
    detail = response.json()["detail"]
    assert detail.startswith("The stored file of ")
    assert detail.endswith(MISSING)
    assert any(record.levelno == logging.ERROR and "is missing" in record.getMessage() for record in caplog.records)


def test_410_names_the_version_and_the_deliverable(world, client_for):
    client = client_for(world.users["coordinator"])
    url, _ = deliverable_file(world, client)
    world.objects["deliverable"].versions.get().file.delete(save=False)
    assert client.get(url).json()["detail"] == (
        f"The stored file of version 1 of deliverable D1.1 Project handbook ({NAME}.pdf) {MISSING}"
    )


# --- Verifying a PDF whose stored copy is gone -----------------------------------------------------


def issued(world) -> GeneratedDocument:
    return GeneratedDocumentFactory(project=world.project, requested_by=world.users["auditor"], done=True)


def test_verify_says_when_the_stored_copy_of_a_matching_document_is_missing(world, client_for):
    document = issued(world)
    client = client_for(world.users["auditor"])
    body = client.get("/api/documents/verify/", {"sha256": document.sha256}).json()
    assert (body["match"], body["file_missing"], body["document"]["id"]) == (True, False, document.pk)
    assert "detail" not in body
    document.file.storage.delete(document.file.name)
    body = client.get("/api/documents/verify/", {"sha256": document.sha256}).json()
    assert (body["match"], body["file_missing"], body["document"]["id"]) == (True, True, document.pk)
    assert body["detail"] == (
        f"Clusterflow issued this document ({document.download_name}), but the office's stored copy is missing; "
        "ask the office to restore it from backup."
    )


# --- verify_files checks generated documents too ---------------------------------------------------


def test_verify_files_rehashes_generated_documents(world):
    document = issued(world)
    out = io.StringIO()
    call_command("verify_files", stdout=out)
    assert "All 2 stored files match" in out.getvalue()  # the world's mandate and this PDF
    path = Path(document.file.path)
    path.write_bytes(b"%PDF-1.7 altered after issue")
    assert hashlib.sha256(path.read_bytes()).hexdigest() != document.sha256
    with pytest.raises(CommandError, match=rf"generated document {document.pk} \(.*\): content does not match"):
        call_command("verify_files", stdout=io.StringIO())
    path.unlink()
    with pytest.raises(CommandError, match=rf"generated document {document.pk} \(.*\): the stored file is missing"):
        call_command("verify_files", stdout=io.StringIO())
