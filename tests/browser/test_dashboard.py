"""The dashboard in a real browser: each demo user sees their own work, and a partner sees the changes the
coordinator asked for on their deliverable."""

import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from projects import services
from projects.models import Deliverable
from tests.browser.conftest import serious_accessibility_violations, shot, too_wide_for_a_phone
from workflows.services import transition_take


def region(page, title: str):
    return page.get_by_role("region", name=re.compile(f"^{title}"))


def test_each_role_sees_their_dashboard(page, sign_in):
    sign_in("coordinator")
    todo = region(page, "To do")
    expect(
        todo.get_by_role("link", name="D2.2 Online platform of vocational excellence, first release")
    ).to_be_visible()
    expect(todo.get_by_role("link", name="Claim of Robert Bosch d.o.o. for period 1")).to_be_visible()
    expect(todo.get_by_text("Certify the claim")).to_be_visible()
    expect(
        todo.get_by_text("Blocked: The claim of Robert Bosch d.o.o. for period 1 is submitted, not certified.")
    ).to_be_visible()
    projects = region(page, "My projects")
    expect(projects.get_by_role("heading", name=re.compile("^Proposal"))).to_be_visible()
    expect(projects.get_by_role("link", name="OZE-LAB")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "coordinator-dashboard")

    todo.get_by_role("link", name="D2.2 Online platform of vocational excellence, first release").click()
    assert re.search(r"/deliverables/\d+/$", page.url)

    sign_in("partner.gmt")
    todo = region(page, "To do")
    expect(todo.get_by_role("link", name="Claim of GMT d.o.o. for period 2").first).to_be_visible()
    expect(todo.get_by_role("link", name="D3.2 Student start-up pitch day")).to_be_visible()
    expect(page.get_by_text("Robert Bosch")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    shot(page, "partner-dashboard")

    sign_in("auditor")
    expect(region(page, "To do").get_by_text("Nothing to do: you read and download.")).to_be_visible()
    expect(region(page, "My projects").get_by_role("link", name="Talentjourney")).to_be_visible()
    expect(region(page, "Waiting for others")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    shot(page, "auditor-dashboard")

    sign_in("office")
    projects = region(page, "My projects")
    for acronym in ["OZE-LAB", "CIRCLE", "MPMF", "Talentjourney"]:
        expect(projects.get_by_role("link", name=acronym)).to_be_visible()
    expect(region(page, "To do").get_by_text("Nothing to do right now.")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "office-dashboard")


def test_the_dashboard_fits_a_phone(page, sign_in):
    sign_in("coordinator")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert too_wide_for_a_phone(page) == []
    shot(page, "coordinator-dashboard-phone")


def test_the_partner_sees_on_the_dashboard_the_changes_the_coordinator_requested(page, sign_in):
    users = get_user_model().objects
    partner, coordinator = users.get(username="partner.gmt"), users.get(username="coordinator")
    pitch_day = Deliverable.objects.get(project__acronym="Talentjourney", code="D3.2")
    upload = SimpleUploadedFile("pitch-day.pdf", b"%PDF-1.7 pitch day", content_type="application/pdf")
    services.file_version_add(owner=pitch_day, upload=upload, actor=partner)
    transition_take(obj=pitch_day, name="submit", actor=partner, comment="The pitch day moved to 27 November.")

    sign_in("partner.gmt")
    waiting = region(page, "Waiting for others")
    expect(waiting.get_by_role("link", name="D3.2 Student start-up pitch day")).to_be_visible()
    expect(waiting.get_by_text("the project's coordinators (Maja Kovačič)")).to_be_visible()

    transition_take(obj=pitch_day, name="request_changes", actor=coordinator, comment="Add the jury's scores.")

    page.reload()
    item = region(page, "To do").get_by_role("listitem").filter(has_text="D3.2 Student start-up pitch day")
    expect(item.get_by_text("Changes requested")).to_be_visible()
    expect(item.get_by_text("Add the jury's scores.")).to_be_visible()
    expect(item).to_contain_text("Upload a new version of D3.2")
    expect(region(page, "Waiting for others").get_by_text("Nothing you moved on waits for anyone.")).to_be_visible()
    shot(page, "partner-dashboard-changes-requested")

    item.get_by_role("link", name="D3.2 Student start-up pitch day").click()
    assert page.url.endswith(f"/deliverables/{pitch_day.pk}/")
