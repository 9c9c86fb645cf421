"""Errors a user can meet on the pages are pages in the product's layout and language, with a way back; the
API keeps answering JSON."""

import pytest
from django.test import Client

from common.errors import Conflict, OutOfScope, TooLarge
from web.views import dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["partner_other"])
    return client


def assert_error_page(response, status: int, title: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert "Sign out" in html  # the layout, with the user still signed in
    assert 'href="/"' in html  # a way back
    return html


def test_an_unknown_page(signed_in):
    assert_error_page(signed_in.get("/no-such-page/"), 404, "Not found")


def test_an_unknown_api_path_stays_json(signed_in):
    response = signed_in.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("error", "status", "title"),
    [
        (OutOfScope("No such claim is visible to you."), 404, "Not found"),
        (Conflict("CIRCLE is “Application submitted”: reload it."), 409, "This changed meanwhile"),
        (TooLarge("The file is 60 MB; the limit is 50 MB."), 413, "The file is too large"),
    ],
)
def test_a_service_error_in_a_page_is_a_page_with_its_status(signed_in, monkeypatch, error, status, title):
    def refuse(request):
        raise error

    monkeypatch.setattr(dashboard, "show", refuse)
    html = assert_error_page(signed_in.get("/"), status, title)
    if status != 404:  # a 404 never says what exists
        assert error.message.replace("“", "&ldquo;")[:10] in html or error.message[:10] in html


def test_a_server_error_is_a_page_in_the_layout(signed_in, monkeypatch):
    def broken(request):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(dashboard, "show", broken)
    html = assert_error_page(signed_in.get("/"), 500, "Something went wrong on our side")
    assert "the database fell over" not in html


def test_a_transition_outside_the_users_scope_is_a_404_page(signed_in, world):
    response = signed_in.post(f"/transitions/project/{world.other_project.pk}/submit_proposal/")
    assert_error_page(response, 404, "Not found")


def test_a_transition_the_role_may_not_take_is_a_403_page(signed_in, world):
    response = signed_in.post(f"/transitions/project/{world.project.pk}/submit_proposal/")
    html = assert_error_page(response, 403, "Not allowed")
    assert "may submit the proposal" in html


def test_an_error_page_speaks_the_users_language(signed_in):
    signed_in.post("/language/", {"language": "pl", "next": "/"})
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="pl">' in response.content.decode()
    assert "<h1>Not found</h1>" not in response.content.decode()


def test_a_visit_to_an_address_that_takes_only_a_form_is_a_page(signed_in, world):
    response = signed_in.get(f"/transitions/project/{world.project.pk}/submit_proposal/")
    assert_error_page(response, 405, "This address takes a form, not a visit")
    assert response["Allow"] == "POST"


def test_an_error_answering_htmx_takes_the_whole_window(signed_in):
    response = signed_in.get("/no-such-page/", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response["HX-Retarget"] == "body"
    assert response["HX-Reswap"] == "innerHTML"


def test_a_page_shown_again_after_a_failed_post_sends_its_forms_back_to_where_they_came_from(world):
    client = Client()
    client.force_login(world.users["partner_same"])
    deliverable = world.objects["deliverable"]
    page = f"/deliverables/{deliverable.pk}/"
    response = client.post(f"{page}files/", {}, headers={"Referer": f"http://testserver{page}"})
    assert response.status_code == 400  # no file: the page again, the reason next to the input
    html = response.content.decode()
    assert f'name="next" type="hidden" value="{page}"' in html  # the language switch returns to the page
    assert 'value="/deliverables/' in html and f'value="{page}files/"' not in html
