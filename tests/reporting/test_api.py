"""Generated documents through the API: request one, watch it render, download it, verify a PDF's hash,
and who may do which (DESIGN.md, "Access" and "Files and documents").

Most tests use the small ``world`` (CIRCLE) and never commit, so their documents stay queued; the few
that need a PDF render one with ``committed()``.
"""

import hashlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting import services
from reporting.models import GeneratedDocument
from tests.factories import GeneratedDocumentFactory

DOCUMENTS = "/api/documents/"
HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


def request_document(client, project, kind="funding_report", period=None):
    """A cumulative document leaves the period out, as DESIGN.md says."""
    body = {"project": project.pk, "kind": kind} | ({} if period is None else {"period": period})
    return client.post(DOCUMENTS, body, format="json")


def test_a_null_period_is_a_cumulative_document_too(world, client_for):
    body = {"project": world.project.pk, "kind": "funding_report", "period": None}
    response = client_for(world.users["auditor"]).post(DOCUMENTS, body, format="json")

    assert response.status_code == 202
    assert response.json()["period"] is None


@pytest.fixture
def auditor(world, client_for):
    return client_for(world.users["auditor"])


@pytest.fixture
def queued(world, auditor):
    """A funding report of CIRCLE requested by the auditor and never committed: it stays queued."""
    response = request_document(auditor, world.project)
    assert response.status_code == 202, response.json()
    return GeneratedDocument.objects.get(pk=response.json()["id"])


@pytest.fixture
def rendered(world, auditor, committed):
    """A cumulative funding report of CIRCLE, requested by the auditor and rendered; its job as JSON."""
    with committed():
        response = request_document(auditor, world.project)
    assert response.status_code == 202, response.json()
    return auditor.get(f"{DOCUMENTS}{response.json()['id']}/").json()


def issued(world) -> GeneratedDocument:
    """A finished funding report of CIRCLE stored without rendering (for the checks that only read its row)."""
    return GeneratedDocumentFactory(project=world.project, requested_by=world.users["auditor"], done=True)


# --- Request, render, download ---------------------------------------------------------------------


def test_a_requested_report_answers_202_at_once_and_is_done_after_commit(world, auditor, committed):
    with committed():
        response = request_document(auditor, world.project)
        job = response.json()
        # Answered before anything was rendered: a job to poll, not a PDF.
        assert response.status_code == 202
        assert job["status"] == "queued"
        assert job["progress"] == 0
        assert job["sha256"] == ""
        assert job["download_url"] is None
        assert job["requested_by"] == world.users["auditor"].pk
    done = auditor.get(f"{DOCUMENTS}{job['id']}/").json()
    assert done["status"] == "done"
    assert done["progress"] == 100
    assert done["error"] == ""
    assert HEX_SHA256.fullmatch(done["sha256"])
    assert done["size"] > 1000
    assert done["pages"] >= 1
    assert done["finished_at"] is not None
    assert done["download_url"] == f"http://testserver/api/documents/{job['id']}/download/"


def test_download_is_the_pdf_whose_hash_and_size_the_job_shows(auditor, rendered):
    response = auditor.get(rendered["download_url"])
    content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "CIRCLE" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == rendered["sha256"]
    assert len(content) == rendered["size"]


def test_download_of_a_queued_document_is_409_saying_it_is_queued(auditor, queued):
    response = auditor.get(f"{DOCUMENTS}{queued.pk}/download/")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Document {queued.pk} has no PDF yet: it is queued; download it once its status is done."
    )


def test_download_while_rendering_is_409_with_the_progress(auditor, queued):
    GeneratedDocument.objects.filter(pk=queued.pk).update(status="running", progress=35)
    response = auditor.get(f"{DOCUMENTS}{queued.pk}/download/")
    assert response.status_code == 409
    assert "being rendered (35 %)" in response.json()["detail"]


def test_download_of_a_failed_document_is_409_with_the_error(auditor, queued):
    token = services.document_start(document_id=queued.pk)
    services.document_fail(document_id=queued.pk, token=token, error="Rendering failed: the template is missing.")
    response = auditor.get(f"{DOCUMENTS}{queued.pk}/download/")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Document {queued.pk} has no PDF because it failed: Rendering failed: the template is missing."
    )
    assert auditor.get(f"{DOCUMENTS}{queued.pk}/").json()["error"] == "Rendering failed: the template is missing."


# --- Verify a PDF's hash ---------------------------------------------------------------------------


def test_verify_finds_the_rendered_document_by_its_hash(auditor, rendered):
    body = auditor.get(f"{DOCUMENTS}verify/", {"sha256": rendered["sha256"]}).json()
    assert body["match"] is True
    assert body["document"]["id"] == rendered["id"]
    assert body["document"]["sha256"] == rendered["sha256"]
    # Some tools print the hash in capitals; it is the same hash.
    assert auditor.get(f"{DOCUMENTS}verify/", {"sha256": rendered["sha256"].upper()}).json()["match"] is True


def test_verify_an_unknown_hash_is_no_match(world, auditor):
    issued(world)
    response = auditor.get(f"{DOCUMENTS}verify/", {"sha256": hashlib.sha256(b"never issued").hexdigest()})
    assert response.status_code == 200
    assert response.json() == {"match": False}


@pytest.mark.parametrize("value", ["xyz", "g" * 64, "a" * 63, "a" * 65, ""])
def test_verify_a_malformed_hash_is_400_naming_sha256(auditor, value):
    response = auditor.get(f"{DOCUMENTS}verify/", {"sha256": value})
    assert response.status_code == 400
    assert "sha256" in response.json()


def test_verify_without_a_hash_is_400_naming_sha256(auditor):
    response = auditor.get(f"{DOCUMENTS}verify/")
    assert response.status_code == 400
    assert response.json()["sha256"] == ["This field is required."]


def test_verify_does_not_reveal_a_document_the_user_cannot_read(world, client_for):
    document = issued(world)
    assert client_for(world.users["auditor"]).get(f"{DOCUMENTS}verify/", {"sha256": document.sha256}).json()["match"]
    for role in ("outsider", "partner_same"):
        body = client_for(world.users[role]).get(f"{DOCUMENTS}verify/", {"sha256": document.sha256}).json()
        assert body == {"match": False}, role


def test_verify_ignores_a_document_that_is_not_done(world, auditor, queued):
    content = b"%PDF-1.7 half rendered"
    GeneratedDocument.objects.filter(pk=queued.pk).update(sha256=hashlib.sha256(content).hexdigest())
    assert auditor.get(f"{DOCUMENTS}verify/", {"sha256": hashlib.sha256(content).hexdigest()}).json() == {
        "match": False
    }


# --- Who may request and read ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "coordinator", "auditor"])
def test_staff_coordinators_and_auditors_request_and_read_documents(world, client_for, role):
    client = client_for(world.users[role])
    response = request_document(client, world.project, kind="audit_trail")
    assert response.status_code == 202
    user = world.users[role]
    assert response.json()["requested_by"] == user.pk
    assert response.json()["requested_by_name"] == f"{user.first_name} {user.last_name}"
    listed = client.get(DOCUMENTS).json()
    assert [row["id"] for row in listed["results"]] == [response.json()["id"]]
    assert client.get(f"{DOCUMENTS}{response.json()['id']}/").status_code == 200


def test_the_coordinator_reads_the_document_the_auditor_requested(world, client_for, queued):
    body = client_for(world.users["coordinator"]).get(f"{DOCUMENTS}{queued.pk}/").json()
    assert body["requested_by"] == world.users["auditor"].pk
    assert body["kind"] == "funding_report"


@pytest.mark.parametrize("role", ["partner_same", "partner_other"])
def test_a_partner_may_not_request_a_document(world, client_for, role):
    response = request_document(client_for(world.users[role]), world.project)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only the cluster office's staff, the project's coordinators or the project's auditors "
        "may request and read generated documents and exports."
    )
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize("role", ["partner_same", "partner_other"])
def test_documents_are_invisible_to_partners(world, client_for, queued, role):
    client = client_for(world.users[role])
    assert client.get(DOCUMENTS).json()["count"] == 0
    assert client.get(f"{DOCUMENTS}{queued.pk}/").status_code == 404
    assert client.get(f"{DOCUMENTS}{queued.pk}/download/").status_code == 404


def test_for_an_outsider_the_project_and_its_documents_do_not_exist(world, client_for, queued):
    client = client_for(world.users["outsider"])
    response = request_document(client, world.project)
    assert response.status_code == 400
    assert "does not exist" in response.json()["project"][0]
    assert client.get(DOCUMENTS).json()["count"] == 0
    assert client.get(f"{DOCUMENTS}{queued.pk}/").status_code == 404
    assert client.get(f"{DOCUMENTS}{queued.pk}/download/").status_code == 404
    assert GeneratedDocument.objects.count() == 1


def test_anonymous_calls_are_401(world, client_for, queued):
    client = client_for(None)
    assert request_document(client, world.project).status_code == 401
    assert client.get(DOCUMENTS).status_code == 401
    assert client.get(f"{DOCUMENTS}{queued.pk}/").status_code == 401
    assert client.get(f"{DOCUMENTS}{queued.pk}/download/").status_code == 401
    assert client.get(f"{DOCUMENTS}verify/", {"sha256": "0" * 64}).status_code == 401


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_a_document_is_neither_edited_nor_deleted(auditor, queued, method):
    response = getattr(auditor, method)(f"{DOCUMENTS}{queued.pk}/", {"kind": "audit_trail"}, format="json")
    assert response.status_code == 405
    queued.refresh_from_db()
    assert queued.kind == "funding_report"


# --- Validation --------------------------------------------------------------------------------------


def test_a_period_of_another_project_is_refused_with_the_reason(world, client_for, other_project_period):
    period = other_project_period
    response = request_document(client_for(world.users["staff"]), world.project, period=period.pk)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The document cannot be requested.",
        "reasons": ["Period 1 belongs to another project than CIRCLE."],
    }
    assert not GeneratedDocument.objects.exists()


def test_a_funding_report_needs_the_projects_call(world, client_for):
    # OZE-LAB is a proposal without a call: no programme currency, no co-financing rate yet.
    staff = client_for(world.users["staff"])
    response = staff.post(DOCUMENTS, {"project": world.other_project.pk, "kind": "funding_report"}, format="json")
    assert response.status_code == 400
    assert response.json()["reasons"] == [
        "OZE-LAB has no call yet: a funding report needs the programme's currency and the call's co-financing rate."
    ]
    assert not GeneratedDocument.objects.exists()


def test_a_progress_report_needs_a_period(world, auditor):
    response = request_document(auditor, world.project, kind="progress_report")
    assert response.status_code == 400
    assert response.json()["detail"] == "The document cannot be requested."
    assert response.json()["reasons"] == ["A progress report is the report of one period: name the period."]


def test_an_audit_trail_takes_no_period(world, auditor):
    response = request_document(auditor, world.project, kind="audit_trail", period=world.objects["period"].pk)
    assert response.status_code == 400
    assert response.json()["reasons"] == ["The audit trail covers the whole project: leave the period out."]


def test_every_reason_is_given_at_once(world, client_for, other_project_period):
    period = other_project_period
    response = request_document(client_for(world.users["staff"]), world.project, kind="audit_trail", period=period.pk)
    assert response.status_code == 400
    assert response.json()["reasons"] == [
        "Period 1 belongs to another project than CIRCLE.",
        "The audit trail covers the whole project: leave the period out.",
    ]


def test_an_unknown_kind_is_400_on_the_kind_field(world, auditor):
    response = request_document(auditor, world.project, kind="invoice")
    assert response.status_code == 400
    assert response.json() == {"kind": ['"invoice" is not a valid choice.']}
    assert not GeneratedDocument.objects.exists()


# --- The list ----------------------------------------------------------------------------------------


@pytest.fixture
def three_jobs(world, auditor):
    """A queued cumulative funding report, a queued period 1 progress report and a failed audit trail."""
    period = world.objects["period"].pk
    ids = {
        kind: request_document(auditor, world.project, kind=kind, period=scope).json()["id"]
        for kind, scope in [("funding_report", None), ("progress_report", period), ("audit_trail", None)]
    }
    token = services.document_start(document_id=ids["audit_trail"])
    services.document_fail(document_id=ids["audit_trail"], token=token, error="Rendering failed: out of memory.")
    return ids


def listed(client, **filters):
    body = client.get(DOCUMENTS, filters).json()
    return sorted(row["id"] for row in body["results"])


def test_the_list_is_paginated_and_shows_every_job(auditor, three_jobs):
    body = auditor.get(DOCUMENTS).json()
    assert body["count"] == 3
    assert body["next"] is None
    assert sorted(row["kind"] for row in body["results"]) == ["audit_trail", "funding_report", "progress_report"]


def test_the_list_filters_by_kind(auditor, three_jobs):
    assert listed(auditor, kind="audit_trail") == [three_jobs["audit_trail"]]
    assert listed(auditor, kind=["funding_report", "progress_report"]) == sorted(
        [three_jobs["funding_report"], three_jobs["progress_report"]]
    )


def test_the_list_filters_by_status(auditor, three_jobs):
    assert listed(auditor, status="failed") == [three_jobs["audit_trail"]]
    assert listed(auditor, status="queued") == sorted([three_jobs["funding_report"], three_jobs["progress_report"]])
    assert listed(auditor, status="done") == []


def test_the_list_filters_by_project_and_period(world, auditor, three_jobs):
    assert listed(auditor, period=world.objects["period"].pk) == [three_jobs["progress_report"]]
    assert len(listed(auditor, project=world.project.pk)) == 3


def test_the_list_costs_the_same_queries_for_one_job_or_many(world, auditor):
    request_document(auditor, world.project)
    with CaptureQueriesContext(connection) as one:
        assert auditor.get(DOCUMENTS).json()["count"] == 1
    for kind in ["funding_report", "audit_trail", "funding_report", "audit_trail"]:
        request_document(auditor, world.project, kind=kind)
    with CaptureQueriesContext(connection) as five:
        assert auditor.get(DOCUMENTS).json()["count"] == 5

    assert len(five) == len(one)
