"""What an auditor finds in the PDFs: the text, the totals, the embedded figures, PDF/A metadata."""

import csv
import io
import json
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from pypdf import PdfReader

from projects.models import Deliverable, Expense, PartnerClaim, Project
from reporting import services
from reporting.figures import deliverable_lateness
from reporting.models import GeneratedDocument
from reporting.pdf import RefusedResource, render_pdf
from tests.factories import project_with_every_row
from tests.helpers import supporting_documents_attached, transition
from workflows.models import TransitionLog

Status = GeneratedDocument.Status


@pytest.fixture
def render(committed):
    """Request a document as ``user`` and return the finished job with its PDF read by pypdf."""

    def make(project, kind, user, period=None) -> tuple[GeneratedDocument, PdfReader]:
        with committed():
            document = services.document_request(project=project, kind=kind, period=period, actor=user)
        document.refresh_from_db()
        assert document.status == Status.DONE, document.error
        with document.file.open("rb") as stored:
            return document, PdfReader(io.BytesIO(stored.read()))

    return make


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def attachment(reader: PdfReader, name: str) -> bytes:
    return reader.attachments[name][0]


def half_up(amount: Decimal) -> Decimal:
    """To the cent, half-up, as DESIGN.md rounds money."""
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def figures_from_the_rows(project: Project) -> dict[str, dict[str, Decimal]]:
    """Per partner (by organisation): the budget, declared and certified costs added up from the budget
    lines and from the expense lines of submitted and certified claims, with each flat rate computed on
    the lines it is based on (a partner's budget lines, each claim's expenses) and rounded half-up.

    Written out here, apart from the code that prints the report, so that the report is checked
    against the rows rather than against itself.
    """
    flat_rates = list(project.call.programme.flat_rates.all())

    def with_flat_rates(direct: dict[str, Decimal]) -> Decimal:
        flat = [half_up(rate.rate / 100 * sum(direct.get(c, Decimal(0)) for c in rate.base)) for rate in flat_rates]
        return sum([*direct.values(), *flat], Decimal(0))

    figures = defaultdict(lambda: defaultdict(Decimal))
    for partner in project.partners.select_related("organisation"):
        budget = with_flat_rates({line.category: line.amount for line in partner.budget_lines.all()})
        figures[partner.organisation.name]["budget"] = budget
    claims = PartnerClaim.objects.filter(partner__project=project).exclude(status=PartnerClaim.Status.DRAFT)
    for claim in claims.select_related("partner__organisation"):
        direct = defaultdict(Decimal)
        for expense in claim.expenses.all():
            direct[expense.category] += expense.converted_amount
        partner = figures[claim.partner.organisation.name]
        partner["declared"] += with_flat_rates(direct)
        if claim.status == PartnerClaim.Status.CERTIFIED:
            partner["certified"] += with_flat_rates(direct)
    return figures


def all_partners(figures: dict[str, dict[str, Decimal]]) -> dict[str, Decimal]:
    return {field: sum(partner[field] for partner in figures.values()) for field in ("budget", "declared", "certified")}


def test_funding_report_names_the_partners_with_their_diacritics_and_the_cyrillic_summary(demo, demo_user, render):
    document, reader = render(demo, "funding_report", demo_user("auditor"))

    text = text_of(reader)
    for name in ["Šolski center Velenje", "Zespół Szkół Elektronicznych w Jeleniej Górze", "Robert Bosch d.o.o."]:
        assert name in text.replace("\n", " ")
    assert "Така се реализира проектот Talentjourney" in text.replace("\n", " ")
    assert "Page 1 of " in text and f"Page {len(reader.pages)} of {len(reader.pages)}" in text
    assert f"document {document.pk}" in text
    assert document.pages == len(reader.pages)


def test_funding_report_totals_add_up_the_budget_and_claim_lines_to_the_cent(demo, demo_user, render):
    _document, reader = render(demo, "funding_report", demo_user("auditor"))

    figures = json.loads(attachment(reader, "figures.json"))
    expected = figures_from_the_rows(demo)
    total = all_partners(expected)
    assert {field: figures["totals"][field] for field in ("budget", "declared", "certified", "remaining")} == {
        "budget": f"{total['budget']:.2f}",
        "declared": f"{total['declared']:.2f}",
        "certified": f"{total['certified']:.2f}",
        "remaining": f"{total['budget'] - total['declared']:.2f}",
    }
    assert total["certified"] < total["declared"]  # Bosch's claim is submitted, not yet certified
    assert {p["organisation"]: (p["totals"]["declared"], p["totals"]["certified"]) for p in figures["partners"]} == {
        name: (f"{partner['declared']:.2f}", f"{partner['certified']:.2f}") for name, partner in expected.items()
    }
    # The printed summary shows the same total, with thousands separators.
    assert f"{total['declared']:,.2f}" in text_of(reader)


def test_funding_report_shows_each_conversion_with_rate_date_and_source(demo, demo_user, render):
    _document, reader = render(demo, "funding_report", demo_user("coordinator"))

    figures = json.loads(attachment(reader, "figures.json"))
    pln_lines = Expense.objects.filter(claim__partner__project=demo, currency="PLN").exclude(
        claim__status=PartnerClaim.Status.DRAFT
    )
    [conversion] = figures["conversions"]
    assert conversion["currency"] == "PLN"
    assert conversion["lines"] == pln_lines.count()
    assert "2025-01 to 2025-12" in conversion["rate_basis"] and "Demo value" in conversion["rate_basis"]
    assert conversion["converted_amount"] == f"{sum(line.converted_amount for line in pln_lines):.2f}"
    text = text_of(reader).replace("\n", " ")
    assert "4.244458" in text  # the frozen rate is printed with the lines it converted


def test_grant_due_is_the_co_financing_rate_of_certified_costs(demo, demo_user, render):
    _document, reader = render(demo, "funding_report", demo_user("auditor"))

    figures = json.loads(attachment(reader, "figures.json"))
    rate = demo.call.co_financing_rate
    certified = figures_from_the_rows(demo)
    grants = {p["organisation"]: p["grant_due"] for p in figures["partners"]}
    assert grants == {name: f"{half_up(partner['certified'] * rate / 100):.2f}" for name, partner in certified.items()}
    assert Decimal(figures["totals"]["grant_due"]) == sum(Decimal(grant) for grant in grants.values())


def test_grant_due_is_rounded_half_up_to_the_cent(db, client_for, render):
    """The lead adds 1 206.00 of staff costs to January's 3 000.00: with office and administration at
    15 % (630.90), 4 836.90 is certified, and the call's 85 % of it is 4 111.365. Half-up, the grant due
    is 4 111.37 (rounding half to even would give 4 111.36)."""
    rows = project_with_every_row()
    member, coordinator = client_for(rows.people["partner_same"]), client_for(rows.people["coordinator"])
    claim = rows.lead_claim
    expense = {
        "claim": claim.pk,
        "category": "staff",
        "description": "Trainer, February",
        "amount": "1206.00",
        "currency": "EUR",
        "incurred_on": "2026-02-27",
    }
    assert member.post("/api/expenses/", expense, format="json").status_code == 201
    supporting_documents_attached(claim, actor=rows.people["partner_same"])
    assert transition(member, claim, "submit").status_code == 200
    assert transition(coordinator, claim, "certify").status_code == 200

    _document, reader = render(rows.project, "funding_report", rows.people["auditor"])

    figures = json.loads(attachment(reader, "figures.json"))
    [lead] = [partner for partner in figures["partners"] if partner["partner"] == rows.lead.pk]
    assert (lead["totals"]["certified"], lead["grant_due"]) == ("4836.90", "4111.37")
    assert figures["totals"]["grant_due"] == "4111.37"  # the other partner has nothing certified


def test_a_period_report_counts_only_that_periods_claims(demo, demo_user, render):
    period = demo.periods.get(number=2)
    _document, reader = render(demo, "funding_report", demo_user("auditor"), period=period)

    figures = json.loads(attachment(reader, "figures.json"))
    assert figures["period"]["number"] == 2
    assert figures["totals"]["declared"] == "0.00"  # period 2's claims are drafts
    assert figures["totals"]["budget"] != "0.00"
    assert figures["expenses"] == []
    # What remains of the budget is not one period's business: left to the cumulative report.
    assert (figures["totals"]["remaining"], figures["totals"]["share_spent"]) == (None, None)
    assert "Remaining" not in text_of(reader)


def test_the_csv_attachments_hold_the_same_rows_as_the_json(demo, demo_user, render):
    _document, reader = render(demo, "funding_report", demo_user("auditor"))

    figures = json.loads(attachment(reader, "figures.json"))
    expenses = list(csv.DictReader(io.StringIO(attachment(reader, "expenses.csv").decode("utf-8-sig"))))
    assert [row["invoice_number"] for row in expenses] == [row["invoice_number"] for row in figures["expenses"]]
    assert {row["description"] for row in expenses} >= {"Skills needs analysis: teachers' work, Jelenia Góra region"}
    budget = list(csv.DictReader(io.StringIO(attachment(reader, "budget.csv").decode("utf-8-sig"))))
    assert budget[-1]["partner"] == "All partners"
    assert budget[-1]["declared"] == figures["totals"]["declared"]


def test_the_pdf_is_pdf_a_3b_with_title_author_subject_and_embedded_fonts(demo, demo_user, render):
    _document, reader = render(demo, "funding_report", demo_user("auditor"))

    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert reader.metadata.title == "Talentjourney — Funding report, cumulative"
    assert reader.metadata.author.startswith("Clusterflow")
    assert "Talentjourney" in reader.metadata.subject
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert any("DejaVu" in name for name in fonts)
    relationships = [spec.get_object()["/AFRelationship"] for spec in reader.trailer["/Root"]["/AF"]]
    assert relationships and set(relationships) == {"/Data"}


def test_progress_report_has_the_narrative_late_deliverables_and_indicators(demo, demo_user, render):
    period = demo.periods.get(number=1)
    _document, reader = render(demo, "progress_report", demo_user("auditor"), period=period)

    text = text_of(reader).replace("\n", " ")
    assert "Kick-off in Velenje on 23 January 2025" in text
    assert "Skills needs analysis: Šaleška valley" in text
    assert "Late: submitted 14 days late" in text
    figures = json.loads(attachment(reader, "figures.json"))
    incubator = next(row for row in figures["indicators"] if row["code"] == "T1")
    assert (incubator["target"], incubator["achieved"]) == ("60.00", "18.00")
    # The deliverables and milestones due by the period's end (31.12.2025), no later ones.
    deliverables = {row["code"]: row for row in figures["deliverables"]}
    assert set(deliverables) == {"D1.1", "D5.1", "D2.1", "D3.1", "D2.2"}
    assert (deliverables["D1.1"]["status"], deliverables["D1.1"]["submitted_on"]) == ("Accepted", "2025-03-28")
    assert deliverables["D1.1"]["late"] == ""
    assert deliverables["D2.1"]["late"] == "submitted 14 days late"
    assert deliverables["D3.1"]["late"] == ""  # its first version came in time; changes were asked later
    assert (deliverables["D2.2"]["status"], deliverables["D2.2"]["late"]) == ("Submitted", "submitted 28 days late")
    milestones = {row["code"]: row["late"] for row in figures["milestones"]}
    assert milestones == {"M1": "", "M2": "achieved 5 days late", "M3": "achieved 28 days late"}
    assert reader.attachments.keys() >= {"deliverables.csv", "milestones.csv", "indicators.csv"}


def test_an_outstanding_deliverable_past_its_due_date_is_late_even_after_an_early_submission():
    due = date(2026, 3, 31)
    sent_back = Deliverable(code="D4.2", due_date=due, status=Deliverable.Status.CHANGES_REQUESTED)
    planned = Deliverable(code="D4.1", due_date=due, status=Deliverable.Status.PLANNED)
    accepted = Deliverable(code="D1.1", due_date=due, status=Deliverable.Status.ACCEPTED)

    assert deliverable_lateness(sent_back, date(2026, 3, 20), date(2026, 4, 10)) == (
        "changes requested, overdue by 10 days"
    )
    assert deliverable_lateness(planned, None, date(2026, 4, 10)) == "overdue by 10 days"
    assert deliverable_lateness(planned, None, due) == ""  # due today is not late yet
    assert deliverable_lateness(accepted, date(2026, 3, 30), date(2026, 4, 10)) == ""


def test_audit_trail_lists_every_transition_with_actor_and_the_chain_verdict(demo, demo_user, render):
    _document, reader = render(demo, "audit_trail", demo_user("auditor"))

    text = text_of(reader).replace("\n", " ")
    assert "Chain intact" in text
    figures = json.loads(attachment(reader, "figures.json"))
    transitions = [row["transition"] for row in figures["transitions"]]
    assert transitions[:5] == [
        "submit_proposal",
        "approve_proposal",
        "submit_application",
        "record_award",
        "sign_agreement",
    ]
    assert "certify" in transitions
    changes = next(row for row in figures["transitions"] if row["transition"] == "request_changes")
    assert (changes["object"], changes["comment"]) == (
        "Deliverable D3.1",
        "Add how student teams are selected and mentored.",
    )
    certified = next(row for row in figures["transitions"] if row["transition"] == "certify")
    assert certified["comment"] == "Checked against the invoices and the timesheets."
    assert "Claim of Zespół Szkół Elektronicznych w Jeleniej Górze, P1" in {
        row["object"] for row in figures["transitions"]
    }
    assert figures["chain"]["intact"] is True


def test_audit_trail_reports_a_broken_chain(demo, demo_user, render):
    row = TransitionLog.objects.order_by("id")[3]
    # An edit behind the application's back: the model refuses updates, raw SQL does not.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workflows_transitionlog SET comment = %s WHERE id = %s", ["edited", row.pk])

    _document, reader = render(demo, "audit_trail", demo_user("auditor"))

    figures = json.loads(attachment(reader, "figures.json"))
    assert figures["chain"] == {
        "intact": False,
        "rows_checked": 3,
        "broken_row": row.pk,
        "problem": "its content does not match its hash (the row was edited)",
    }
    assert "Chain BROKEN" in text_of(reader)


def test_weasyprint_may_load_only_the_reports_own_files(tmp_path):
    outside = tmp_path / "secret.css"
    outside.write_text("body { color: red }")

    for url in [outside.as_uri(), "http://127.0.0.1:9/style.css", "data:text/css,body{}", "file:///etc/passwd"]:
        with pytest.raises(RefusedResource, match="refused"):
            render_pdf(html=f'<html><head><link rel="stylesheet" href="{url}"></head><body>x</body></html>')

    rendered = render_pdf(html='<html><head><link rel="stylesheet" href="report.css"></head><body>ok</body></html>')
    assert rendered.content.startswith(b"%PDF-") and rendered.pages == 1
