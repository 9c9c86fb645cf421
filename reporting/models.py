"""Generated documents: funding reports, progress reports and audit trails, rendered as PDF/A by a task.

The row is the job and the source of truth: the broker only carries its id. A job moves
``queued → running → done | failed`` (and back from ``running`` to ``queued`` when a transient error
makes the task retry); ``MOVES`` is the one place that says which moves exist, and
``reporting.services`` makes every move as a compare-and-set update, so a re-delivered task message
finds the job no longer queued and does nothing, and only the delivery that started a job (its
``render_token``) stores, releases or fails it.
"""

import uuid
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.models import Project, ReportingPeriod


class DocumentKind(models.TextChoices):
    FUNDING_REPORT = "funding_report", _("Funding report")
    PROGRESS_REPORT = "progress_report", _("Progress report")
    AUDIT_TRAIL = "audit_trail", _("Audit trail")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# The job's state machine: which status may follow which. Done and failed are final.
MOVES: dict[str, frozenset[str]] = {
    DocumentStatus.QUEUED: frozenset({DocumentStatus.RUNNING, DocumentStatus.FAILED}),
    DocumentStatus.RUNNING: frozenset({DocumentStatus.DONE, DocumentStatus.FAILED, DocumentStatus.QUEUED}),
    DocumentStatus.DONE: frozenset(),
    DocumentStatus.FAILED: frozenset(),
}


def document_storage_name(instance: "GeneratedDocument", filename: str) -> str:
    """A random storage name, like uploaded files: nothing about it can be guessed."""
    return f"generateddocument/{uuid.uuid4().hex}.pdf"


class GeneratedDocument(models.Model):
    """One requested document and the job that renders it."""

    Kind = DocumentKind
    Status = DocumentStatus

    kind = models.CharField(max_length=30, choices=Kind.choices)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="generated_documents")
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="generated_documents",
        help_text="Empty for a cumulative document",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent")
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=document_storage_name, max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes")
    pages = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now, help_text="When the task was last sent")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    deliveries = models.PositiveSmallIntegerField(default=1, help_text="How often the task was sent")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="How often rendering started")
    render_token = models.CharField(max_length=32, blank=True, help_text="Token of the delivery rendering it")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=DocumentStatus.values), name="document_status_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="document_progress_percent"),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(sha256__regex=r"^[0-9a-f]{64}$") & ~Q(file="")),
                name="document_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.project} ({self.scope_label}) #{self.pk}"

    def clean(self) -> None:
        """What each kind asks of the project and the period; every broken rule is named at once."""
        errors: dict[str, list[str]] = defaultdict(list)
        project = self.project if self.project_id else None
        if project and self.kind == DocumentKind.FUNDING_REPORT and not project.call_id:
            errors["project"].append(
                gettext(
                    "%(project)s has no call yet: a funding report needs the programme's currency and the call's "
                    "co-financing rate."
                )
                % {"project": project.acronym}
            )
        if project and self.period_id and self.period.project_id != project.pk:
            errors["period"].append(
                gettext("Period %(number)s belongs to another project than %(project)s.")
                % {"number": self.period.number, "project": project.acronym}
            )
        if self.kind == DocumentKind.PROGRESS_REPORT and not self.period_id:
            errors["period"].append(gettext("A progress report is the report of one period: name the period."))
        if self.kind == DocumentKind.AUDIT_TRAIL and self.period_id:
            errors["period"].append(gettext("The audit trail covers the whole project: leave the period out."))
        if errors:
            raise ValidationError(errors)

    @property
    def scope_label(self) -> str:
        return f"period {self.period.number}" if self.period_id else "cumulative"

    @property
    def download_name(self) -> str:
        """What the PDF is called when downloaded, e.g. ``Talentjourney-funding-report-P2-12.pdf``."""
        scope = f"P{self.period.number}" if self.period_id else "cumulative"
        return f"{self.project.acronym}-{self.kind.replace('_', '-')}-{scope}-{self.pk}.pdf"
