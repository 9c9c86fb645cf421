"""Reporting periods and what is reported in them: periodic reports, partner claims and expenses."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from projects.codes import CURRENCY_CODES, currency_choices
from projects.money import MoneyField

from .delivery import Indicator
from .files import FileVersion
from .programmes import CostCategory
from .projects import Partner, Project


class ReportingPeriod(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="periods")
    number = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()
    report_due_date = models.DateField()

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="period_number_unique_in_project",
                violation_error_message=_("The project has a period with this number already."),
            ),
            models.CheckConstraint(condition=Q(start_date__lte=F("end_date")), name="period_start_before_end"),
            models.CheckConstraint(condition=Q(report_due_date__gte=F("end_date")), name="period_report_due_after_end"),
        ]

    def __str__(self) -> str:
        return f"{self.project} P{self.number} ({self.start_date} – {self.end_date})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError({"end_date": gettext("The period cannot end before it starts.")})
        if self.end_date and self.report_due_date and self.report_due_date < self.end_date:
            raise ValidationError({"report_due_date": gettext("The report cannot be due before the period ends.")})


class PeriodicReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_VERIFICATION = "under_verification", _("Under verification")
    APPROVED = "approved", _("Approved")


class PeriodicReport(models.Model):
    """The project's report for one period; the last period's report is the final report."""

    Status = PeriodicReportStatus

    period = models.OneToOneField(ReportingPeriod, on_delete=models.CASCADE, related_name="report")
    is_final = models.BooleanField(default=False)
    narrative = models.TextField(blank=True)
    deviations = models.TextField(blank=True)
    status = FSMField(max_length=32, choices=Status.choices, default=Status.OPEN, db_index=True)

    class Meta:
        ordering = ["period"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PeriodicReportStatus.values), name="periodic_report_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{'Final' if self.is_final else 'Periodic'} report {self.period}"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CERTIFIED = "certified", _("Certified")


class PartnerClaim(models.Model):
    """A partner's financial report for one period: its expense items and the flat rates on them."""

    Status = ClaimStatus

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="claims")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="claims")
    status = FSMField(max_length=32, choices=Status.choices, default=Status.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period", "partner"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "period"],
                name="claim_one_per_partner_and_period",
                violation_error_message=_("The partner has a claim for this period already."),
            ),
            models.CheckConstraint(condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Claim of {self.partner.organisation} for {self.period}"

    def clean(self) -> None:
        if self.partner_id and self.period_id and self.partner.project_id != self.period.project_id:
            raise ValidationError({"period": gettext("The period belongs to another project than the partner.")})
        if self.partner_id and not self.partner.is_funded:
            raise ValidationError(
                {
                    "partner": gettext("%(partner)s is an associated partner: it claims nothing.")
                    % {"partner": self.partner.organisation}
                }
            )

    def claimable_categories(self) -> list[str]:
        """The cost categories a line of this claim may be written in: those ``Expense.ineligibility``
        finds nothing against (not one of the programme's flat rates; budgeted by the partner, unless the
        programme accepts unbudgeted costs)."""
        return [
            category
            for category in CostCategory.values
            if "category" not in Expense(claim=self, category=category).ineligibility()
        ]


class Expense(models.Model):
    """One expense item of a claim, in the currency it was paid in.

    The converted amount, the rate and its basis are frozen when the claim is submitted.
    """

    claim = models.ForeignKey(PartnerClaim, on_delete=models.PROTECT, related_name="expenses")
    category = models.CharField(max_length=30, choices=CostCategory.choices)
    description = models.CharField(max_length=255)
    amount = MoneyField(validators=[MinValueValidator(Decimal("0.01"), _("An expense is more than 0.00."))])
    currency = models.CharField(max_length=3, choices=currency_choices)
    incurred_on = models.DateField()
    invoice_number = models.CharField(max_length=60, blank=True)
    converted_amount = MoneyField(null=True, blank=True, help_text="In the programme's currency, frozen at submission")
    exchange_rate = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    rate_basis = models.CharField(max_length=255, blank=True, help_text="For example InforEuro 2026-11")

    class Meta:
        ordering = ["claim", "incurred_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(converted_amount__isnull=True) | Q(converted_amount__gte=0),
                name="expense_converted_non_negative",
            ),
            models.CheckConstraint(condition=Q(currency__in=CURRENCY_CODES), name="expense_currency_iso"),
            models.CheckConstraint(condition=Q(category__in=CostCategory.values), name="expense_category_valid"),
            models.CheckConstraint(
                condition=Q(exchange_rate__isnull=True) | Q(exchange_rate__gt=0), name="expense_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount} {self.currency}"

    def clean(self) -> None:
        if problems := self.ineligibility():
            raise ValidationError(problems)

    def ineligibility(self) -> dict[str, str]:
        """Why an auditor would refuse the line, by field; empty when it is eligible (DESIGN.md,
        "Eligibility of an expense").

        ``clean()`` refuses a line written with one of these; the claim's ``submit`` guard asks again,
        since the project's dates or the partner's budget may have changed after the line was written.
        The amount (more than 0.00) is the field's own validator and a database constraint.
        """
        if not self.claim_id:
            return {}
        partner = self.claim.partner
        project, programme = partner.project, partner.project.programme
        problems = {}
        if self.incurred_on and not project.start_date <= self.incurred_on <= project.end_date:
            problems["incurred_on"] = self._outside_project(project)
        if programme and self.category in programme.flat_rate_categories:
            problems["category"] = gettext("%(category)s is a flat rate in %(programme)s: computed, not claimed.") % {
                "category": self.get_category_display(),
                "programme": programme,
            }
        elif self.category and not (programme and programme.unbudgeted_categories_allowed):
            budget = next((line.amount for line in partner.budget_lines.all() if line.category == self.category), None)
            if not budget:  # no budget line, or one of 0.00: a category planned but not funded
                if budget is None:
                    message = gettext(
                        "%(partner)s has no budget for %(category)s in %(project)s, and %(programme)s accepts costs "
                        "only in budgeted categories."
                    )
                else:
                    message = gettext(
                        "%(partner)s has a budget of 0.00 for %(category)s in %(project)s, and %(programme)s accepts "
                        "costs only in budgeted categories."
                    )
                problems["category"] = message % {
                    "partner": partner.organisation,
                    "category": self.get_category_display().lower(),
                    "project": project,
                    "programme": programme or gettext("the programme"),
                }
        return problems

    def _outside_project(self, project: Project) -> str:
        if self.incurred_on < project.start_date:
            message = gettext(
                "The expense was incurred on %(incurred_on)s, before the project started on %(edge)s; expenses count "
                "from %(start)s to %(end)s."
            )
            edge = project.start_date
        else:
            message = gettext(
                "The expense was incurred on %(incurred_on)s, after the project ended on %(edge)s; expenses count "
                "from %(start)s to %(end)s."
            )
            edge = project.end_date
        return message % {
            "incurred_on": f"{self.incurred_on:%Y-%m-%d}",
            "edge": f"{edge:%Y-%m-%d}",
            "start": f"{project.start_date:%Y-%m-%d}",
            "end": f"{project.end_date:%Y-%m-%d}",
        }

    def summary(self, number: int) -> str:
        """How a guard names the line: ``Line 3 'Train tickets' (2026-03-04, 412.00 PLN)``."""
        return gettext("Line %(number)s '%(description)s' (%(incurred_on)s, %(amount)s %(currency)s)") % {
            "number": number,
            "description": self.description,
            "incurred_on": f"{self.incurred_on:%Y-%m-%d}",
            "amount": f"{self.amount:.2f}",
            "currency": self.currency,
        }


class SupportingDocument(FileVersion):
    """The invoice or receipt behind an expense item; attaching again adds a version."""

    expense = models.ForeignKey(Expense, on_delete=models.PROTECT, related_name="documents")

    class Meta(FileVersion.Meta):
        constraints = [
            *FileVersion.Meta.constraints,
            models.UniqueConstraint(fields=["expense", "version"], name="supporting_document_version_unique"),
        ]


class IndicatorValue(models.Model):
    """What an indicator reached in one period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="indicator_values")
    value = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"],
                name="indicator_value_one_per_period",
                violation_error_message=_("The indicator has a value for this period already."),
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} in P{self.period.number}: {self.value}"

    def clean(self) -> None:
        if self.indicator_id and self.period_id and self.indicator.project_id != self.period.project_id:
            raise ValidationError({"period": gettext("The period belongs to another project than the indicator.")})
