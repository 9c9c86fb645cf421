"""The claim page in a real browser: a partner fills in a line, the pre-submission check names its missing
invoice, the partner attaches it and submits; the coordinator certifies the claim."""

import re

from playwright.sync_api import expect

from projects.models import PartnerClaim
from tests.browser.conftest import serious_accessibility_violations, shot, too_wide_for_a_phone

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def claim_url(site: str, organisation: str, acronym: str, period: int) -> str:
    claim = PartnerClaim.objects.get(
        partner__organisation__short_name=organisation, partner__project__acronym=acronym, period__number=period
    )
    return f"{site}/claims/{claim.pk}/"


def take(page, transition: str, comment: str = "") -> None:
    """Open a transition's form in "Next steps" and take it."""
    steps = page.get_by_role("region", name="Next steps")
    steps.get_by_text(transition).first.click()
    if comment:
        steps.get_by_label("Comment").fill(comment)
    steps.get_by_role("button", name=transition, exact=True).click()


def test_a_partner_fills_in_a_claim_and_the_coordinator_certifies_it(page, site, sign_in):
    """Luka Novak (GMT) adds a train ticket to GMT's draft claim of Talentjourney's second period: the check
    names the line without its invoice until it is attached; submitted, Maja Kovačič certifies it."""
    url = claim_url(site, "GMT", "Talentjourney", 2)
    sign_in("partner.gmt")
    page.goto(url)
    expect(page.get_by_role("heading", name="Claim of GMT d.o.o., period 2")).to_be_visible()
    expect(page.get_by_role("region", name="Before you submit")).to_contain_text("Ready to submit")

    lines = page.get_by_role("region", name="Expense lines")
    lines.get_by_label("Date", exact=True).fill("2026-06-10")
    lines.get_by_label("Category", exact=True).select_option(label="Travel and accommodation")
    lines.get_by_label("Description", exact=True).fill("Study visit in Velenje: train tickets")
    lines.get_by_label("Invoice number", exact=True).fill("SZ-2026-118")
    lines.get_by_label("Amount", exact=True).fill("312.40")
    expect(lines.get_by_label("Currency", exact=True)).to_have_value("EUR")
    lines.get_by_role("button", name="Add line").click()

    row = page.get_by_role("row", name=re.compile("Study visit in Velenje"))
    expect(row).to_contain_text("€312.40")
    expect(row).to_contain_text("Missing")
    check = page.get_by_role("region", name="Before you submit")
    expect(check).to_contain_text(
        "Line 3 'Study visit in Velenje: train tickets' (2026-06-10, 312.40 EUR) has no supporting document."
    )
    expect(page.get_by_role("button", name="Submit the claim")).to_be_disabled()
    shot(page, "partner-claim")
    assert serious_accessibility_violations(page) == []

    row.get_by_label("Supporting document for line 3").set_input_files(
        {"name": "SZ-2026-118.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    row.get_by_role("button", name="Attach").click()
    expect(page.get_by_role("region", name="Before you submit")).to_contain_text("Ready to submit")
    row = page.get_by_role("row", name=re.compile("Study visit in Velenje"))
    expect(row.get_by_role("link", name="SZ-2026-118.pdf")).to_be_visible()

    row.get_by_role("link", name="Edit line 3").click()
    expect(page.get_by_role("heading", name="Study visit in Velenje: train tickets", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Supporting document")).to_contain_text("SZ-2026-118.pdf")
    shot(page, "partner-expense")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Cancel").click()

    take(page, "Submit the claim")
    expect(page.locator("hgroup .status")).to_have_text("Submitted")
    expect(page.get_by_role("button", name="Add line")).to_have_count(0)

    sign_in("coordinator")
    page.goto(url)
    expect(page.get_by_role("columnheader", name="Frozen rate")).to_be_visible()
    expect(page.get_by_role("region", name="Next steps")).to_contain_text("Return the claim")
    shot(page, "coordinator-claim")
    assert serious_accessibility_violations(page) == []
    take(page, "Certify the claim")
    expect(page.locator("hgroup .status")).to_have_text("Certified")


def test_a_partner_cannot_open_another_organisations_claim(page, site, sign_in):
    sign_in("partner.gmt")
    response = page.goto(claim_url(site, "ŠCV", "Talentjourney", 1))
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()


def test_an_auditor_reads_a_claim_without_buttons(page, site, sign_in):
    sign_in("auditor")
    page.goto(claim_url(site, "ZSE Jelenia Góra", "Talentjourney", 1))
    expect(page.get_by_role("columnheader", name="Frozen rate")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("button")).to_have_count(0)
    shot(page, "auditor-claim")
    assert serious_accessibility_violations(page) == []
    assert too_wide_for_a_phone(page) == []
    shot(page, "auditor-claim-phone")
