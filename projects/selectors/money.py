"""Money: partner claims and their expenses (coordinators and auditors see every partner's, a partner
only its own), and budget vs actual per partner and cost category."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from projects.access import SELF, Action, scoped, visible
from projects.models import CostCategory, Expense, Partner, PartnerClaim, Programme, Project, ReportingPeriod
from projects.money import ZERO, to_cents, total

# The claims whose lines count as declared: budget vs actual, the funding report, over budget.
DECLARED = [PartnerClaim.Status.SUBMITTED, PartnerClaim.Status.CERTIFIED]


def _declared_per_category() -> dict[str, Sum]:
    """A claim's converted lines summed by the database, one annotation per cost category."""
    return {
        f"declared_{category}": Sum("expenses__converted_amount", filter=Q(expenses__category=category))
        for category in CostCategory.values
    }


def partner_claim_list(*, user: AbstractBaseUser) -> QuerySet[PartnerClaim]:
    """Claims with their declared amounts per category summed by the database (see ``claim_totals``),
    and what ``claim_over_budget`` compares them with: the partner's budget and its other declared claims."""
    queryset = (
        PartnerClaim.objects.select_related("partner__organisation", "period", "partner__project__call__programme")
        .prefetch_related(
            "partner__project__call__programme__flat_rates",
            "partner__budget_lines",
            Prefetch(
                "partner__claims",
                queryset=PartnerClaim.objects.filter(status__in=DECLARED).annotate(**_declared_per_category()),
                to_attr="declared_claims",
            ),
        )
        .annotate(
            **_declared_per_category(),
            unconverted_lines=Count("expenses", filter=Q(expenses__converted_amount__isnull=True)),
        )
        .order_by(*PartnerClaim._meta.ordering)
    )
    return visible(user, queryset)


def over_budget(*, budget: Decimal, declared: Decimal) -> Decimal:
    """By how much declared costs exceed the budget, 0.00 within it. Allowed, never refused: shown so
    that the coordinator and the auditor see it (DESIGN.md, "Eligibility of an expense")."""
    return max(declared - budget, ZERO)


def _direct(claim: PartnerClaim) -> dict[str, Decimal]:
    """A ``partner_claim_list`` row's declared lines per category (only the categories it has lines in)."""
    sums = {category: getattr(claim, f"declared_{category}") for category in CostCategory.values}
    # SQLite returns the sum with the column's full precision; every figure has two places.
    return {category: to_cents(amount) for category, amount in sums.items() if amount is not None}


def _declared(claims: list[dict[str, Decimal]], programme: Programme | None) -> dict[str, Decimal]:
    """Several claims' direct lines per category, each claim's flat rates computed on its own lines
    and rounded per claim (docs/decisions.md, "Budget vs actual"), summed per category."""
    declared: dict[str, Decimal] = {}
    for direct in claims:
        for category, amount in {**direct, **(programme.flat_rate_amounts(direct) if programme else {})}.items():
            declared[category] = declared.get(category, ZERO) + amount
    return declared


@dataclass(frozen=True)
class ClaimTotals:
    """A claim's figures in the programme's currency; None while a line awaits its frozen rate."""

    declared_total: Decimal | None
    flat_rate_total: Decimal | None
    total: Decimal | None


def claim_totals(claim: PartnerClaim) -> ClaimTotals:
    """Declared lines and the programme's flat rates on them, from a ``partner_claim_list`` row.

    A line in another currency than the programme's has no converted amount until the claim is
    submitted and its rate frozen; until then the totals are unknown rather than wrong.
    """
    if claim.unconverted_lines:
        return ClaimTotals(None, None, None)
    declared = {category: getattr(claim, f"declared_{category}") or ZERO for category in CostCategory.values}
    programme = claim.partner.project.programme
    flat = programme.flat_rate_amounts(declared) if programme else {}
    declared_total = total(declared.values())
    flat_rate_total = total(flat.values())
    return ClaimTotals(declared_total, flat_rate_total, total([declared_total, flat_rate_total]))


@dataclass(frozen=True)
class ClaimCategoryFigures:
    """One cost category of a claim against the partner's budget, in the programme's currency."""

    category: str
    budget: Decimal
    earlier: Decimal  # the partner's other submitted and certified claims
    claimed: Decimal  # this claim: its lines, or the programme's flat rate computed on them

    @property
    def declared(self) -> Decimal:
        return self.earlier + self.claimed

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.declared

    @property
    def over_budget(self) -> Decimal:
        return over_budget(budget=self.budget, declared=self.declared)


def claim_category_figures(claim: PartnerClaim) -> list[ClaimCategoryFigures] | None:
    """Per cost category (those the partner budgets or declares): its budget, what the partner's other
    submitted and certified claims declared, and what this claim adds, from a ``partner_claim_list`` row.

    None while a line awaits its frozen rate, like the claim's totals. ``claim_over_budget`` is read
    from these figures, so the page and the API show the same.
    """
    if claim.unconverted_lines:
        return None
    partner = claim.partner
    programme = partner.project.programme
    earlier = _declared([_direct(other) for other in partner.declared_claims if other.pk != claim.pk], programme)
    claimed = _declared([_direct(claim)], programme)
    budget = partner.budget_by_category()
    return [
        ClaimCategoryFigures(
            category, budget.get(category, ZERO), earlier.get(category, ZERO), claimed.get(category, ZERO)
        )
        for category in CostCategory.values
        if category in budget or category in earlier or category in claimed
    ]


def claim_over_budget(claim: PartnerClaim) -> dict[str, Decimal] | None:
    """Per cost category (those the partner budgets or declares), by how much the partner's declared
    costs with this claim counted exceed its budget, from a ``partner_claim_list`` row.

    Counted: the partner's submitted and certified claims, and this claim (a draft too: the partner
    sees before submitting what the claim would put over). None while a line awaits its frozen rate,
    like the claim's totals. The same ``over_budget`` as the budget answers, so the figures agree.
    """
    figures = claim_category_figures(claim)
    if figures is None:
        return None
    return {row.category: row.over_budget for row in figures}


def expense_list(*, user: AbstractBaseUser) -> QuerySet[Expense]:
    return visible(user, Expense.objects.select_related("claim__partner").prefetch_related("documents"))


# --- Budget vs actual ----------------------------------------------------------------------------


def money_partner_list(*, user: AbstractBaseUser) -> QuerySet[Partner]:
    """Partners whose spending the user may see: all for coordinators and auditors, their own for partners."""
    return scoped(Partner.objects.all(), user, Action.VIEW_MONEY, project="project", partner=SELF)


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    budget: Decimal
    declared: Decimal
    certified: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.declared

    @property
    def share_spent(self) -> Decimal | None:
        """Declared as a percentage of the budget, to two places; None without a budget."""
        return to_cents(self.declared * 100 / self.budget) if self.budget else None

    @property
    def over_budget(self) -> Decimal:
        """Declared beyond the budget of this row (a category, or a partner's or the project's total)."""
        return over_budget(budget=self.budget, declared=self.declared)


@dataclass(frozen=True)
class PartnerFigures:
    partner: Partner
    categories: list[CategoryFigures]

    @property
    def totals(self) -> CategoryFigures:
        return _summed("total", self.categories)


def _summed(label: str, figures: list[CategoryFigures]) -> CategoryFigures:
    return CategoryFigures(
        label,
        total(f.budget for f in figures),
        total(f.declared for f in figures),
        total(f.certified for f in figures),
    )


def budget_vs_actual(*, partners: QuerySet[Partner], period: ReportingPeriod | None = None) -> list[PartnerFigures]:
    """Per partner and cost category: budget, declared (submitted and certified claims) and certified,
    in the programme's currency, flat rates computed per claim on its declared lines.

    With ``period``, declared and certified count that period's claims only (the budget stays the
    whole project's). The expenses are summed by the database per claim and category; only those sums
    reach Python.
    """
    partners = list(
        partners.select_related("organisation", "project__call__programme").prefetch_related(
            "budget_lines", "project__call__programme__flat_rates"
        )
    )
    declared_expenses = Expense.objects.filter(
        claim__partner__in=[partner.pk for partner in partners], claim__status__in=DECLARED
    )
    if period is not None:
        declared_expenses = declared_expenses.filter(claim__period=period)
    sums = (
        declared_expenses.values("claim__partner_id", "claim_id", "claim__status", "category")
        .annotate(amount=Sum("converted_amount"))
        .order_by()
    )
    claims: dict[tuple[int, int, str], dict[str, Decimal]] = {}
    for row in sums:
        key = (row["claim__partner_id"], row["claim_id"], row["claim__status"])
        # SQLite returns the sum with the column's full precision; every figure has two places.
        claims.setdefault(key, {})[row["category"]] = to_cents(row["amount"] or ZERO)

    result = []
    for partner in partners:
        programme = partner.project.programme
        own = [(status, direct) for (partner_id, _claim, status), direct in claims.items() if partner_id == partner.pk]
        declared = _declared([direct for _status, direct in own], programme)
        certified = _declared([direct for status, direct in own if status == PartnerClaim.Status.CERTIFIED], programme)
        budget = partner.budget_by_category()
        categories = [
            CategoryFigures(
                category, budget.get(category, ZERO), declared.get(category, ZERO), certified.get(category, ZERO)
            )
            for category in CostCategory.values
            if category in budget or category in declared
        ]
        result.append(PartnerFigures(partner, categories))
    return result


def budget_totals(figures: list[PartnerFigures]) -> CategoryFigures:
    return _summed("total", [partner.totals for partner in figures])


def category_totals(figures: list[PartnerFigures]) -> list[CategoryFigures]:
    """The partners' figures of each cost category added up, in the categories' order: what the project (or
    the partners in ``figures``) budgeted, declared and certified per category."""
    lines = [line for partner in figures for line in partner.categories]
    per_category = [[line for line in lines if line.category == category] for category in CostCategory.values]
    return [_summed(same[0].category, same) for same in per_category if same]


def declared_expense_list(*, project: Project, period: ReportingPeriod | None = None) -> QuerySet[Expense]:
    """The expense lines of a project's submitted and certified claims: what partners declared.

    Ordered as an auditor reads them: by partner, period, date. The budget figures above count the
    same lines.
    """
    queryset = Expense.objects.filter(claim__partner__project=project, claim__status__in=DECLARED)
    if period is not None:
        queryset = queryset.filter(claim__period=period)
    return queryset.order_by("claim__partner__organisation__name", "claim__period__number", "incurred_on", "id")
