"""Signing in at /, signing out, the forgotten password through the configured e-mail backend, the language
switch, and the sign-in throttle's page."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_visitor_gets_the_sign_in_form_at_the_root_and_a_user_the_dashboard():
    client = Client()
    response = client.get("/")
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content

    UserFactory(username="maja", password="a-long-password-1")
    response = client.post("/", {"username": "maja", "password": "a-long-password-1"}, follow=True)
    assert response.status_code == 200
    assert b"Sign out" in response.content
    assert b'name="password"' not in response.content


def test_a_wrong_password_shows_the_form_again_with_the_reason():
    UserFactory(username="maja", password="a-long-password-1")
    response = Client().post("/", {"username": "maja", "password": "wrong"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content


def test_a_page_asks_a_visitor_to_sign_in_and_returns_there_afterwards():
    UserFactory(username="maja", password="a-long-password-1")
    client = Client()
    response = client.get("/projects/")
    assert response.status_code == 302
    assert response["Location"] == "/?next=/projects/"
    response = client.post(
        "/?next=/projects/", {"username": "maja", "password": "a-long-password-1", "next": "/projects/"}
    )
    assert response["Location"] == "/projects/"


def test_signing_out_is_a_post_and_ends_the_session():
    user = UserFactory(username="maja")
    client = Client()
    client.force_login(user)
    assert client.get("/sign-out/").status_code == 405  # a link someone else plants cannot sign you out
    response = client.post("/sign-out/")
    assert response["Location"] == "/"
    assert b'name="password"' in client.get("/").content


def test_a_forgotten_password_is_reset_through_the_link_in_the_e_mail():
    UserFactory(username="maja", email="maja@example.org", password="the-old-password-1")
    client = Client()
    response = client.post("/password/forgotten/", {"email": "maja@example.org"})
    assert response["Location"] == "/password/forgotten/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maja@example.org"]
    assert "maja" in message.body  # the username, in case that is what was forgotten
    link = re.search(r"http://testserver(/password/new/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-password-7", "new_password2": "a-brand-new-password-7"},
    )
    assert response["Location"] == "/password/changed/"
    assert Client().login(username="maja", password="a-brand-new-password-7")


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail():
    response = Client().post("/password/forgotten/", {"email": "nobody@example.org"})
    assert response["Location"] == "/password/forgotten/sent/"
    assert mail.outbox == []


def test_the_language_switch_remembers_the_choice_and_returns_to_the_page():
    client = Client()
    response = client.post("/language/", {"language": "pl", "next": "/password/forgotten/"})
    assert response["Location"] == "/password/forgotten/"
    page = client.get("/password/forgotten/")
    assert b'<html lang="pl">' in page.content


def test_the_browser_language_is_used_until_one_is_chosen():
    page = Client(headers={"Accept-Language": "sl-SI,sl;q=0.9,en;q=0.5"}).get("/")
    assert b'<html lang="sl">' in page.content


def test_too_many_sign_in_attempts_get_a_page_with_the_wait():
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [client.post("/", {"username": "maja", "password": f"guess-{n}"}).status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]  # the form again with its error ten times (10/minute), then refused
    response = client.post("/", {"username": "maja", "password": "guess"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert b"Too many sign-in attempts" in response.content
    assert b'<a href="/" class="brand">' in response.content  # in the product's layout
