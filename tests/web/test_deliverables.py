"""The deliverable page with Django's test client: the upload, a refused file, the scope (404), the download,
a late deliverable's justification and the review history."""

import hashlib
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from projects.models import Deliverable
from tests.helpers import demo_loaded
from workflows.services import transition_take

PDF = b"%PDF-1.7\n% the pitch day's programme\n"


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, demo_media):
    with demo_loaded(django_db_blocker, demo_media, password="demo-password-123"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, demo_media):
    """The demo's stored files are where the tests read them (the shared fixture gives each test its own)."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture
def user(demo_data, db):
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def client_as(user):
    def make(username: str) -> Client:
        client = Client()
        client.force_login(user(username))
        return client

    return make


def deliverable(acronym: str, code: str) -> Deliverable:
    return Deliverable.objects.get(project__acronym=acronym, code=code)


def page_of(item: Deliverable) -> str:
    return reverse("web:deliverable", args=[item.pk])


def upload(client: Client, item: Deliverable, name: str, content: bytes):
    return client.post(reverse("web:deliverable-upload", args=[item.pk]), {"file": SimpleUploadedFile(name, content)})


def test_the_page_shows_what_the_deliverable_is(client_as):
    item = deliverable("Talentjourney", "D3.1")
    response = client_as("partner.gmt").get(page_of(item))
    assert response.status_code == 200
    html = response.content.decode()
    assert "D3.1 Student business incubator: operating model" in html
    assert "GMT d.o.o." in html and "30 Sept 2025" in html
    assert "Add how student teams are selected and mentored." in html  # the coordinator's change request, kept
    assert 'class="status status-accepted"' in html


def test_an_upload_becomes_version_1_with_its_size_and_hash(client_as):
    item = deliverable("Talentjourney", "D3.2")
    client = client_as("partner.gmt")
    response = upload(client, item, "pitch-day.pdf", PDF)
    assert response.status_code == 302 and response.url == page_of(item)
    html = client.get(page_of(item)).content.decode()
    assert "Uploaded pitch-day.pdf as version 1." in html
    assert f'<code class="hash">{hashlib.sha256(PDF).hexdigest()}</code>' in html
    assert f"{len(PDF)}\xa0bytes" in html
    assert item.versions.get().uploaded_by.username == "partner.gmt"


def test_a_file_of_a_refused_type_comes_back_with_the_reason_next_to_the_input(client_as):
    item = deliverable("Talentjourney", "D3.2")
    response = upload(client_as("partner.gmt"), item, "programme.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 400
    html = response.content.decode()
    errors = re.search(r'<ul id="upload-errors".*?</ul>', html, re.S).group(0)
    assert "not accepted" in errors
    assert 'aria-invalid="true"' in html
    assert not item.versions.exists()


def test_a_form_without_a_file_says_so(client_as):
    item = deliverable("Talentjourney", "D3.2")
    response = client_as("partner.gmt").post(reverse("web:deliverable-upload", args=[item.pk]), {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_file_too_large_is_the_413_page(client_as, settings):
    settings.FILE_UPLOAD_MAX_SIZE = 10
    item = deliverable("Talentjourney", "D3.2")
    response = upload(client_as("partner.gmt"), item, "pitch-day.pdf", PDF)
    assert response.status_code == 413
    assert "The file is too large" in response.content.decode()


def test_the_size_limit_is_on_the_form_for_the_browser_to_check(client_as, settings):
    settings.FILE_UPLOAD_MAX_SIZE = 1234
    html = client_as("partner.gmt").get(page_of(deliverable("Talentjourney", "D3.2"))).content.decode()
    assert 'data-upload data-max-bytes="1234"' in html


def test_only_who_may_upload_sees_the_form(client_as):
    item = deliverable("Talentjourney", "D4.1")  # Bosch's
    for username, sees in [("partner.gmt", False), ("auditor", False), ("coordinator", True)]:
        html = client_as(username).get(page_of(item)).content.decode()
        assert ("data-upload" in html) is sees, username
    assert upload(client_as("partner.gmt"), item, "not-mine.pdf", PDF).status_code == 403


@pytest.mark.parametrize(
    ("username", "acronym", "code"),
    [
        ("partner.mechanik", "Talentjourney", "D3.2"),  # another consortium's
        ("partner.mechanik", "Talentjourney", "D1.2"),  # another consortium's, sensitive
        ("partner.gmt", "MPMF", "D1.1"),  # sensitive, of a project they are not in
        ("partner.gmt", "MPMF", "D2.1"),
    ],
)
def test_a_deliverable_outside_the_users_projects_does_not_exist_for_them(client_as, username, acronym, code):
    item = deliverable(acronym, code)
    client = client_as(username)
    assert client.get(page_of(item)).status_code == 404
    assert upload(client, item, "x.pdf", PDF).status_code == 404
    assert client.get(reverse("web:deliverable-file", args=[item.pk, 1])).status_code == 404


def test_a_download_answers_the_file_as_an_attachment(client_as):
    item = deliverable("Talentjourney", "D3.1")
    response = client_as("auditor").get(reverse("web:deliverable-file", args=[item.pk, 2]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "revised" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == item.versions.get(version=2).sha256


def test_a_version_that_does_not_exist_is_404(client_as):
    item = deliverable("Talentjourney", "D3.1")
    assert client_as("partner.gmt").get(reverse("web:deliverable-file", args=[item.pk, 9])).status_code == 404


def test_a_sensitive_deliverable_is_downloaded_by_the_projects_members(client_as, user):
    item = deliverable("Talentjourney", "D1.2")  # SEN, ŠCV's
    assert upload(client_as("coordinator"), item, "risks.pdf", PDF).status_code == 302
    for username in ("coordinator", "partner.gmt", "auditor"):
        response = client_as(username).get(reverse("web:deliverable-file", args=[item.pk, 1]))
        assert response.status_code == 200, username
    assert client_as("partner.mechanik").get(reverse("web:deliverable-file", args=[item.pk, 1])).status_code == 404


@time_machine.travel("2026-12-03 12:00 +01:00")
def test_a_late_deliverable_asks_for_the_justification_and_shows_it_afterwards(client_as):
    item = deliverable("Talentjourney", "D3.2")  # due 20 November 2026
    client = client_as("partner.gmt")
    html = client.get(page_of(item)).content.decode()
    assert "late by 13 days" in html
    upload(client, item, "pitch-day.pdf", PDF)
    html = client.get(page_of(item)).content.decode()
    assert "D3.2 was due on 2026-11-20: add a comment justifying the delay." in html  # the comment's help
    assert re.search(r'<textarea name="comment"[^>]*required', html)
    response = client.post(reverse("web:transition", args=["deliverable", item.pk, "submit"]), {"comment": ""})
    assert "add a comment justifying the delay" in client.get(response.url).content.decode()
    client.post(
        reverse("web:transition", args=["deliverable", item.pk, "submit"]),
        {"comment": "The pitch day moved to December with the school calendar."},
    )
    html = client.get(page_of(item)).content.decode()
    assert "Late justification" in html
    assert "The pitch day moved to December with the school calendar." in html
    assert "late by" not in html  # submitted: no longer outstanding


def test_a_changes_request_is_on_the_page_with_its_comment(client_as, user):
    item = deliverable("Talentjourney", "D2.2")  # submitted
    transition_take(obj=item, name="request_changes", actor=user("coordinator"), comment="Add the user guide.")
    html = client_as("partner.gmt").get(page_of(item)).content.decode()
    assert 'class="status status-changes_requested"' in html
    section = re.search(r'<section class="changes-requested".*?</section>', html, re.S).group(0)
    assert "Maja Kovačič" in section and "Add the user guide." in section


def test_the_coordinator_gets_the_review_buttons_and_the_auditor_none(client_as):
    item = deliverable("Talentjourney", "D2.2")  # submitted
    html = client_as("coordinator").get(page_of(item)).content.decode()
    assert "Accept the deliverable" in html and "Request changes" in html
    html = client_as("auditor").get(page_of(item)).content.decode()
    assert "Next steps" not in html and "Accept the deliverable" not in html


def test_the_page_speaks_polish(client_as):
    client = client_as("partner.gmt")
    client.cookies["django_language"] = "pl"
    html = client.get(page_of(deliverable("Talentjourney", "D3.1"))).content.decode()
    assert "30 wrz 2025" in html
