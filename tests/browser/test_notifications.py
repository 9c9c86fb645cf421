"""The bell, the notifications page and the preferences in a real browser: a partner is told that the
coordinator wants changes to their deliverable, follows the notification to it, and the count goes down;
marking read in place; the preferences saved; the calendar's address copied and reset; a phone's width."""

import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from notifications.services import calendar_token
from projects import services
from projects.models import Deliverable
from tests.browser.conftest import serious_accessibility_violations, shot, too_wide_for_a_phone
from workflows.services import transition_take

UNREAD = re.compile(r"^Notifications, (\d+) unread$")
REQUEST = "Add the jury's scoring sheet and the photos of the winning teams."


def user(username: str):
    return get_user_model().objects.get(username=username)


def changes_requested_on_the_pitch_day() -> Deliverable:
    """GMT's D3.2 (Talentjourney): Luka Novak uploads and submits it, Maja Kovačič asks for changes."""
    pitch_day = Deliverable.objects.get(project__acronym="Talentjourney", code="D3.2")
    services.file_version_add(
        owner=pitch_day,
        upload=SimpleUploadedFile("Pitch day.pdf", b"%PDF-1.7\n% pitch day\n%%EOF\n", content_type="application/pdf"),
        actor=user("partner.gmt"),
    )
    transition_take(obj=pitch_day, name="submit", actor=user("partner.gmt"), comment="Moved to December.")
    transition_take(obj=pitch_day, name="request_changes", actor=user("coordinator"), comment=REQUEST)
    return pitch_day


def bell_count(page) -> int:
    name = page.locator("#bell .visually-hidden").inner_text()
    found = UNREAD.match(name)
    return int(found.group(1)) if found else 0


def test_a_partner_follows_the_coordinators_change_request_from_the_bell(page, site, sign_in):
    pitch_day = changes_requested_on_the_pitch_day()

    sign_in("partner.gmt")
    bell = page.get_by_role("link", name=UNREAD)
    expect(bell).to_be_visible()
    before = bell_count(page)
    assert before >= 1
    expect(page.locator("#bell .badge")).to_have_text(str(before))
    bell.click()

    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    notification = page.get_by_role("listitem").filter(has_text="requested changes to D3.2")
    expect(notification).to_contain_text(
        "Maja Kovačič requested changes to D3.2 “Student start-up pitch day” (Talentjourney)."
    )
    expect(notification).to_contain_text(REQUEST)
    expect(notification).to_contain_text("Unread")
    shot(page, "partner-notifications")
    assert serious_accessibility_violations(page) == []

    notification.get_by_role("link", name=re.compile("requested changes to D3.2")).click()

    expect(page).to_have_url(f"{site}/deliverables/{pitch_day.pk}/")
    expect(page.get_by_role("heading", name="D3.2 Student start-up pitch day", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Changes requested")).to_contain_text(REQUEST)
    assert bell_count(page) == before - 1


def test_marking_read_in_place_and_the_unread_filter(page, site, sign_in):
    changes_requested_on_the_pitch_day()
    sign_in("partner.gmt")
    page.goto(site + "/notifications/")
    before = bell_count(page)

    page.get_by_role("link", name=re.compile(r"^Unread \(\d+\)$")).click()
    expect(page).to_have_url(re.compile(r"/notifications/\?show=unread$"))
    row = page.get_by_role("listitem").filter(has_text="requested changes to D3.2")
    row.get_by_role("button", name="Mark as read").click()

    expect(row.get_by_role("button", name="Mark as read")).to_have_count(0)  # swapped in place by htmx
    expect(row).not_to_contain_text("Unread")
    expect(page.locator("#bell .visually-hidden")).to_have_text(
        f"Notifications, {before - 1} unread" if before > 1 else "Notifications"
    )

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_text("Nothing unread: you have seen everything.")).to_be_visible()
    expect(page.locator("#bell .badge")).to_have_count(0)
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()


SOON_IN_THE_APP = re.compile(r"^Something of mine falls due soon.* In the app only$")


def test_the_preferences_are_saved_and_the_calendar_address_copied_and_reset(page, site, sign_in):
    sign_in("partner.gmt")
    page.get_by_role("link", name="Preferences").click()

    expect(page.get_by_role("heading", name="Preferences", level=1)).to_be_visible()
    page.get_by_role("radio", name="A deliverable is accepted In the daily digest").check()
    page.get_by_role("radio", name="Changes to a deliverable are requested E-mail at once").check()
    page.get_by_role("radio", name=SOON_IN_THE_APP).check()
    page.get_by_label("Language of your e-mails").select_option("sl")
    shot(page, "partner-preferences")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Save the preferences").click()

    expect(page.get_by_text("Your preferences are saved.")).to_be_visible()
    expect(page.get_by_role("radio", name="A deliverable is accepted In the daily digest")).to_be_checked()
    expect(page.get_by_role("radio", name=SOON_IN_THE_APP)).to_be_checked()
    expect(page.get_by_label("Language of your e-mails")).to_have_value("sl")

    address = page.get_by_label("Your calendar's address")
    old = address.input_value()
    assert old == f"{site}/calendar/{calendar_token(user=user('partner.gmt'))}.ics"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status")).to_have_text("The address is copied.")
    assert page.evaluate("navigator.clipboard.readText()") == old

    page.get_by_role("button", name="Reset the address", exact=True).click()
    page.get_by_role("button", name="Reset the address now").click()
    expect(page.get_by_text("The old address no longer works")).to_be_visible()
    assert address.input_value() != old
    assert page.request.get(old).status == 404


def test_the_pages_work_without_javascript(browser, site, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    changes_requested_on_the_pitch_day()
    page.goto(site + "/")
    page.locator("#id_username").fill("partner.gmt")
    page.locator("#id_password").fill("browser-test-password")
    page.locator("form[action='/'] button[type=submit]").click()

    page.goto(site + "/notifications/?show=unread")
    row = page.get_by_role("listitem").filter(has_text="requested changes to D3.2")
    row.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_text("The notification is marked as read.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/notifications/\?show=unread$"))
    expect(page.get_by_role("listitem").filter(has_text="requested changes to D3.2")).to_have_count(0)

    page.goto(site + "/preferences/")
    expect(page.get_by_role("button", name="Copy")).to_be_hidden()  # the address is selected and copied by hand
    expect(page.get_by_label("Your calendar's address")).to_have_attribute("readonly", "")
    context.close()


def test_the_notifications_and_preferences_fit_a_phone(page, site, sign_in):
    changes_requested_on_the_pitch_day()
    sign_in("partner.gmt")
    for path in ("/notifications/", "/preferences/"):
        page.goto(site + path)
        assert too_wide_for_a_phone(page) == [], path
        shot(page, "phone-partner.gmt-" + path.strip("/"))
        page.set_viewport_size({"width": 1280, "height": 900})
