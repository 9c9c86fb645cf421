"""What the documents and the exports share: the ``Report`` and ``Table`` shapes, the JSON formats of
money, dates and the project, and the budget and expense tables.

The budget and expense tables are the funding report's and, row for row, the CSV and XLSX exports'
(``export_table``), so an export and the PDF it sits beside agree. Budget vs actual comes from
``projects.selectors.budget_vs_actual``, the same function as ``GET /api/projects/{id}/budget/``, so
the PDF, the exports and the API agree to the cent.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from projects import selectors
from projects.models import Expense, Partner, Project, ReportingPeriod
from reporting.figures.wording import date_text


@dataclass(frozen=True)
class Table:
    """A table of the report as plain values: a CSV attachment, an export, a JSON list."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class Report:
    """Everything a document shows: ``context`` for its template, ``data`` and ``tables`` embedded."""

    title: str
    subject: str
    template: str
    context: dict[str, Any]
    data: dict[str, Any]
    tables: list[Table] = field(default_factory=list)


def money_text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def plain(record: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values: dates as ISO strings, decimals as strings."""
    return {
        key: value.isoformat() if isinstance(value, date) else str(value) if isinstance(value, Decimal) else value
        for key, value in record.items()
    }


def scope_text(period: ReportingPeriod | None) -> str:
    if period is None:
        return "cumulative"
    return f"period {period.number} ({date_text(period.start_date)} – {date_text(period.end_date)})"


def project_data(project: Project) -> dict[str, Any]:
    call = project.call
    return {
        "id": project.pk,
        "acronym": project.acronym,
        "title": project.title,
        "status": project.status,
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        "programme": str(project.programme) if project.programme else None,
        "call": call.identifier if call else None,
        "funder_reference": project.funder_reference,
        "currency": project.currency,
        "co_financing_rate": money_text(call.co_financing_rate) if call else None,
        "granted_amount": money_text(project.granted_amount),
    }


def period_data(period: ReportingPeriod | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {
        "number": period.number,
        "start_date": period.start_date.isoformat(),
        "end_date": period.end_date.isoformat(),
        "report_due_date": period.report_due_date.isoformat(),
    }


# --- Budget and expense tables --------------------------------------------------------------------

BUDGET_COLUMNS = (
    "partner",
    "role",
    "category",
    "flat_rate",
    "budget",
    "declared",
    "certified",
    "remaining",
    "share_spent",
)
# Each column of the expense table and where it comes from, for the ORM's values_list.
EXPENSE_FIELDS = {
    "partner": "claim__partner__organisation__name",
    "period": "claim__period__number",
    "claim_status": "claim__status",
    "category": "category",
    "incurred_on": "incurred_on",
    "description": "description",
    "invoice_number": "invoice_number",
    "amount": "amount",
    "currency": "currency",
    "exchange_rate": "exchange_rate",
    "rate_basis": "rate_basis",
    "converted_amount": "converted_amount",
}
EXPENSE_COLUMNS = tuple(EXPENSE_FIELDS)


def budget_figures(
    project: Project, period: ReportingPeriod | None
) -> tuple[Project, list[selectors.PartnerFigures], set[str]]:
    """The project (with what its figures read), budget vs actual per partner, the flat-rate categories."""
    project = Project.objects.with_budget_data().get(pk=project.pk)
    programme = project.programme
    flat_rate_categories = programme.flat_rate_categories if programme else set()
    figures = selectors.budget_vs_actual(partners=Partner.objects.filter(project=project), period=period)
    return project, figures, flat_rate_categories


def budget_table(
    figures: list[selectors.PartnerFigures], flat_rate_categories: set[str], *, period: ReportingPeriod | None
) -> Table:
    """Budget vs actual per partner and cost category, then each partner's total and the project's.

    For one period, "remaining" and "share spent" are left empty: the period's costs against the whole
    project's budget would overstate what is left.
    """
    rows = []
    lines = [
        (item.partner.organisation.name, item.partner.get_role_display(), line)
        for item in figures
        for line in [*item.categories, item.totals]
    ]
    lines.append(("All partners", "", selectors.budget_totals(figures)))
    for organisation, role, line in lines:
        rows.append(
            (
                organisation,
                role,
                line.category,
                "yes" if line.category in flat_rate_categories else "no",
                line.budget,
                line.declared,
                line.certified,
                None if period else line.remaining,
                None if period else line.share_spent,
            )
        )
    return Table("budget", BUDGET_COLUMNS, rows)


def expense_rows(expenses: QuerySet[Expense]) -> Iterator[tuple[Any, ...]]:
    """One row per declared expense line; ``expenses`` from ``projects.selectors.declared_expense_list``."""
    values = expenses.values_list(*EXPENSE_FIELDS.values())
    yield from values.iterator(chunk_size=2000)


def expense_table(*, project: Project, period: ReportingPeriod | None) -> Table:
    expenses = selectors.declared_expense_list(project=project, period=period)
    return Table("expenses", EXPENSE_COLUMNS, list(expense_rows(expenses)))


def export_table(
    *, project: Project, period: ReportingPeriod | None, table: str
) -> tuple[tuple[str, ...], Iterable[tuple[Any, ...]]]:
    """The columns and rows of an export: ``expenses`` (read lazily, for streaming) or ``budget``."""
    if table == "expenses":
        return EXPENSE_COLUMNS, expense_rows(selectors.declared_expense_list(project=project, period=period))
    _project, figures, flat_rate_categories = budget_figures(project, period)
    budget = budget_table(figures, flat_rate_categories, period=period)
    return budget.columns, budget.rows
