"""Projects, their consortium (partners with budgets) and the people working on them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from projects.money import ZERO, MoneyField, percent_of, total

from .organisations import Cluster, Organisation
from .programmes import Call, CostCategory, Programme


class ProjectQuerySet(models.QuerySet):
    def with_budget_data(self) -> "ProjectQuerySet":
        """Load what the derived figures read, so a list of projects costs a fixed number of queries."""
        return self.select_related("call__programme", "cluster").prefetch_related(
            "call__programme__flat_rates", "partners__budget_lines", "partners__organisation"
        )


class ProjectStatus(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    PROPOSAL_REVIEW = "proposal_review", _("Proposal under review")
    APPLICATION_PREPARATION = "application_preparation", _("Application in preparation")
    APPLICATION_SUBMITTED = "application_submitted", _("Application submitted")
    CONTRACTING = "contracting", _("Contracting")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    FINAL_REPORTING = "final_reporting", _("Final reporting")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Project(models.Model):
    """A joint project, from the first proposal to the closed final report."""

    Status = ProjectStatus

    acronym = models.CharField(max_length=30)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="projects")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="projects", null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    # Changed only by the transition service (no `protected=True`: it breaks refresh_from_db).
    status = FSMField(max_length=32, choices=Status.choices, default=Status.PROPOSAL, db_index=True)
    granted_amount = MoneyField(null=True, blank=True)
    funder_reference = models.CharField(max_length=100, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(
                Upper("acronym"),
                name="project_acronym_unique",
                violation_error_message=_("A project with this acronym exists already (in any letter case)."),
            ),
            models.CheckConstraint(condition=Q(start_date__lte=F("end_date")), name="project_start_before_end"),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gte=0), name="project_granted_non_negative"
            ),
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="project_status_valid"),
        ]

    def __str__(self) -> str:
        return self.acronym

    @property
    def programme(self) -> Programme | None:
        return self.call.programme if self.call_id else None

    @property
    def currency(self) -> str | None:
        """The grant's currency: the programme's (EUR for EU programmes)."""
        return self.programme.currency if self.call_id else None

    @property
    def lead_partner(self) -> "Partner | None":
        return next((p for p in self.partners.all() if p.role == Partner.Role.LEAD), None)

    def total_budget(self) -> Decimal:
        """Every partner's budget, flat-rate categories included as computed."""
        return total(partner.budget_total() for partner in self.partners.all())

    def eligible_budget(self) -> Decimal:
        """The budget the grant is computed on: lead and full partners (associated partners get no funding)."""
        return total(partner.budget_total() for partner in self.partners.all() if partner.is_funded)

    def requested_grant(self) -> Decimal:
        """The call's co-financing rate × the eligible budget, rounded half-up to the cent."""
        if not self.call_id:
            return ZERO
        return percent_of(self.eligible_budget(), self.call.co_financing_rate)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({"end_date": gettext("The project cannot end before it starts.")})


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead partner")
    PARTNER = "partner", _("Partner")
    ASSOCIATED = "associated", _("Associated partner")


class Partner(models.Model):
    """An organisation in a project's consortium."""

    Role = PartnerRole

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partnerships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        ordering = ["project", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                name="partner_organisation_once_per_project",
                violation_error_message=_("This organisation is already a partner in the project."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="lead"),
                name="partner_one_lead_per_project",
                violation_error_message=_("The project already has a lead partner."),
            ),
            models.CheckConstraint(condition=Q(role__in=PartnerRole.values), name="partner_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.project}"

    def clean(self) -> None:
        if self.pk and self.project_id:
            before = Partner.objects.filter(pk=self.pk).values_list("project_id", flat=True).first()
            if before is not None and before != self.project_id:
                raise ValidationError({"project": gettext("A partner cannot move to another project.")})
        if self.role == PartnerRole.LEAD and self.project_id:
            other_lead = (
                Partner.objects.filter(project_id=self.project_id, role=PartnerRole.LEAD)
                .exclude(pk=self.pk)
                .select_related("organisation", "project")
                .first()
            )
            if other_lead:
                raise ValidationError(
                    {
                        "role": gettext("%(project)s already has a lead partner: %(partner)s.")
                        % {"project": other_lead.project, "partner": other_lead.organisation}
                    }
                )

    @property
    def is_funded(self) -> bool:
        return self.role != self.Role.ASSOCIATED

    def budget_by_category(self) -> dict[str, Decimal]:
        """Budget per cost category: the direct lines plus the programme's flat rates computed on them."""
        direct = {line.category: line.amount for line in self.budget_lines.all()}
        programme = self.project.programme
        flat = programme.flat_rate_amounts(direct) if programme else {}
        return {**direct, **flat}

    def budget_total(self) -> Decimal:
        return total(self.budget_by_category().values())


class BudgetLine(models.Model):
    """A partner's budget for one directly claimed cost category, in the programme's currency."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(max_length=30, choices=CostCategory.choices)
    amount = MoneyField()

    class Meta:
        ordering = ["partner", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "category"],
                name="budget_line_one_per_category",
                violation_error_message=_("The partner has a budget line in this category already."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_non_negative"),
            models.CheckConstraint(condition=Q(category__in=CostCategory.values), name="budget_line_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.partner.organisation}: {self.get_category_display()} {self.amount}"

    def clean(self) -> None:
        programme = self.partner.project.programme if self.partner_id else None
        if programme and self.category in programme.flat_rate_categories:
            raise ValidationError(
                {
                    "category": gettext("%(category)s is a flat rate in %(programme)s: computed, not budgeted.")
                    % {"category": self.get_category_display(), "programme": programme}
                }
            )


class MembershipRole(models.TextChoices):
    """The roles a project membership gives; the access policy (``projects.access.Role``) adds staff and
    the partner an object belongs to, and decides what each role may do."""

    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner")
    AUDITOR = "auditor", _("Auditor")


class ProjectMembership(models.Model):
    """A user's role in one project: coordinator, partner (for an organisation) or auditor."""

    Role = MembershipRole

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        ordering = ["project", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                name="membership_one_role_per_user_and_project",
                violation_error_message=_("This user has a role in the project already: change it instead."),
            ),
            models.CheckConstraint(
                condition=~Q(role="partner") | Q(organisation__isnull=False), name="membership_partner_has_organisation"
            ),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.project}"

    def clean(self) -> None:
        if self.role == self.Role.PARTNER and not self.organisation_id:
            raise ValidationError({"organisation": gettext("A partner member works for an organisation: name it.")})
        if (
            self.role == self.Role.PARTNER
            and self.organisation_id
            and self.project_id
            and not self.project.partners.filter(organisation_id=self.organisation_id).exists()
        ):
            raise ValidationError({"organisation": gettext("This organisation is not a partner in the project.")})
