"""What each generated document says, read from the data: the template's context, the figures as JSON
and the tables that are embedded as CSV (and exported as CSV and XLSX).

One builder per kind; ``build(document)`` picks it. The funding report's figures come from
``projects.selectors.budget_vs_actual``, the same function as ``GET /api/projects/{id}/budget/``, so
the PDF and the API agree to the cent.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from projects import selectors
from projects.models import (
    CostCategory,
    Deliverable,
    Expense,
    Indicator,
    IndicatorValue,
    Milestone,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Project,
    ReportingPeriod,
)
from projects.money import ZERO, percent_of, total
from reporting.models import DocumentKind, GeneratedDocument
from workflows import registry
from workflows.models import TransitionLog
from workflows.services import verify_chain

CATEGORY_LABELS = dict(CostCategory.choices)


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


def build(document: GeneratedDocument) -> Report:
    """What the document says, as of when its rendering started (statuses and lateness are judged then)."""
    as_of = timezone.localdate(document.started_at or timezone.now())
    return BUILDERS[document.kind](project=document.project, period=document.period, as_of=as_of)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _scope(period: ReportingPeriod | None) -> str:
    if period is None:
        return "cumulative"
    return f"period {period.number} ({period.start_date:%d.%m.%Y} – {period.end_date:%d.%m.%Y})"


def _project_data(project: Project) -> dict[str, Any]:
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
        "co_financing_rate": _money(call.co_financing_rate) if call else None,
        "granted_amount": _money(project.granted_amount),
    }


def _period_data(period: ReportingPeriod | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {
        "number": period.number,
        "start_date": period.start_date.isoformat(),
        "end_date": period.end_date.isoformat(),
        "report_due_date": period.report_due_date.isoformat(),
    }


# --- Funding report -------------------------------------------------------------------------------

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


@dataclass(frozen=True)
class GrantLine:
    partner: Partner
    certified: Decimal
    grant_due: Decimal


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


def _conversions(expenses: list[dict[str, Any]], currency: str | None) -> list[dict[str, Any]]:
    """The currency conversions in the claims: per currency and frozen rate, the lines and their sums.

    The converted sum adds the lines' rounded amounts, as the claim's totals do.
    """
    groups: dict[tuple[str, Decimal, str], dict[str, Any]] = {}
    for line in expenses:
        if line["currency"] == currency:
            continue
        key = (line["currency"], line["exchange_rate"], line["rate_basis"])
        group = groups.setdefault(
            key,
            {
                "currency": key[0],
                "exchange_rate": key[1],
                "rate_basis": key[2],
                "lines": 0,
                "amount": ZERO,
                "converted_amount": ZERO,
            },
        )
        group["lines"] += 1
        group["amount"] += line["amount"]
        group["converted_amount"] += line["converted_amount"] or ZERO
    return sorted(groups.values(), key=lambda group: (group["currency"], group["rate_basis"]))


def _budget_figures(
    project: Project, period: ReportingPeriod | None
) -> tuple[Project, list[selectors.PartnerFigures], set[str]]:
    """The project (with what its figures read), budget vs actual per partner, the flat-rate categories."""
    project = Project.objects.with_budget_data().get(pk=project.pk)
    programme = project.programme
    flat_rate_categories = programme.flat_rate_categories if programme else set()
    figures = selectors.budget_vs_actual(partners=Partner.objects.filter(project=project), period=period)
    return project, figures, flat_rate_categories


def export_table(
    *, project: Project, period: ReportingPeriod | None, table: str
) -> tuple[tuple[str, ...], Iterable[tuple[Any, ...]]]:
    """The columns and rows of an export: ``expenses`` (read lazily, for streaming) or ``budget``."""
    if table == "expenses":
        return EXPENSE_COLUMNS, expense_rows(selectors.declared_expense_list(project=project, period=period))
    _project, figures, flat_rate_categories = _budget_figures(project, period)
    budget = budget_table(figures, flat_rate_categories, period=period)
    return budget.columns, budget.rows


def funding_report(*, project: Project, period: ReportingPeriod | None, as_of: date) -> Report:
    project, figures, flat_rate_categories = _budget_figures(project, period)
    programme = project.programme
    totals = selectors.budget_totals(figures)
    rate = project.call.co_financing_rate if project.call_id else ZERO
    grant = [
        GrantLine(
            partner=item.partner,
            certified=item.totals.certified,
            grant_due=percent_of(item.totals.certified, rate) if item.partner.is_funded else ZERO,
        )
        for item in figures
    ]
    grant_due = total(line.grant_due for line in grant)
    expenses = expense_table(project=project, period=period)
    expense_lines = expenses.records()
    conversions = _conversions(expense_lines, project.currency)
    budget = budget_table(figures, flat_rate_categories, period=period)

    def category_data(line: selectors.CategoryFigures) -> dict[str, Any]:
        return {
            "category": line.category,
            "flat_rate": line.category in flat_rate_categories,
            "budget": _money(line.budget),
            "declared": _money(line.declared),
            "certified": _money(line.certified),
            "remaining": None if period else _money(line.remaining),
            "share_spent": None if period else _money(line.share_spent),
        }

    data = {
        "project": _project_data(project),
        "period": _period_data(period),
        "partners": [
            {
                "partner": item.partner.pk,
                "organisation": item.partner.organisation.name,
                "role": item.partner.role,
                "categories": [category_data(line) for line in item.categories],
                "totals": category_data(item.totals),
                "grant_due": _money(line.grant_due),
            }
            for item, line in zip(figures, grant, strict=True)
        ],
        "totals": {**category_data(totals), "grant_due": _money(grant_due)},
        "flat_rates": [
            {"category": flat_rate.category, "rate": _money(flat_rate.rate), "base": flat_rate.base}
            for flat_rate in (programme.flat_rates.all() if programme else [])
        ],
        "conversions": [_plain(group) for group in conversions],
        "expenses": [_plain(line) for line in expense_lines],
    }
    context = {
        "project": project,
        "period": period,
        "scope": _scope(period),
        "currency": project.currency,
        "co_financing_rate": rate,
        "figures": figures,
        "totals": totals,
        "flat_rate_categories": flat_rate_categories,
        "flat_rates": programme.flat_rates.all() if programme else [],
        "category_labels": CATEGORY_LABELS,
        "grant": grant,
        "grant_due": grant_due,
        "conversions": conversions,
        "expenses": expense_lines,
    }
    return Report(
        title=f"{project.acronym} — Funding report, {_scope(period)}",
        subject=(
            f"Budget, declared and certified costs per partner and cost category of {project.acronym} "
            f"({project.title}), {_scope(period)}, in {project.currency}"
        ),
        template="reporting/funding_report.html",
        context=context,
        data=data,
        tables=[budget, expenses],
    )


# --- Progress report ------------------------------------------------------------------------------

DELIVERABLE_COLUMNS = ("code", "title", "responsible_partner", "due_date", "status", "submitted_on", "late")
MILESTONE_COLUMNS = ("code", "title", "due_date", "achieved_on", "late")
INDICATOR_COLUMNS = ("code", "name", "unit", "baseline", "target", "in_period", "achieved", "share_of_target")


def _first_submissions(deliverables: list[Deliverable]) -> dict[int, date]:
    """When each deliverable was first submitted, from the transition log, as a local date."""
    rows = TransitionLog.objects.filter(
        object_type=Deliverable._meta.label,
        object_id__in=[deliverable.pk for deliverable in deliverables],
        transition="submit",
    ).order_by("id")
    first: dict[int, date] = {}
    for row in rows:
        first.setdefault(row.object_id, timezone.localdate(row.created_at))
    return first


def deliverable_lateness(deliverable: Deliverable, submitted_on: date | None, as_of: date) -> str:
    """Why a deliverable is late ("" when it is not): first submitted after its due date, or outstanding
    (planned, or sent back for changes) past it."""
    if submitted_on and submitted_on > deliverable.due_date:
        return f"submitted {(submitted_on - deliverable.due_date).days} days late"
    if deliverable.due_date < as_of and deliverable.status in (
        Deliverable.Status.PLANNED,
        Deliverable.Status.CHANGES_REQUESTED,
    ):
        changes = "changes requested, " if deliverable.status == Deliverable.Status.CHANGES_REQUESTED else ""
        return f"{changes}overdue by {(as_of - deliverable.due_date).days} days"
    return ""


def milestone_lateness(milestone: Milestone, as_of: date) -> str:
    if milestone.achieved_on and milestone.achieved_on > milestone.due_date:
        return f"achieved {(milestone.achieved_on - milestone.due_date).days} days late"
    if not milestone.achieved_on and milestone.due_date < as_of:
        return f"overdue by {(as_of - milestone.due_date).days} days"
    return ""


def progress_report(*, project: Project, period: ReportingPeriod | None, as_of: date) -> Report:
    """The period's report with the deliverables and milestones due by the period's end, as of ``as_of``."""
    if period is None:
        raise ValueError("A progress report is the report of one period.")
    report = PeriodicReport.objects.get(period=period)
    deliverables = list(
        Deliverable.objects.filter(project=project, due_date__lte=period.end_date).select_related(
            "responsible_partner__organisation"
        )
    )
    submitted = _first_submissions(deliverables)
    deliverable_rows = [
        (
            deliverable.code,
            deliverable.title,
            deliverable.responsible_partner.organisation.name,
            deliverable.due_date,
            deliverable.get_status_display(),
            submitted.get(deliverable.pk),
            deliverable_lateness(deliverable, submitted.get(deliverable.pk), as_of),
        )
        for deliverable in deliverables
    ]
    milestone_rows = [
        (
            milestone.code,
            milestone.title,
            milestone.due_date,
            milestone.achieved_on,
            milestone_lateness(milestone, as_of),
        )
        for milestone in Milestone.objects.filter(project=project, due_date__lte=period.end_date)
    ]
    values = IndicatorValue.objects.filter(indicator__project=project, period__number__lte=period.number)
    in_period: dict[int, Decimal] = {}
    to_date: dict[int, Decimal] = {}
    for value in values:
        to_date[value.indicator_id] = to_date.get(value.indicator_id, Decimal(0)) + value.value
        if value.period_id == period.pk:
            in_period[value.indicator_id] = value.value
    indicator_rows = []
    for indicator in Indicator.objects.filter(project=project):
        achieved = to_date.get(indicator.pk, Decimal(0))
        share = (achieved * 100 / indicator.target).quantize(Decimal("0.1")) if indicator.target else None
        indicator_rows.append(
            (
                indicator.code,
                indicator.name,
                indicator.unit,
                indicator.baseline,
                indicator.target,
                in_period.get(indicator.pk),
                achieved,
                share,
            )
        )
    tables = [
        Table("deliverables", DELIVERABLE_COLUMNS, deliverable_rows),
        Table("milestones", MILESTONE_COLUMNS, milestone_rows),
        Table("indicators", INDICATOR_COLUMNS, indicator_rows),
    ]
    kind = "Final report" if report.is_final else "Progress report"
    data = {
        "project": _project_data(project),
        "period": _period_data(period),
        "report": {
            "is_final": report.is_final,
            "status": report.status,
            "narrative": report.narrative,
            "deviations": report.deviations,
        },
        **{table.name: [_plain(record) for record in table.records()] for table in tables},
    }
    deliverables, milestones, indicators = (table.records() for table in tables)
    context = {
        "project": project,
        "period": period,
        "scope": _scope(period),
        "as_of": as_of,
        "report": report,
        "kind": kind,
        "deliverables": deliverables,
        "milestones": milestones,
        "indicators": indicators,
        "late_deliverables": sum(1 for row in deliverables if row["late"]),
    }
    return Report(
        title=f"{project.acronym} — {kind}, {_scope(period)}",
        subject=(
            f"Narrative, deviations, deliverables, milestones and indicators of {project.acronym} "
            f"({project.title}), {_scope(period)}"
        ),
        template="reporting/progress_report.html",
        context=context,
        data=data,
        tables=tables,
    )


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values: dates as ISO strings, decimals as strings."""
    return {
        key: value.isoformat() if isinstance(value, date) else str(value) if isinstance(value, Decimal) else value
        for key, value in record.items()
    }


# --- Audit trail ----------------------------------------------------------------------------------

TRANSITION_COLUMNS = (
    "row",
    "created_at",
    "machine",
    "object",
    "transition",
    "source",
    "target",
    "actor",
    "comment",
    "hash",
    "previous_hash",
)


def _project_objects(project: Project) -> dict[str, dict[int, str]]:
    """Every object of the project that has a workflow, by model label and id, with a readable name."""
    return {
        Project._meta.label: {project.pk: project.acronym},
        Deliverable._meta.label: {
            pk: f"Deliverable {code}"
            for pk, code in Deliverable.objects.filter(project=project).values_list("pk", "code")
        },
        PartnerClaim._meta.label: {
            pk: f"Claim of {name}, P{number}"
            for pk, name, number in PartnerClaim.objects.filter(partner__project=project).values_list(
                "pk", "partner__organisation__name", "period__number"
            )
        },
        PeriodicReport._meta.label: {
            pk: f"Report P{number}"
            for pk, number in PeriodicReport.objects.filter(period__project=project).values_list("pk", "period__number")
        },
    }


def audit_trail(*, project: Project, period: ReportingPeriod | None, as_of: date) -> Report:
    objects = _project_objects(project)
    scope = Q(pk__in=[])
    for label, names in objects.items():
        scope |= Q(object_type=label, object_id__in=list(names))
    states_of = {machine.name: machine.states for machine in registry.machines()}
    rows = []
    for log in TransitionLog.objects.filter(scope).select_related("actor").order_by("id"):
        states = states_of.get(log.machine, {})
        rows.append(
            (
                log.pk,
                timezone.localtime(log.created_at),
                log.machine,
                objects[log.object_type].get(log.object_id, f"#{log.object_id}"),
                log.transition,
                states.get(log.source, log.source),
                states.get(log.target, log.target),
                log.actor.get_full_name() or log.actor.get_username(),
                log.comment,
                log.hash,
                log.previous_hash,
            )
        )
    checked, broken, problem = verify_chain()
    verification = {
        "intact": not problem,
        "rows_checked": checked,
        "broken_row": broken.pk if broken else None,
        "problem": problem,
    }
    table = Table("transitions", TRANSITION_COLUMNS, rows)
    data = {
        "project": _project_data(project),
        "chain": verification,
        "transitions": [_plain(record) for record in table.records()],
    }
    return Report(
        title=f"{project.acronym} — Audit trail",
        subject=(
            f"Every transition of {project.acronym} and its deliverables, claims and reports, with actor, time "
            "and comment, and the verification of the transition log's hash chain"
        ),
        template="reporting/audit_trail.html",
        context={"project": project, "transitions": table.records(), "chain": verification, "scope": "all transitions"},
        data=data,
        tables=[table],
    )


BUILDERS: dict[str, Callable[..., Report]] = {
    DocumentKind.FUNDING_REPORT: funding_report,
    DocumentKind.PROGRESS_REPORT: progress_report,
    DocumentKind.AUDIT_TRAIL: audit_trail,
}
