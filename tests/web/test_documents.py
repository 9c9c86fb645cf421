"""The reports page with Django's client: requesting a document, its progress row, the download, the
verification box and the exports, as each demo role sees them."""

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from projects.models import PartnerClaim, Project
from reporting.models import GeneratedDocument
from tests.helpers import demo_loaded

PDF = b"%PDF-1.7\n% a document Clusterflow issued\n%%EOF\n"


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password="demo-password-123"):
        yield


@pytest.fixture
def talentjourney(demo_data, db) -> Project:
    return Project.objects.get(acronym="Talentjourney")


@pytest.fixture
def signed_in(client, demo_data, db):
    def as_user(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user


def document(project: Project, status: str, *, progress: int = 0, content: bytes = PDF) -> GeneratedDocument:
    """A document row in the given job state (a done one with its stored PDF)."""
    job = GeneratedDocument(
        kind=GeneratedDocument.Kind.FUNDING_REPORT,
        project=project,
        requested_by=get_user_model().objects.get(username="auditor"),
        status=status,
        progress=progress,
    )
    if status == GeneratedDocument.Status.DONE:
        job.file.save("report.pdf", ContentFile(content), save=False)
        job.sha256 = hashlib.sha256(content).hexdigest()
        job.size, job.pages, job.finished_at = len(content), 3, timezone.now()
    job.save()
    return job


def test_the_auditor_requests_a_funding_report_and_finds_its_row(signed_in, talentjourney):
    client = signed_in("auditor")
    page = client.get(reverse("web:documents"))
    assert page.status_code == 200
    assert b"Request a document" in page.content

    response = client.post(reverse("web:documents"), {"project": talentjourney.pk, "kind": "funding_report"})

    job = GeneratedDocument.objects.get(project=talentjourney, requested_by__username="auditor")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?project={talentjourney.pk}#document-{job.pk}")
    page = client.get(response["Location"])
    row = re.search(rf'<tr id="document-{job.pk}".*?</tr>', page.content.decode(), re.S).group(0)
    assert "Funding report" in row and "Piotr Wójcik" in row
    assert 'hx-trigger="every 1s"' in row  # queued: the on-commit render has not run inside the test


def test_the_services_reasons_come_back_next_to_the_form(signed_in, talentjourney):
    client = signed_in("coordinator")
    response = client.post(reverse("web:documents"), {"project": talentjourney.pk, "kind": "progress_report"})
    assert response.status_code == 400
    assert "A progress report is the report of one period: name the period." in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_a_running_job_row_shows_its_percentage_and_keeps_polling(signed_in, talentjourney):
    job = document(talentjourney, GeneratedDocument.Status.RUNNING, progress=35)
    response = signed_in("auditor").get(reverse("web:document-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith(f'<tr id="document-{job.pk}"')
    assert '<progress value="35" max="100"' in html
    assert 'hx-trigger="every 1s"' in html
    assert reverse("web:document-download", args=[job.pk]) not in html


def test_a_done_job_row_shows_the_download_and_stops_polling(signed_in, talentjourney):
    job = document(talentjourney, GeneratedDocument.Status.DONE)
    html = signed_in("auditor").get(reverse("web:document-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    html = html.content.decode()
    assert reverse("web:document-download", args=[job.pk]) in html
    assert "hx-trigger" not in html and "<progress" not in html
    assert job.sha256 in html


def test_without_htmx_the_refresh_link_leads_back_to_the_row_on_the_page(signed_in, talentjourney):
    job = document(talentjourney, GeneratedDocument.Status.QUEUED)
    response = signed_in("auditor").get(reverse("web:document-progress", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#document-{job.pk}")


def test_the_download_is_a_409_page_until_the_pdf_is_done(signed_in, talentjourney):
    client = signed_in("coordinator")
    running = document(talentjourney, GeneratedDocument.Status.RUNNING, progress=80)
    response = client.get(reverse("web:document-download", args=[running.pk]))
    assert response.status_code == 409
    assert "being rendered (80 %)" in response.content.decode()
    assert b"<h1>" in response.content  # a page of the product, not JSON

    done = document(talentjourney, GeneratedDocument.Status.DONE)
    response = client.get(reverse("web:document-download", args=[done.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_verify_by_a_pasted_hash_finds_the_issued_document(signed_in, talentjourney):
    job = document(talentjourney, GeneratedDocument.Status.DONE)
    response = signed_in("auditor").post(reverse("web:document-verify"), {"sha256": job.sha256.upper()})
    html = response.content.decode()
    assert "Issued by Clusterflow" in html
    assert "as Funding report of Talentjourney (cumulative), requested by Piotr Wójcik" in html


def test_verify_by_an_uploaded_pdf_hashes_it_and_keeps_nothing(signed_in, talentjourney, settings):
    job = document(talentjourney, GeneratedDocument.Status.DONE)
    stored = sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())
    upload = SimpleUploadedFile("Talentjourney-funding-report.pdf", PDF, content_type="application/pdf")
    response = signed_in("coordinator").post(reverse("web:document-verify"), {"file": upload})
    assert "Issued by Clusterflow" in response.content.decode()
    assert job.sha256 in response.content.decode()
    assert sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()) == stored


def test_verify_an_unknown_fingerprint_says_so(signed_in, talentjourney):
    document(talentjourney, GeneratedDocument.Status.DONE)
    client = signed_in("auditor")
    upload = SimpleUploadedFile("forged.pdf", PDF + b"forged", content_type="application/pdf")
    html = client.post(reverse("web:document-verify"), {"file": upload}).content.decode()
    assert "No document with this fingerprint was issued by Clusterflow" in html
    assert "Issued on" not in html

    response = client.post(reverse("web:document-verify"), {"sha256": "not a hash"})
    assert response.status_code == 400
    assert "A SHA-256 is 64 hexadecimal digits" in response.content.decode()


def test_the_verification_box_answers_in_place_for_htmx(signed_in, talentjourney):
    job = document(talentjourney, GeneratedDocument.Status.DONE)
    response = signed_in("auditor").post(reverse("web:document-verify"), {"sha256": job.sha256}, HTTP_HX_REQUEST="true")
    html = response.content.decode().strip()
    assert html.startswith('<section id="verification"')
    assert "<h1>" not in html and "Issued by Clusterflow" in html


def test_a_partner_has_no_documents_and_no_exports(signed_in, talentjourney):
    job = document(talentjourney, GeneratedDocument.Status.DONE)
    client = signed_in("partner.gmt")
    page = client.get(reverse("web:documents")).content.decode()
    assert "Request a document" not in page and "/exports/" not in page
    assert client.get(reverse("web:document-download", args=[job.pk])).status_code == 404
    assert client.get(reverse("web:document-progress", args=[job.pk]), HTTP_HX_REQUEST="true").status_code == 404
    response = client.post(reverse("web:documents"), {"project": talentjourney.pk, "kind": "funding_report"})
    assert response.status_code == 400
    assert not GeneratedDocument.objects.filter(requested_by__username="partner.gmt").exists()
    export = f"/api/projects/{talentjourney.pk}/exports/expenses.csv"
    assert client.get(export).status_code in (403, 404)


def test_another_partner_sees_no_document_of_a_project_it_is_not_in(signed_in, talentjourney):
    job = document(talentjourney, GeneratedDocument.Status.DONE)
    client = signed_in("partner.mechanik")
    assert client.get(reverse("web:document-download", args=[job.pk])).status_code == 404
    html = client.post(reverse("web:document-verify"), {"sha256": job.sha256}).content.decode()
    assert "Issued on" not in html


def test_the_exports_are_the_apis_and_open_with_the_session(signed_in, talentjourney):
    client = signed_in("auditor")
    page = client.get(reverse("web:documents"), {"project": talentjourney.pk}).content.decode()
    period = talentjourney.periods.get(number=1)
    csv_url = f"/api/projects/{talentjourney.pk}/exports/expenses.csv"
    assert f'href="{csv_url}"' in page
    assert f'href="{csv_url}?period={period.pk}"' in page
    response = client.get(csv_url, {"period": period.pk})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    claims = PartnerClaim.objects.filter(period=period, status__in=["submitted", "certified"])
    assert claims.count() == 5
    assert all(claim.partner.organisation.name in content for claim in claims)


def test_the_project_filter_narrows_the_list_and_preselects_the_form(signed_in, talentjourney):
    document(talentjourney, GeneratedDocument.Status.DONE)
    mpmf = Project.objects.get(acronym="MPMF")
    client = signed_in("coordinator")
    html = client.get(reverse("web:documents"), {"project": mpmf.pk}).content.decode()
    assert "<tbody>" not in html.split('id="documents-title"')[1].split("</section>")[0]
    assert f'<option value="{mpmf.pk}" selected>' in html
    html = client.get(reverse("web:documents"), {"project": talentjourney.pk}).content.decode()
    assert 'id="document-' in html
    oze = Project.objects.get(acronym="OZE-LAB")
    assert signed_in("auditor").get(reverse("web:documents"), {"project": oze.pk}).status_code == 404
