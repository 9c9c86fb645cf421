"""The funding report marks a cost category over its budget (allowed, not refused) in its row, with a
legend line, and its embedded figures carry ``over_budget`` as the budget endpoint does."""

import io
import json

from pypdf import PdfReader

from reporting import services
from reporting.models import GeneratedDocument
from tests.factories import project_with_every_row
from tests.helpers import supporting_documents_attached, transition


def test_a_category_over_its_budget_is_marked_in_the_funding_report(db, client_for, committed):
    """The lead's 10 000.00 staff budget meets 3 000.00 + 7 500.00 declared: 500.00 over, and 75.00 over
    in office and administration (15 %)."""
    rows = project_with_every_row()
    member = client_for(rows.people["partner_same"])
    expense = {
        "claim": rows.lead_claim.pk,
        "category": "staff",
        "description": "Trainers, spring",
        "amount": "7500.00",
        "currency": "EUR",
        "incurred_on": "2026-05-29",
    }
    assert member.post("/api/expenses/", expense, format="json").status_code == 201
    supporting_documents_attached(rows.lead_claim, actor=rows.people["partner_same"])
    assert transition(member, rows.lead_claim, "submit").status_code == 200

    with committed():
        document = services.document_request(
            project=rows.project, kind="funding_report", period=None, actor=rows.people["auditor"]
        )
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE, document.error
    with document.file.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))

    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "▲ over budget by 500.00" in text
    assert "▲ over budget by 75.00" in text
    assert "▲ Over budget: the category's declared costs exceed its budget by the amount shown." in text
    figures = json.loads(reader.attachments["figures.json"][0])
    [lead] = [partner for partner in figures["partners"] if partner["partner"] == rows.lead.pk]
    over = {line["category"]: line["over_budget"] for line in lead["categories"]}
    assert over == {"staff": "500.00", "office_admin": "75.00"}


def test_within_budget_the_report_has_no_marker(db, client_for, committed):
    rows = project_with_every_row()
    member = client_for(rows.people["partner_same"])
    assert transition(member, rows.lead_claim, "submit").status_code == 200
    with committed():
        document = services.document_request(
            project=rows.project, kind="funding_report", period=None, actor=rows.people["auditor"]
        )
    document.refresh_from_db()
    with document.file.open("rb") as stored:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages)
    assert "over budget" not in text.lower()
