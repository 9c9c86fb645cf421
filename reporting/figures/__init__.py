"""What each generated document says, read from the data: the template's context, the figures as JSON
and the tables that are embedded as CSV (and exported as CSV and XLSX).

One module per kind, each with its builder: ``funding``, ``progress`` and ``audit``; ``build(document)``
picks the builder. ``shared`` holds what they share: the ``Report`` and ``Table`` shapes, the JSON
formats, and the budget and expense tables that the funding report and the exports both show.
"""

from collections.abc import Callable

from django.utils import timezone

from reporting.figures.audit import audit_trail
from reporting.figures.funding import funding_report
from reporting.figures.progress import deliverable_lateness, progress_report
from reporting.figures.shared import BUDGET_COLUMNS, EXPENSE_COLUMNS, Report, Table, export_table
from reporting.figures.wording import local_time
from reporting.models import DocumentKind, GeneratedDocument

__all__ = [
    "BUDGET_COLUMNS",
    "BUILDERS",
    "EXPENSE_COLUMNS",
    "Report",
    "Table",
    "build",
    "deliverable_lateness",
    "export_table",
]

BUILDERS: dict[str, Callable[..., Report]] = {
    DocumentKind.FUNDING_REPORT: funding_report,
    DocumentKind.PROGRESS_REPORT: progress_report,
    DocumentKind.AUDIT_TRAIL: audit_trail,
}


def build(document: GeneratedDocument) -> Report:
    """What the document says, as of when its rendering started (statuses and lateness are judged then)."""
    as_of = local_time(document.started_at or timezone.now()).date()
    return BUILDERS[document.kind](project=document.project, period=document.period, as_of=as_of)
