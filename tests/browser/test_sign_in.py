"""Signing in and out, the language switch and the error pages, in a real browser."""

from playwright.sync_api import expect

from tests.browser.conftest import serious_accessibility_violations, shot


def test_each_demo_user_signs_in_at_the_root_and_out_again(page, site, sign_in):
    page.goto(site + "/")
    expect(page.get_by_role("heading", name="Sign in to Clusterflow")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "sign-in")

    for username, name in [("coordinator", "Maja Kovačič"), ("partner.gmt", "Luka Novak"), ("auditor", "Piotr Wójcik")]:
        sign_in(username)
        expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
        expect(page.get_by_text(name)).to_be_visible()
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in to Clusterflow")).to_be_visible()


def test_a_wrong_password_is_refused_with_a_message(page, site):
    page.goto(site + "/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_the_language_switch_translates_the_sign_in_page(page, site):
    page.goto(site + "/")
    page.get_by_label("Language").select_option("pl")
    expect(page.get_by_role("heading", name="Zaloguj się do Clusterflow")).to_be_visible()
    page.get_by_label("Język").select_option("sl")
    expect(page.get_by_role("heading", name="Prijava v Clusterflow")).to_be_visible()
    shot(page, "sign-in-sl")


def test_an_unknown_page_is_a_page_of_the_product_with_a_way_back(page, site, sign_in):
    sign_in("partner.gmt")
    response = page.goto(site + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_role("button", name="To the dashboard")).to_be_visible()
