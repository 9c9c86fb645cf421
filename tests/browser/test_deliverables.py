"""The deliverable page in a real browser: a partner uploads a version and submits it, the coordinator asks
for changes, the partner sees the request; the drop zone with its progress bar; the size check before
sending; a refused file."""

import hashlib

from django.template.defaultfilters import filesizeformat
from playwright.sync_api import expect

from projects.models import Deliverable
from tests.browser.conftest import serious_accessibility_violations, shot, too_wide_for_a_phone

PDF = b"%PDF-1.7\n% Student start-up pitch day: programme and jury\n" + b"%" * 2000 + b"\n%%EOF\n"


def page_url(site: str, acronym: str, code: str) -> str:
    return f"{site}/deliverables/{Deliverable.objects.get(project__acronym=acronym, code=code).pk}/"


def test_a_partner_uploads_and_submits_and_sees_the_coordinators_change_request(page, site, sign_in):
    url = page_url(site, "Talentjourney", "D3.2")  # GMT's pitch day, due 20 November 2026: late

    sign_in("partner.gmt")
    page.goto(url)
    expect(page.get_by_role("heading", name="D3.2 Student start-up pitch day", level=1)).to_be_visible()
    expect(page.get_by_text("No file has been uploaded yet.")).to_be_visible()
    page.get_by_label("Upload the file").set_input_files(
        {"name": "Pitch day programme.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload", exact=True).click()

    expect(page.get_by_text("Uploaded Pitch day programme.pdf as version 1.")).to_be_visible()
    versions = page.get_by_role("table", name="Versions of the deliverable's file, newest first")
    row = versions.get_by_role("row").filter(has_text="Pitch day programme.pdf")
    expect(row.get_by_role("rowheader")).to_have_text("1")
    expect(row).to_contain_text(filesizeformat(len(PDF)))  # "2.0 KB"
    expect(row.locator("code.hash")).to_have_text(hashlib.sha256(PDF).hexdigest())
    expect(row).to_contain_text("Luka Novak")

    # Late: the submission's comment is the justification the transition asks for.
    expect(page.get_by_text("D3.2 was due on 2026-11-20: add a comment justifying the delay.")).to_be_visible()
    page.get_by_label("Comment", exact=True).fill("The pitch day moved to December with the school calendar.")
    shot(page, "partner-deliverable")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Submit the deliverable").click()
    expect(page.get_by_text("Done: Submit the deliverable.")).to_be_visible()
    expect(page.locator(".deliverable-title").get_by_text("Submitted", exact=True)).to_be_visible()
    late = page.get_by_role("region", name="Late justification")
    expect(late).to_contain_text("The pitch day moved to December with the school calendar.")

    sign_in("coordinator")
    page.goto(url)
    expect(page.get_by_role("button", name="Accept the deliverable")).to_be_visible()
    page.get_by_label("Comment", exact=True).fill("Add the jury's scoring sheet.")
    shot(page, "coordinator-deliverable")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Done: Request changes.")).to_be_visible()

    sign_in("partner.gmt")
    page.goto(url)
    expect(page.locator(".deliverable-title").get_by_text("Changes requested", exact=True)).to_be_visible()
    request = page.get_by_role("region", name="Changes requested")
    expect(request).to_contain_text("Maja Kovačič")
    expect(request).to_contain_text("Add the jury's scoring sheet.")
    expect(page.get_by_role("region", name="Review history")).to_contain_text("Add the jury's scoring sheet.")
    expect(page.get_by_role("button", name="Submit the deliverable")).to_be_disabled()  # a new version first
    shot(page, "partner-deliverable-changes-requested")


def test_a_file_dropped_on_the_form_is_uploaded_with_a_progress_bar(page, site, sign_in):
    sign_in("partner.gmt")
    page.goto(page_url(site, "CIRCLE", "D3.4"))
    expect(page.get_by_text("You can also drop the file onto this box.")).to_be_visible()
    form = page.locator("form[data-upload]")
    progress_shown = form.evaluate(
        """(form) => {
            const data = new DataTransfer();
            const content = "%PDF-1.7\\n" + "%".repeat(300000);
            data.items.add(new File([content], "Pilot 4 plan.pdf", {type: "application/pdf"}));
            form.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
            const highlighted = form.classList.contains("dragging");
            form.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
            const progress = form.querySelector("progress");
            return highlighted && !progress.hidden && form.getAttribute("aria-busy") === "true";
        }"""
    )
    assert progress_shown
    expect(page.get_by_text("Uploaded Pilot 4 plan.pdf as version 1.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Pilot 4 plan.pdf")).to_contain_text("293.0\u00a0KB")


def test_a_file_over_the_limit_is_refused_before_it_is_sent(page, site, sign_in, settings):
    settings.FILE_UPLOAD_MAX_SIZE = 1000
    sign_in("partner.gmt")
    page.goto(page_url(site, "CIRCLE", "D4.1"))
    posted = []
    page.on("request", lambda request: posted.append(request.url) if request.method == "POST" else None)
    page.get_by_label("Upload the file").set_input_files(
        {"name": "toolkit.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    alert = page.locator("[data-upload-message]")
    expect(alert).to_have_text(
        "This file is larger than 1000\u00a0bytes, the most this site accepts. Choose a smaller file."
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(alert).to_be_visible()
    assert posted == []


def test_a_refused_file_comes_back_with_the_reason_next_to_the_input(page, site, sign_in):
    sign_in("partner.gmt")
    page.goto(page_url(site, "CIRCLE", "D4.1"))
    page.get_by_label("Upload the file").set_input_files(
        {"name": "toolkit.pdf", "mimeType": "application/pdf", "buffer": b"<!doctype html><script>alert(1)</script>"}
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator("#upload-errors")).to_contain_text("not accepted")
    expect(page.get_by_label("Upload the file")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("No file has been uploaded yet.")).to_be_visible()


def test_an_auditor_reads_and_downloads_without_buttons(page, site, sign_in):
    sign_in("auditor")
    page.goto(page_url(site, "Talentjourney", "D3.1"))
    expect(page.get_by_role("heading", name="Review history")).to_be_visible()
    expect(page.get_by_role("button", name="Upload", exact=True)).to_have_count(0)
    expect(page.get_by_role("heading", name="Next steps")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="download version 2").click()
    assert download.value.suggested_filename == "Talentjourney D3.1 Incubator operating model, revised.pdf"
    shot(page, "auditor-deliverable")
    assert serious_accessibility_violations(page) == []

    assert too_wide_for_a_phone(page) == []
    shot(page, "auditor-deliverable-phone")
