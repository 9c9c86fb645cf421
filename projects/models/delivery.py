"""What a project delivers: work packages, milestones, deliverables with their files, documents, indicators."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from .files import FileVersion
from .projects import Partner, Project


class WorkPackage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="work_packages")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)
    lead_partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="led_work_packages"
    )

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="work_package_number_unique_in_project",
                violation_error_message=_("The project has a work package with this number already."),
            ),
        ]

    def __str__(self) -> str:
        return f"WP{self.number} {self.title}"

    def clean(self) -> None:
        if self.lead_partner_id and self.project_id and self.lead_partner.project_id != self.project_id:
            raise ValidationError({"lead_partner": gettext("The lead partner is not in this project.")})


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=255)
    due_date = models.DateField()
    achieved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["project", "due_date", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="milestone_code_unique_in_project",
                violation_error_message=_("The project has a milestone with this code already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_overdue(self) -> bool:
        """Past its due date on the instance's clock and not achieved."""
        return self.achieved_on is None and self.due_date < timezone.localdate()


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")
    WAIVED = "waived", _("Waived")


# Not delivered yet: what is late once its due date has passed.
OUTSTANDING = (DeliverableStatus.PLANNED, DeliverableStatus.CHANGES_REQUESTED)


class DeliverableQuerySet(models.QuerySet):
    def overdue(self) -> "DeliverableQuerySet":
        """Past their due date on the instance's clock and still outstanding (``Deliverable.is_overdue``)."""
        return self.filter(due_date__lt=timezone.localdate(), status__in=OUTSTANDING)


class DisseminationLevel(models.TextChoices):
    PUBLIC = "PU", _("Public")
    SENSITIVE = "SEN", _("Sensitive")


class DeliverableType(models.TextChoices):
    REPORT = "report", _("Report")
    DEMONSTRATOR = "demonstrator", _("Demonstrator")
    SOFTWARE = "software", _("Software")
    DATA = "data", _("Data")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


class Deliverable(models.Model):
    Status = DeliverableStatus
    DisseminationLevel = DisseminationLevel
    Type = DeliverableType

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    work_package = models.ForeignKey(WorkPackage, on_delete=models.PROTECT, related_name="deliverables")
    code = models.CharField(max_length=20, help_text="For example D2.1")
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    due_date = models.DateField()
    responsible_partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="deliverables")
    dissemination_level = models.CharField(max_length=3, choices=DisseminationLevel.choices, default="PU")
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.REPORT)
    status = FSMField(max_length=32, choices=Status.choices, default=Status.PLANNED, db_index=True)

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["project", "due_date", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="deliverable_code_unique_in_project",
                violation_error_message=_("The project has a deliverable with this code already."),
            ),
            models.CheckConstraint(condition=Q(status__in=DeliverableStatus.values), name="deliverable_status_valid"),
            models.CheckConstraint(
                condition=Q(dissemination_level__in=DisseminationLevel.values), name="deliverable_dissemination_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_overdue(self) -> bool:
        """Past its due date on the instance's clock and still outstanding: planned, or sent back for changes."""
        return self.due_date < timezone.localdate() and self.status in OUTSTANDING

    def clean(self) -> None:
        errors = {}
        if self.work_package_id and self.project_id and self.work_package.project_id != self.project_id:
            errors["work_package"] = gettext("The work package belongs to another project.")
        if self.responsible_partner_id and self.project_id and self.responsible_partner.project_id != self.project_id:
            errors["responsible_partner"] = gettext("The responsible partner is not in this project.")
        if errors:
            raise ValidationError(errors)


class DeliverableFile(FileVersion):
    deliverable = models.ForeignKey(Deliverable, on_delete=models.PROTECT, related_name="versions")

    class Meta(FileVersion.Meta):
        constraints = [
            *FileVersion.Meta.constraints,
            models.UniqueConstraint(fields=["deliverable", "version"], name="deliverable_file_version_unique"),
        ]


class ProjectDocumentKind(models.TextChoices):
    PARTNERSHIP_MANDATE = "partnership_mandate", _("Signed partnership mandate")
    GRANT_AGREEMENT = "grant_agreement", _("Signed grant agreement")
    OTHER = "other", _("Other")


class ProjectDocument(models.Model):
    """A document the project holds: a partner's signed mandate, the signed grant agreement, others."""

    Kind = ProjectDocumentKind

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    title = models.CharField(max_length=255)

    class Meta:
        ordering = ["project", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="partnership_mandate") | Q(partner__isnull=False),
                name="project_document_mandate_has_partner",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProjectDocumentKind.values), name="project_document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.kind == ProjectDocumentKind.PARTNERSHIP_MANDATE and not self.partner_id:
            raise ValidationError({"partner": gettext("A partnership mandate names the partner who signed it.")})
        if self.partner_id and self.project_id and self.partner.project_id != self.project_id:
            raise ValidationError({"partner": gettext("This partner belongs to another project.")})


class ProjectDocumentFile(FileVersion):
    document = models.ForeignKey(ProjectDocument, on_delete=models.PROTECT, related_name="versions")

    class Meta(FileVersion.Meta):
        constraints = [
            *FileVersion.Meta.constraints,
            models.UniqueConstraint(fields=["document", "version"], name="project_document_file_version_unique"),
        ]


class Indicator(models.Model):
    """A result the project promised, e.g. "students who touched an occupation": baseline 0, target 168."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=255)
    unit = models.CharField(max_length=60)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    target = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["project", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="indicator_code_unique_in_project",
                violation_error_message=_("The project has an indicator with this code already."),
            ),
            models.CheckConstraint(condition=Q(baseline__gte=0) & Q(target__gte=0), name="indicator_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
