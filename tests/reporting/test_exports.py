"""Exports of a project's figures as CSV and XLSX: the expense lines partners declared and budget vs
actual, as an auditor downloads them, and their agreement with ``GET /api/projects/{id}/budget/`` and
with the tables embedded in the funding report's PDF.

The figures are the demo's Talentjourney: period 1 claims certified (Bosch's submitted, not yet
certified), period 2 claims still drafts, Zespół Szkół Elektronicznych paying in PLN.
"""

import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from projects.models import Expense, PartnerClaim, ReportingPeriod
from reporting.figures import BUDGET_COLUMNS, EXPENSE_COLUMNS
from tests.helpers import transition
from tests.reporting.helpers import csv_rows, csv_text, export, header

ZSE = "Zespół Szkół Elektronicznych w Jeleniej Górze"
# The expense lines of Talentjourney's submitted and certified claims (all of period 1).
DECLARED_INVOICES = {
    "ŠCV-PL-2025-12",
    "ŠCV-R-2025-0042",
    "2025-EV-017",
    "GMT-PAY-2025-12",
    "R-2025-00981",
    "M2M-PAY-2025-12",
    "WA-2025-311",
    "RB-SI-2025-1130",
    "RB-TR-2025-003",
    "LP 06/2025",
    "FV 7/01/2025",
    "FV/2025/05/044",
}
# GMT's period 2 lines: in a draft claim until a test submits it.
GMT_PERIOD_TWO = {"GMT-PAY-2026-06", "GMT-TR-2026-014", "R-2026-00317"}
MONEY = ("budget", "declared", "certified", "remaining")


def by_invoice(rows):
    return {row["invoice_number"]: row for row in rows}


def total_row(rows, partner="All partners"):
    return next(row for row in rows if row["partner"] == partner and row["category"] == "total")


def sheet_text(response) -> str:
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        assert "xl/worksheets/sheet1.xml" in workbook.namelist()
        return workbook.read("xl/worksheets/sheet1.xml").decode()


@pytest.fixture
def auditor(demo, demo_user, client_for):
    return client_for(demo_user("auditor"))


@pytest.fixture
def periods(demo):
    return {period.number: period for period in ReportingPeriod.objects.filter(project=demo)}


@pytest.fixture
def gmt_period_two_submitted(demo, demo_user, client_for):
    """The coordinator submits GMT's period 2 claim (14 250.00 + 1 240.50 + 2 890.00 EUR = 18 380.50)."""
    claim = PartnerClaim.objects.get(partner__project=demo, partner__organisation__name="GMT d.o.o.", period__number=2)
    response = transition(client_for(demo_user("coordinator")), claim, "submit")
    assert response.status_code == 200, response.json()
    return claim


# --- expenses.csv ----------------------------------------------------------------------------------


def test_expenses_csv_is_one_row_per_declared_line_under_the_expense_columns(demo, auditor):
    response = export(auditor, demo, "expenses.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="Talentjourney-expenses-cumulative.csv"; '
        "filename*=UTF-8''Talentjourney-expenses-cumulative.csv"
    )
    text = csv_text(response)
    assert header(text) == EXPENSE_COLUMNS
    rows = csv_rows(text)
    assert len(rows) == len(DECLARED_INVOICES)
    assert {row["invoice_number"] for row in rows} == DECLARED_INVOICES


def test_lines_of_a_draft_claim_are_not_exported(demo, auditor):
    assert Expense.objects.filter(invoice_number__in=GMT_PERIOD_TWO, claim__status="draft").count() == 3
    rows = csv_rows(csv_text(export(auditor, demo, "expenses.csv")))
    assert not GMT_PERIOD_TWO & {row["invoice_number"] for row in rows}
    assert {row["period"] for row in rows} == {"1"}


def test_a_submitted_claim_not_yet_certified_is_declared_but_not_certified(demo, auditor):
    rows = by_invoice(csv_rows(csv_text(export(auditor, demo, "expenses.csv"))))
    assert rows["RB-TR-2025-003"]["partner"] == "Robert Bosch d.o.o."
    assert rows["RB-TR-2025-003"]["claim_status"] == "submitted"
    assert rows["RB-TR-2025-003"]["amount"] == "890.20"
    assert rows["ŠCV-PL-2025-12"]["claim_status"] == "certified"
    bosch = total_row(csv_rows(csv_text(export(auditor, demo, "budget.csv"))), "Robert Bosch d.o.o.")
    assert (bosch["declared"], bosch["certified"]) == ("7640.20", "0.00")


def test_each_line_shows_its_frozen_rate_and_its_basis(demo, auditor):
    rows = by_invoice(csv_rows(csv_text(export(auditor, demo, "expenses.csv"))))
    line = rows["LP 06/2025"]
    assert line["partner"] == ZSE
    assert line["amount"] == "36900.00"
    assert line["currency"] == "PLN"
    assert line["exchange_rate"] == "4.244458"
    assert line["rate_basis"].startswith("PLN 4.244458 per EUR")
    assert "average 2025-01 to 2025-12" in line["rate_basis"]
    assert line["converted_amount"] == "8693.69"  # 36 900.00 ÷ 4.244458, to the cent
    frozen = Expense.objects.get(invoice_number="LP 06/2025")
    assert (line["exchange_rate"], line["rate_basis"]) == (str(frozen.exchange_rate), frozen.rate_basis)
    eur = rows["GMT-PAY-2025-12"]
    assert (eur["currency"], eur["exchange_rate"], eur["converted_amount"]) == ("EUR", "1.000000", "9600.00")


def test_polish_and_slovenian_diacritics_survive_the_csv(demo, auditor):
    text = csv_text(export(auditor, demo, "expenses.csv"))
    assert ZSE in text
    assert "Šolski center Velenje" in text
    assert "ŠCV-R-2025-0042" in text
    assert "travel of 3 teachers (Jelenia Góra – Velenje)" in text


# --- budget.csv ------------------------------------------------------------------------------------


def test_budget_csv_total_equals_the_budget_endpoint_to_the_cent(demo, auditor):
    text = csv_text(export(auditor, demo, "budget.csv"))
    assert header(text) == BUDGET_COLUMNS
    totals = auditor.get(f"/api/projects/{demo.pk}/budget/").json()["totals"]
    row = total_row(csv_rows(text))
    assert {field: row[field] for field in MONEY} == {field: totals[field] for field in MONEY}
    assert (row["budget"], row["declared"], row["certified"]) == ("588000.00", "104971.30", "97331.10")


def test_budget_csv_partner_rows_equal_the_budget_endpoint(demo, auditor):
    rows = csv_rows(csv_text(export(auditor, demo, "budget.csv")))
    partners = auditor.get(f"/api/projects/{demo.pk}/budget/").json()["partners"]
    assert len(partners) == 5
    for partner in partners:
        row = total_row(rows, partner["organisation"])
        assert {field: row[field] for field in MONEY} == {field: partner["totals"][field] for field in MONEY}
        for category in partner["categories"]:
            line = next(
                row
                for row in rows
                if row["partner"] == partner["organisation"] and row["category"] == category["category"]
            )
            # As the text a user reads: two places (SQLite once gave its sums' full precision here).
            assert {field: line[field] for field in MONEY} == {field: category[field] for field in MONEY}


# --- ?period= --------------------------------------------------------------------------------------


def test_period_restricts_the_expense_lines(demo, auditor, periods, gmt_period_two_submitted):
    cumulative = csv_rows(csv_text(export(auditor, demo, "expenses.csv")))
    assert {row["invoice_number"] for row in cumulative} == DECLARED_INVOICES | GMT_PERIOD_TWO
    first = export(auditor, demo, "expenses.csv", period=periods[1].pk)
    assert 'attachment; filename="Talentjourney-expenses-P1.csv"' in first["Content-Disposition"]
    assert {row["invoice_number"] for row in csv_rows(csv_text(first))} == DECLARED_INVOICES
    second = csv_rows(csv_text(export(auditor, demo, "expenses.csv", period=periods[2].pk)))
    assert {row["invoice_number"] for row in second} == GMT_PERIOD_TWO
    assert {(row["partner"], row["period"], row["claim_status"]) for row in second} == {
        ("GMT d.o.o.", "2", "submitted")
    }
    third = csv_text(export(auditor, demo, "expenses.csv", period=periods[3].pk))
    assert header(third) == EXPENSE_COLUMNS
    assert csv_rows(third) == []


def test_period_restricts_the_budget_figures_but_not_the_budget(demo, auditor, periods, gmt_period_two_submitted):
    cumulative = total_row(csv_rows(csv_text(export(auditor, demo, "budget.csv"))))
    assert (cumulative["declared"], cumulative["certified"]) == ("123351.80", "97331.10")
    second = total_row(csv_rows(csv_text(export(auditor, demo, "budget.csv", period=periods[2].pk))))
    assert (second["budget"], second["declared"], second["certified"]) == ("588000.00", "18380.50", "0.00")
    first = total_row(csv_rows(csv_text(export(auditor, demo, "budget.csv", period=periods[1].pk))))
    assert (first["declared"], first["certified"]) == ("104971.30", "97331.10")


# --- XLSX ------------------------------------------------------------------------------------------


def test_expenses_xlsx_is_a_workbook_with_the_declared_lines(demo, auditor):
    response = export(auditor, demo, "expenses.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "Talentjourney-expenses-cumulative.xlsx" in response["Content-Disposition"]
    sheet = sheet_text(response)
    assert "LP 06/2025" in sheet
    assert ZSE in sheet
    assert "GMT-PAY-2026-06" not in sheet
    assert "<t>invoice_number</t>" in sheet


def test_budget_xlsx_has_every_partner_and_the_total(demo, auditor):
    sheet = sheet_text(export(auditor, demo, "budget.xlsx"))
    assert "Robert Bosch d.o.o." in sheet
    assert "Šolski center Velenje" in sheet
    assert "All partners" in sheet
    assert "<v>588000</v>" in sheet


# --- The funding report's attachments --------------------------------------------------------------


@pytest.fixture
def report_attachments(demo, auditor, committed):
    """The files embedded in a cumulative funding report of Talentjourney, rendered and downloaded."""
    with committed():
        response = auditor.post(
            "/api/documents/", {"project": demo.pk, "kind": "funding_report", "period": None}, format="json"
        )
    assert response.status_code == 202, response.json()
    document = auditor.get(f"/api/documents/{response.json()['id']}/").json()
    assert document["status"] == "done", document["error"]
    content = b"".join(auditor.get(document["download_url"]).streaming_content)
    attachments = PdfReader(io.BytesIO(content)).attachments
    assert set(attachments) == {"figures.json", "budget.csv", "expenses.csv"}
    return {name: files[0] for name, files in attachments.items()}


def test_the_reports_figures_json_totals_equal_the_budget_endpoint(demo, auditor, report_attachments):
    figures = json.loads(report_attachments["figures.json"])
    totals = auditor.get(f"/api/projects/{demo.pk}/budget/").json()["totals"]
    assert {field: figures["totals"][field] for field in MONEY} == {field: totals[field] for field in MONEY}
    assert figures["totals"]["declared"] == "104971.30"
    assert len(figures["expenses"]) == len(DECLARED_INVOICES)


def test_the_reports_csv_tables_are_the_exported_rows(demo, auditor, report_attachments):
    embedded_expenses = report_attachments["expenses.csv"].decode("utf-8-sig")
    exported_expenses = csv_text(export(auditor, demo, "expenses.csv"))
    assert csv_rows(embedded_expenses) == csv_rows(exported_expenses)
    assert header(embedded_expenses) == EXPENSE_COLUMNS
    embedded_budget = report_attachments["budget.csv"].decode("utf-8-sig")
    assert csv_rows(embedded_budget) == csv_rows(csv_text(export(auditor, demo, "budget.csv")))
