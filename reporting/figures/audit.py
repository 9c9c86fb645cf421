"""The audit trail: every transition of the project and of its deliverables, claims and reports, with
actor, time and comment, and whether the transition log's hash chain is intact.

Its rows are in the order the transitions happened (time, then log row): the reader follows the
project's story. That is not always the order the rows were written: history replayed with its original
times (the demo, an import of a running project) is logged later than it happened. The chain is
verified in the order it was written, by row number, which each row shows.
"""

from datetime import date

from django.db import models

from common.users import display_name
from projects.models import Deliverable, PartnerClaim, PeriodicReport, Project, ReportingPeriod
from reporting.figures.shared import Report, Table, plain, project_data
from reporting.figures.wording import local_time, state_label, time_zone, transition_label
from reporting.selectors import project_history
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


def object_name(subject: models.Model) -> str:
    """How the audit trail names the object a transition moved: ``Talentjourney``, ``Deliverable D3.1``,
    ``Claim of GMT d.o.o., P1``, ``Report P2``."""
    if isinstance(subject, Deliverable):
        return f"Deliverable {subject.code}"
    if isinstance(subject, PartnerClaim):
        return f"Claim of {subject.partner.organisation.name}, P{subject.period.number}"
    if isinstance(subject, PeriodicReport):
        return f"Report P{subject.period.number}"
    return str(subject)


def audit_trail(*, project: Project, period: ReportingPeriod | None, as_of: date) -> Report:
    rows = []
    for entry in project_history(project=project):
        log = entry.log
        rows.append(
            (
                log.pk,
                local_time(log.created_at),
                log.machine,
                object_name(entry.subject),
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
