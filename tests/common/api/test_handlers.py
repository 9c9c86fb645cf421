"""Under /api/ every error is JSON with `detail`, including the ones no API view answers: unknown paths,
server errors, oversized bodies, CSRF failures. Outside /api/ Django's pages stay."""

import json
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from rest_framework.test import APIClient

from common.api import handlers
from projects.api.views import ProjectViewSet


def assert_json_error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)["detail"]


@pytest.mark.parametrize("path", ["/api/nope/", "/api/projects/1/nope/", "/api/projects/²/", "/api/projects/abc/"])
def test_an_unknown_api_path_is_a_json_404_naming_it(world, client_for, path):
    detail = assert_json_error(client_for(world.users["staff"]).get(path), 404)
    assert detail.startswith(f"No API endpoint at {path}.")


def test_an_unknown_path_outside_the_api_is_still_a_page(db):
    response = APIClient().get("/nope/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_is_json_and_logged(world, client_for, monkeypatch, caplog):
    def broken_selector(**kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr(ProjectViewSet, "selector", staticmethod(broken_selector))
    client = client_for(world.users["coordinator"])
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        detail = assert_json_error(client.get("/api/projects/"), 500)
    assert "logged" in detail
    assert "the database fell over" not in detail  # no internals in the answer ...
    assert any(record.exc_info and "the database fell over" in str(record.exc_info[1]) for record in caplog.records)


@pytest.mark.parametrize("content_format", ["json", "multipart"])
def test_an_oversized_body_is_a_json_413_naming_the_limit(world, client_for, settings, content_format):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client_for(world.users["coordinator"]).patch(
        f"/api/projects/{world.project.pk}/", {"summary": "x" * 20_000}, format=content_format
    )
    detail = assert_json_error(response, 413)
    assert "10,000 bytes" in detail
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" in detail


def test_an_oversized_sign_in_form_is_a_json_413(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = APIClient().post("/api/auth/token/", {"username": "x" * 20_000, "password": "y"})
    assert_json_error(response, 413)


def test_a_file_larger_than_the_body_limit_still_uploads(world, client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000  # file parts do not count: FILE_UPLOAD_MAX_SIZE limits them
    text = b"Minutes of the partners' meeting in Velenje.\n" * 1_000  # 45 kB
    response = client_for(world.users["coordinator"]).post(
        f"/api/deliverables/{world.objects['deliverable'].pk}/files/",
        {"file": SimpleUploadedFile("minutes.txt", text, content_type="text/plain")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json()["size"] == len(text)


def test_an_oversized_form_outside_the_api_keeps_djangos_page(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = APIClient().post("/admin/login/", {"username": "x" * 20_000, "password": "y"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_session_change_without_the_csrf_token_is_a_json_403(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])
    response = client.patch(f"/api/projects/{world.project.pk}/", {"title": "New title"}, format="json")
    assert "CSRF" in assert_json_error(response, 403)


@pytest.mark.parametrize(("path", "json_answer"), [("/api/anything/", True), ("/admin/login/", False)])
def test_the_csrf_failure_view_answers_json_under_the_api_only(path, json_answer):
    response = handlers.csrf_failure(RequestFactory().post(path), reason="CSRF token missing.")
    assert response.status_code == 403
    if json_answer:
        assert "CSRF token missing." in assert_json_error(response, 403)
    else:
        assert response["Content-Type"].startswith("text/html")


def test_refusals_that_drf_answers_are_json_too(world, client_for):
    assert assert_json_error(APIClient().get("/api/projects/"), 401)
    staff = client_for(world.users["staff"])
    assert assert_json_error(staff.delete(f"/api/programmes/{world.objects['programme'].pk}/"), 405)
    partner = client_for(world.users["partner_other"])
    assert assert_json_error(partner.patch(f"/api/projects/{world.project.pk}/", {"title": "x"}, format="json"), 403)


def test_the_api_answers_in_the_language_the_client_asks_for(world, client_for):
    client = client_for(world.users["staff"])
    polish = client.get("/api/nope/", HTTP_ACCEPT_LANGUAGE="pl")
    english = client.get("/api/nope/")
    assert assert_json_error(english, 404).startswith("No API endpoint at /api/nope/.")
    assert assert_json_error(polish, 404).startswith("Brak punktu końcowego API pod adresem /api/nope/.")
