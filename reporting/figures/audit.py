"""The audit trail: every transition of the project and of its deliverables, claims and reports, with
actor, time and comment, and whether the transition log's hash chain is intact.

Its rows are in the order the transitions happened (time, then log row): the reader follows the
project's story. That is not always the order the rows were written: history replayed with its original
times (the demo, an import of a running project) is logged later than it happened. The chain is
verified in the order it was written, by row number, which each row shows.
"""

from datetime import date

from django.db.models import Q

from common.users import display_name
from projects.models import Deliverable, PartnerClaim, PeriodicReport, Project, ReportingPeriod
from reporting.figures.shared import Report, Table, plain, project_data
from reporting.figures.wording import local_time, state_label, time_zone, transition_label
from workflows.models import TransitionLog
from workflows.services import verify_chain

TRANSITION_COLUMNS = (
    "row",
    "created_at",
    "machine",
    "object",
    "transition",
    "transition_label",
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
    rows = []
    for log in TransitionLog.objects.filter(scope).select_related("actor").order_by("created_at", "id"):
        rows.append(
            (
                log.pk,
                local_time(log.created_at),
                log.machine,
                objects[log.object_type].get(log.object_id, f"#{log.object_id}"),
                log.transition,
                transition_label(log.machine, log.transition),
                state_label(log.machine, log.source),
                state_label(log.machine, log.target),
                display_name(log.actor),
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
        "project": project_data(project),
        "chain": verification,
        "transitions": [plain(record) for record in table.records()],
    }
    return Report(
        title=f"{project.acronym} — Audit trail",
        subject=(
            f"Every transition of {project.acronym} and its deliverables, claims and reports, with actor, time "
            "and comment, and the verification of the transition log's hash chain"
        ),
        template="reporting/audit_trail.html",
        context={
            "project": project,
            "transitions": table.records(),
            "chain": verification,
            "scope": "all transitions",
            "time_zone": time_zone(),
        },
        data=data,
        tables=[table],
    )
