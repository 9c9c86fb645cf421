"""The periodic report page in a real browser: the coordinator writes the narrative and submits the report once
every claim is certified; the office verifies and approves it; partners and auditors read it."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from projects.models import PeriodicReport
from tests.browser.conftest import serious_accessibility_violations, shot, too_wide_for_a_phone
from workflows.services import transition_take


def talentjourney_first_report() -> PeriodicReport:
    return PeriodicReport.objects.get(period__project__acronym="Talentjourney", period__number=1)


def test_the_coordinator_writes_and_submits_the_report_and_the_office_approves_it(page, site, sign_in):
    report = talentjourney_first_report()
    url = f"{site}/periodic-reports/{report.pk}/"

    sign_in("coordinator")
    page.goto(url)
    expect(page.get_by_role("heading", name="Report for period 1", level=1)).to_be_visible()
    expect(page.get_by_label("Narrative", exact=True)).to_have_value(re.compile("^Kick-off in Velenje"))
    page.get_by_label("Deviations", exact=True).fill("The platform went online four weeks after milestone M3's date.")
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_text("The narrative and deviations are saved.")).to_be_visible()
    expect(page.get_by_label("Deviations", exact=True)).to_have_value(
        "The platform went online four weeks after milestone M3's date."
    )

    # Bosch's claim is submitted but not certified: Submit is blocked, with the reason.
    claims = page.get_by_role("region", name="Claims of the period")
    expect(claims.get_by_role("row", name="Robert Bosch d.o.o.")).to_contain_text("Submitted")
    expect(page.get_by_role("button", name="Submit the report")).to_be_disabled()
    expect(
        page.get_by_text("The claim of Robert Bosch d.o.o. for period 1 is submitted, not certified.")
    ).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "coordinator-periodic-report")

    bosch = report.period.claims.get(partner__organisation__short_name="Bosch")
    transition_take(obj=bosch, name="certify", actor=get_user_model().objects.get(username="coordinator"))
    page.reload()
    page.get_by_role("button", name="Submit the report → Submitted").click()
    page.get_by_label("Comment (optional)").fill("Every claim of the period is certified.")
    page.get_by_role("button", name="Submit the report", exact=True).click()
    expect(page.get_by_text("Done: Submit the report.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Submitted")
    expect(page.get_by_label("Narrative", exact=True)).to_have_count(0)  # read-only once submitted
    expect(page.get_by_text("Every claim of the period is certified.")).to_be_visible()

    sign_in("office")
    page.goto(url)
    page.get_by_role("button", name="Start verification → Under verification").click()
    page.get_by_role("button", name="Start verification", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Under verification")
    expect(page.get_by_role("group", name="Return the report")).to_be_visible()  # a comment is required there
    assert serious_accessibility_violations(page) == []
    shot(page, "office-periodic-report")
    page.get_by_role("button", name="Approve the report → Approved").click()
    page.get_by_role("button", name="Approve the report", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approved")
    entries = page.get_by_role("region", name="History").get_by_role("listitem")  # approved, verified, submitted
    for entry, who, what in [
        (entries.nth(0), "Katarzyna Wiśniewska", "Approve the report"),
        (entries.nth(2), "Maja Kovačič", "Submit the report"),
    ]:
        expect(entry).to_contain_text(who)
        expect(entry).to_contain_text(what)


def test_a_partner_and_the_auditor_read_the_report(page, site, sign_in):
    report = talentjourney_first_report()
    url = f"{site}/periodic-reports/{report.pk}/"

    sign_in("partner.gmt")
    page.goto(url)
    expect(page.get_by_text("Kick-off in Velenje")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)
    claims = page.get_by_role("region", name="Claims of the period")
    expect(claims.get_by_role("link")).to_have_count(1)  # GMT's own claim only
    expect(claims).to_contain_text("GMT d.o.o.")
    assert serious_accessibility_violations(page) == []
    shot(page, "partner-periodic-report")
    assert too_wide_for_a_phone(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})

    sign_in("auditor")
    page.goto(url)
    expect(page.get_by_role("region", name="Claims of the period").get_by_role("link")).to_have_count(5)
    expect(page.get_by_role("heading", name="Next steps")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    shot(page, "auditor-periodic-report")
