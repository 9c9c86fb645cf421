"""Funding programmes, their calls, flat rates and the exchange rates used to convert claims."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.codes import CURRENCY_CODES, currency_choices
from projects.money import MoneyField, percent_of


class CostCategory(models.TextChoices):
    STAFF = "staff", _("Staff costs")
    OFFICE_ADMIN = "office_admin", _("Office and administration")
    TRAVEL = "travel", _("Travel and accommodation")
    EXTERNAL_EXPERTISE = "external_expertise", _("External expertise and services")
    EQUIPMENT = "equipment", _("Equipment")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure and works")
    OTHER = "other", _("Other costs")


class ExchangeRateRule(models.TextChoices):
    MONTHLY_AT_SUBMISSION = "monthly_at_submission", _("Monthly rate of the submission month (InforEuro)")
    PERIOD_AVERAGE = "period_average", _("Average rate over the reporting period (ECB)")

    @property
    def source(self) -> str:
        """Where the rates this rule needs are published: named when a rate is missing."""
        return "InforEuro" if self == ExchangeRateRule.MONTHLY_AT_SUBMISSION else "ECB"


class Programme(models.Model):
    """Erasmus+, Interreg, Horizon Europe or a national/regional fund, with its financial rules."""

    ExchangeRateRule = ExchangeRateRule

    name = models.CharField(max_length=255)
    code = models.SlugField(max_length=40, unique=True)
    currency = models.CharField(max_length=3, choices=currency_choices, default="EUR", help_text="ISO 4217")
    reporting_period_months = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1)])
    report_due_days = models.PositiveSmallIntegerField(default=60)
    exchange_rate_rule = models.CharField(
        max_length=30, choices=ExchangeRateRule.choices, default=ExchangeRateRule.PERIOD_AVERAGE
    )
    # What an auditor of the programme accepts (DESIGN.md, "Eligibility of an expense").
    unbudgeted_categories_allowed = models.BooleanField(
        default=False,
        help_text="Partners may claim costs in a category they have no budget for",
    )
    supporting_documents_required = models.BooleanField(
        default=True,
        help_text="Every expense item needs its invoice or receipt before the claim is submitted",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(currency__in=CURRENCY_CODES), name="programme_currency_iso"),
            models.CheckConstraint(
                condition=Q(reporting_period_months__gte=1), name="programme_period_months_positive"
            ),
            models.CheckConstraint(
                condition=Q(exchange_rate_rule__in=ExchangeRateRule.values), name="programme_exchange_rate_rule_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def flat_rate_amounts(self, direct: Mapping[str, Decimal]) -> dict[str, Decimal]:
        """The flat-rate categories computed from direct amounts per category, each rounded to the cent.

        Uses ``self.flat_rates.all()`` so that a prefetch serves many partners with one query.
        """
        return {
            flat_rate.category: percent_of(
                sum((direct.get(c, Decimal(0)) for c in flat_rate.base), Decimal(0)), flat_rate.rate
            )
            for flat_rate in self.flat_rates.all()
        }

    @property
    def flat_rate_categories(self) -> set[str]:
        return {flat_rate.category for flat_rate in self.flat_rates.all()}


class FlatRate(models.Model):
    """A cost category the programme computes as a percentage of others, never claimed line by line.

    Example: office and administration = 15 % of staff costs.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="flat_rates")
    category = models.CharField(max_length=30, choices=CostCategory.choices)
    rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
        help_text="Percent",
    )
    base = models.JSONField(default=list, help_text="The cost categories the rate applies to")

    class Meta:
        ordering = ["programme", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "category"],
                name="flat_rate_one_per_category",
                violation_error_message=_("The programme has a flat rate in this category already."),
            ),
            models.CheckConstraint(condition=Q(rate__gt=0) & Q(rate__lte=100), name="flat_rate_percent_range"),
            models.CheckConstraint(condition=Q(category__in=CostCategory.values), name="flat_rate_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.rate} % of {', '.join(self.base)}"

    def clean(self) -> None:
        if not isinstance(self.base, list):
            raise ValidationError({"base": gettext("Name the cost categories the rate applies to, as a list.")})
        unknown = [str(c) for c in self.base if c not in CostCategory.values]
        if unknown:
            choices = ", ".join(CostCategory.values)
            raise ValidationError(
                {
                    "base": gettext("Unknown cost categories: %(unknown)s; choose from %(choices)s.")
                    % {"unknown": ", ".join(unknown), "choices": choices}
                }
            )
        if not self.base:
            raise ValidationError({"base": gettext("Name at least one cost category the rate applies to.")})
        if self.category in self.base:
            raise ValidationError({"base": gettext("A flat rate cannot be computed from its own category.")})
        if not self.programme_id:
            return
        others = list(self.programme.flat_rates.exclude(pk=self.pk))
        if {other.category for other in others} & set(self.base):
            raise ValidationError(
                {"base": "A flat rate is computed from direct costs only, not from another flat rate."}
            )
        based_on_this = sorted(other.category for other in others if self.category in other.base)
        if based_on_this:
            raise ValidationError(
                {
                    "category": gettext("%(categories)s is computed from %(category)s: it stays a direct cost.")
                    % {"categories": ", ".join(based_on_this), "category": self.category}
                }
            )
        if self._claimed_line_by_line():
            raise ValidationError(
                {
                    "category": gettext(
                        "Projects of %(programme)s already budget or claim %(category)s line by line: "
                        "it cannot become a flat rate."
                    )
                    % {"programme": self.programme, "category": self.category}
                }
            )

    def _claimed_line_by_line(self) -> bool:
        """Whether a project of the programme has a budget line or an expense in this category."""
        return (
            self.programme.calls.filter(projects__partners__budget_lines__category=self.category).exists()
            or self.programme.calls.filter(projects__partners__claims__expenses__category=self.category).exists()
        )


class Call(models.Model):
    """A call for proposals under a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    identifier = models.CharField(max_length=60)
    title = models.CharField(max_length=255)
    opens_on = models.DateField()
    deadline = models.DateTimeField()
    co_financing_rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent of the eligible budget",
    )
    max_grant = MoneyField()

    class Meta:
        ordering = ["-deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "identifier"],
                name="call_identifier_unique_in_programme",
                violation_error_message=_("The programme has a call with this identifier already."),
            ),
            models.CheckConstraint(
                condition=Q(co_financing_rate__gte=0) & Q(co_financing_rate__lte=100), name="call_co_financing_percent"
            ),
            models.CheckConstraint(condition=Q(max_grant__gte=0), name="call_max_grant_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} — {self.title}"

    def clean(self) -> None:
        if self.opens_on and self.deadline and self.deadline.date() < self.opens_on:
            raise ValidationError({"deadline": gettext("The deadline must not be before the call opens.")})


class ExchangeRate(models.Model):
    """Units of a currency per 1 EUR for one calendar month (InforEuro or an ECB monthly average)."""

    currency = models.CharField(max_length=3, choices=currency_choices)
    month = models.DateField(help_text="The first day of the month")
    rate = models.DecimalField(max_digits=18, decimal_places=6, help_text="Units of the currency per 1 EUR")
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["currency", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "month"],
                name="exchange_rate_one_per_currency_month",
                violation_error_message=_("There is a rate for this currency and month already."),
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(condition=Q(month__day=1), name="exchange_rate_month_first_day"),
            models.CheckConstraint(
                condition=Q(currency__in=CURRENCY_CODES) & ~Q(currency="EUR"), name="exchange_rate_currency_iso_not_eur"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.month:%Y-%m}: {self.rate}"

    def clean(self) -> None:
        if self.currency == "EUR":
            raise ValidationError({"currency": gettext("EUR is the base of every rate: it has no rate of its own.")})
        if self.month and self.month.day != 1:
            raise ValidationError({"month": gettext("A rate is for a whole month: give its first day.")})
