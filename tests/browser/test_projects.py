"""The projects list and a project's page in a real browser: a coordinator moves a project on and meets a
blocked transition with its reasons; a partner and an auditor read a project; the list filters in place."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_violations, shot


def open_project(page, acronym: str):
    page.get_by_role("link", name="Projects", exact=True).click()
    page.get_by_role("link", name=acronym, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=acronym)).to_be_visible()


def test_a_coordinator_submits_a_proposal_and_the_step_bar_moves_on(page, sign_in):
    sign_in("coordinator")
    open_project(page, "OZE-LAB")
    steps = page.get_by_role("list").filter(has=page.locator("[aria-current=step]"))
    expect(page.locator("[aria-current=step]")).to_contain_text("Proposal")
    expect(steps).to_be_visible()

    page.get_by_role("button", name="Submit the proposal → Proposal under review").click()
    page.get_by_label("Comment (optional)").first.fill("Ready for the office's review.")
    page.get_by_role("button", name="Submit the proposal", exact=True).click()

    expect(page.get_by_text("Done: Submit the proposal.")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Proposal under review")
    history = page.get_by_role("region", name="History")
    expect(history.get_by_role("listitem").first).to_contain_text("Submit the proposal")
    expect(history.get_by_role("listitem").first).to_contain_text("Ready for the office's review.")
    expect(history.get_by_text("The transition log is intact: no entry has been changed or removed.")).to_be_visible()


def test_a_coordinator_sees_why_final_reporting_cannot_start(page, sign_in):
    sign_in("coordinator")
    open_project(page, "Talentjourney")
    expect(page.locator("[aria-current=step]")).to_contain_text("In implementation")
    blocked = page.get_by_role("group", name="Start final reporting")
    expect(blocked.get_by_role("button", name="Start final reporting")).to_be_disabled()
    expect(blocked.get_by_text("The report for period 1 is open, not approved.")).to_be_visible()
    expect(blocked.get_by_text("The report for period 2 is open, not approved.")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "coordinator-project")


def test_the_list_filters_and_sorts_in_place_and_keeps_the_address(page, site, sign_in):
    sign_in("coordinator")
    page.get_by_role("link", name="Projects", exact=True).click()
    expect(page.get_by_role("heading", name="4 projects")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "coordinator-projects")

    page.get_by_label("Stage").select_option(label="Proposal")
    expect(page.get_by_role("heading", name="1 project")).to_be_visible()
    expect(page).to_have_url(re.compile(r"status=proposal"))
    expect(page.get_by_role("link", name="OZE-LAB", exact=True)).to_be_visible()

    page.get_by_role("button", name="Clear the filters").click()
    page.get_by_role("link", name="Acronym").click()  # sorted by acronym already: now the other way
    expect(page).to_have_url(re.compile(r"ordering=-acronym"))
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Talentjourney")
    expect(rows.nth(4)).to_contain_text("CIRCLE")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    assert download.value.suggested_filename.startswith("projects-")


def test_a_partner_reads_a_project_with_its_own_money_only(page, sign_in):
    sign_in("partner.gmt")
    page.get_by_role("link", name="Projects", exact=True).click()
    expect(page.get_by_role("heading", name="2 projects")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "partner-projects")

    page.get_by_role("link", name="Talentjourney", exact=True).click()
    budget = page.get_by_role("region", name="Budget and actual")
    expect(budget.get_by_role("img", name="Budget and declared costs per cost category")).to_be_visible()
    expect(budget.get_by_role("rowheader", name="GMT d.o.o.")).to_be_visible()
    expect(budget.get_by_role("rowheader", name="Šolski center Velenje")).to_have_count(0)
    expect(page.get_by_role("link", name="Reports of this project")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    shot(page, "partner-project")


def test_an_auditor_reads_a_project_without_any_button_to_act(page, sign_in):
    sign_in("auditor")
    page.get_by_role("link", name="Projects", exact=True).click()
    expect(page.get_by_role("heading", name="3 projects")).to_be_visible()
    shot(page, "auditor-projects")

    page.get_by_role("link", name="CIRCLE", exact=True).click()
    expect(page.get_by_role("heading", name="Next steps")).to_have_count(0)
    expect(page.get_by_role("main").get_by_role("button")).to_have_count(1)  # only "Reports of this project"
    expect(page.get_by_role("region", name="History").get_by_role("listitem").first).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "auditor-project")
