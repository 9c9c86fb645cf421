"""The reports page in a real browser: the auditor requests a funding report, watches it finish, downloads the
PDF and verifies it; a partner finds no documents of its project's figures."""

import hashlib
import re

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Project
from reporting.models import GeneratedDocument
from tests.browser.conftest import serious_accessibility_violations, shot, too_wide_for_a_phone

PDF = b"%PDF-1.7\n% an audit trail\n%%EOF\n"


def test_the_auditor_requests_a_funding_report_downloads_it_and_verifies_it(page, sign_in):
    sign_in("auditor")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()

    page.get_by_label("Project", exact=True).select_option(label="Talentjourney")
    page.get_by_label("Document", exact=True).select_option(label="Funding report")
    expect(page.get_by_label("Period", exact=True)).to_have_value("")  # cumulative
    page.get_by_role("button", name="Request", exact=True).click()

    expect(page.get_by_text("Funding report requested")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Funding report").filter(has_text="Piotr Wójcik").first
    download_link = row.get_by_role("link", name=re.compile(r"^Download Talentjourney-funding-report-cumulative"))
    expect(download_link).to_be_visible(timeout=60_000)  # the progress bar finished: the download appeared
    expect(row.get_by_role("progressbar")).to_have_count(0)
    expect(row).to_contain_text("Done")
    assert serious_accessibility_violations(page) == []
    shot(page, "auditor-reports")

    with page.expect_download() as started:
        download_link.click()
    download = started.value
    assert download.suggested_filename.startswith("Talentjourney-funding-report-cumulative-")
    pdf = download.path()
    with open(pdf, "rb") as file:
        assert file.read(5) == b"%PDF-"

    page.get_by_label("The PDF to verify").set_input_files(pdf)
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("heading", name="Issued by Clusterflow")).to_be_visible()
    verdict = page.locator("#verification")
    expect(verdict).to_contain_text(re.compile(r"Issued on \d{1,2} \w+ \d{4}, \d{2}:\d{2} \w+ as Funding report"))
    expect(verdict).to_contain_text("of Talentjourney (cumulative), requested by Piotr Wójcik")

    page.get_by_label("or paste its SHA-256").fill("0" * 64)
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("heading", name="Not issued by Clusterflow")).to_be_visible()
    expect(page.get_by_text("No document with this fingerprint was issued by Clusterflow")).to_be_visible()


def test_the_coordinator_sees_why_a_document_cannot_be_requested(page, sign_in):
    sign_in("coordinator")
    page.get_by_role("link", name="Reports").click()
    page.get_by_label("Project", exact=True).select_option(label="Talentjourney")
    page.get_by_label("Document", exact=True).select_option(label="Progress report")
    page.get_by_role("button", name="Request", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("A progress report is the report of one period")
    assert serious_accessibility_violations(page) == []


def test_the_progress_bar_follows_a_running_job_until_the_download_appears(page, site, sign_in):
    # Tasks run in process here, so a requested document is done at once: this one is put in the running state.
    job = GeneratedDocument.objects.create(
        kind=GeneratedDocument.Kind.AUDIT_TRAIL,
        project=Project.objects.get(acronym="Talentjourney"),
        requested_by=get_user_model().objects.get(username="coordinator"),
        status=GeneratedDocument.Status.RUNNING,
        progress=35,
    )
    sign_in("coordinator")
    page.get_by_role("link", name="Reports").click()
    row = page.get_by_role("row").filter(has_text="Audit trail")
    expect(row.get_by_role("progressbar")).to_have_attribute("value", "35")
    expect(row.get_by_role("link", name="Refresh")).to_be_visible()  # without JavaScript
    assert serious_accessibility_violations(page) == []
    shot(page, "coordinator-reports")

    GeneratedDocument.objects.filter(pk=job.pk).update(progress=80)
    expect(row.get_by_role("progressbar")).to_have_attribute("value", "80")
    expect(row).to_contain_text("80 %")

    job.refresh_from_db()
    job.file.save("audit-trail.pdf", ContentFile(PDF), save=False)
    job.status, job.progress, job.sha256 = GeneratedDocument.Status.DONE, 100, hashlib.sha256(PDF).hexdigest()
    job.size, job.pages, job.finished_at = len(PDF), 1, timezone.now()
    job.save()
    expect(row.get_by_role("link", name=re.compile("^Download Talentjourney-audit-trail"))).to_be_visible()
    expect(row.get_by_role("progressbar")).to_have_count(0)

    assert too_wide_for_a_phone(page) == []


def test_a_partner_finds_no_documents_of_the_whole_consortium(page, sign_in):
    sign_in("partner.gmt")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    expect(page.get_by_text("the project's coordinators and auditors request and read them")).to_be_visible()
    expect(page.get_by_role("button", name="Request")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    shot(page, "partner-reports")
