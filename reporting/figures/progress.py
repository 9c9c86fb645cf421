"""The progress report (the final report for the last period): the period's narrative and deviations,
the deliverables and milestones due by the period's end with their lateness, and the indicators'
targets against what was achieved so far.
"""

from datetime import date
from decimal import Decimal

from projects.models import Deliverable, Indicator, IndicatorValue, Milestone, PeriodicReport, Project, ReportingPeriod
from reporting.figures.shared import Report, Table, period_data, plain, project_data, scope_text
from reporting.figures.wording import local_time
from workflows.models import TransitionLog

DELIVERABLE_COLUMNS = ("code", "title", "responsible_partner", "due_date", "status", "submitted_on", "late")
MILESTONE_COLUMNS = ("code", "title", "due_date", "achieved_on", "late")
INDICATOR_COLUMNS = ("code", "name", "unit", "baseline", "target", "in_period", "achieved", "share_of_target")


def _first_submissions(deliverables: list[Deliverable]) -> dict[int, date]:
    """When each deliverable was first submitted, from the transition log, as a local date.

    First in time, not in the log's order: replayed history is logged after it happened.
    """
    rows = TransitionLog.objects.filter(
        object_type=Deliverable._meta.label,
        object_id__in=[deliverable.pk for deliverable in deliverables],
        transition="submit",
    ).order_by("created_at", "id")
    first: dict[int, date] = {}
    for row in rows:
        first.setdefault(row.object_id, local_time(row.created_at).date())
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
        "project": project_data(project),
        "period": period_data(period),
        "report": {
            "is_final": report.is_final,
            "status": report.status,
            "narrative": report.narrative,
            "deviations": report.deviations,
        },
        **{table.name: [plain(record) for record in table.records()] for table in tables},
    }
    deliverables, milestones, indicators = (table.records() for table in tables)
    context = {
        "project": project,
        "period": period,
        "scope": scope_text(period),
        "as_of": as_of,
        "report": report,
        "kind": kind,
        "deliverables": deliverables,
        "milestones": milestones,
        "indicators": indicators,
        "late_deliverables": sum(1 for row in deliverables if row["late"]),
    }
    return Report(
        title=f"{project.acronym} — {kind}, {scope_text(period)}",
        subject=(
            f"Narrative, deviations, deliverables, milestones and indicators of {project.acronym} "
            f"({project.title}), {scope_text(period)}"
        ),
        template="reporting/progress_report.html",
        context=context,
        data=data,
        tables=tables,
    )
