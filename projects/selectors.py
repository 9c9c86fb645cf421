"""Reads, scoped to what a user may see (DESIGN.md, "Access").

Every API list and detail view starts from one of these querysets: what is not in it does not exist
for that user (404). Staff see everything; other users see the projects they are members of, and a
partner sees only its own organisation's claims and expenses.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum

from projects.models import (
    Call,
    Cluster,
    CostCategory,
    Deliverable,
    ExchangeRate,
    Expense,
    Indicator,
    IndicatorValue,
    Milestone,
    Organisation,
    Partner,
    PartnerClaim,
    PeriodicReport,
    Programme,
    Project,
    ProjectDocument,
    ProjectDocumentFile,
    ProjectMembership,
    ReportingPeriod,
    WorkPackage,
)
from projects.money import ZERO, to_cents, total

MembershipRole = ProjectMembership.Role


def project_role(*, user: AbstractBaseUser, project: Project) -> str | None:
    """The user's role in the project: ``"staff"``, a membership role, or None for outsiders."""
    if user.is_staff:
        return "staff"
    return ProjectMembership.objects.filter(user=user, project=project).values_list("role", flat=True).first()


def member_project_ids(user: AbstractBaseUser, *roles: str) -> QuerySet:
    """Ids of the projects the user is a member of (in one of ``roles`` when given), as a subquery."""
    memberships = ProjectMembership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("project_id")


def own_partner_ids(user: AbstractBaseUser) -> QuerySet:
    """Ids of the partners (project × organisation) the user works for as a partner member."""
    return Partner.objects.filter(
        Exists(
            ProjectMembership.objects.filter(
                user=user,
                role=MembershipRole.PARTNER,
                project_id=OuterRef("project_id"),
                organisation_id=OuterRef("organisation_id"),
            )
        )
    ).values("id")


def works_for(*, user: AbstractBaseUser, partner_id: int) -> bool:
    """Whether the user is a partner member of that partner's organisation in its project."""
    return own_partner_ids(user).filter(id=partner_id).exists()


def _in_user_projects(queryset: QuerySet, user: AbstractBaseUser, project_path: str) -> QuerySet:
    if user.is_staff:
        return queryset
    return queryset.filter(**{f"{project_path}__in": member_project_ids(user)})


def _claim_scope(user: AbstractBaseUser, partner_path: str) -> Q:
    """Claims and expenses: coordinators and auditors see every partner's, partners only their own."""
    return Q(
        **{
            f"{partner_path}__project_id__in": member_project_ids(
                user, MembershipRole.COORDINATOR, MembershipRole.AUDITOR
            )
        }
    ) | Q(**{f"{partner_path}_id__in": own_partner_ids(user)})


# --- Reference data: every signed-in user reads it ----------------------------------------------


def organisation_list(*, user: AbstractBaseUser) -> QuerySet[Organisation]:
    return Organisation.objects.all()


def cluster_list(*, user: AbstractBaseUser) -> QuerySet[Cluster]:
    return Cluster.objects.select_related("coordinating_organisation").prefetch_related("members")


def programme_list(*, user: AbstractBaseUser) -> QuerySet[Programme]:
    return Programme.objects.prefetch_related("flat_rates")


def call_list(*, user: AbstractBaseUser) -> QuerySet[Call]:
    return Call.objects.select_related("programme")


def exchange_rate_list(*, user: AbstractBaseUser) -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.all()


# --- Project data: members of the project ------------------------------------------------------


def project_list(*, user: AbstractBaseUser) -> QuerySet[Project]:
    return _in_user_projects(Project.objects.with_budget_data(), user, "id")


def partner_list(*, user: AbstractBaseUser) -> QuerySet[Partner]:
    queryset = Partner.objects.select_related("organisation", "project__call__programme").prefetch_related(
        "budget_lines", "project__call__programme__flat_rates"
    )
    return _in_user_projects(queryset, user, "project_id")


def membership_list(*, user: AbstractBaseUser) -> QuerySet[ProjectMembership]:
    return _in_user_projects(ProjectMembership.objects.select_related("user", "project"), user, "project_id")


def work_package_list(*, user: AbstractBaseUser) -> QuerySet[WorkPackage]:
    return _in_user_projects(WorkPackage.objects.all(), user, "project_id")


def deliverable_list(*, user: AbstractBaseUser) -> QuerySet[Deliverable]:
    queryset = Deliverable.objects.annotate(latest_version=Max("versions__version")).order_by(
        *Deliverable._meta.ordering
    )
    return _in_user_projects(queryset, user, "project_id")


def milestone_list(*, user: AbstractBaseUser) -> QuerySet[Milestone]:
    return _in_user_projects(Milestone.objects.all(), user, "project_id")


def reporting_period_list(*, user: AbstractBaseUser) -> QuerySet[ReportingPeriod]:
    return _in_user_projects(ReportingPeriod.objects.all(), user, "project_id")


def periodic_report_list(*, user: AbstractBaseUser) -> QuerySet[PeriodicReport]:
    return _in_user_projects(PeriodicReport.objects.select_related("period"), user, "period__project_id")


def indicator_list(*, user: AbstractBaseUser) -> QuerySet[Indicator]:
    return _in_user_projects(Indicator.objects.all(), user, "project_id")


def indicator_value_list(*, user: AbstractBaseUser) -> QuerySet[IndicatorValue]:
    return _in_user_projects(IndicatorValue.objects.select_related("indicator"), user, "indicator__project_id")


def project_document_list(*, user: AbstractBaseUser) -> QuerySet[ProjectDocument]:
    versions = Prefetch("versions", queryset=ProjectDocumentFile.objects.select_related("uploaded_by"))
    return _in_user_projects(ProjectDocument.objects.prefetch_related(versions), user, "project_id")


# --- Money: coordinators and auditors see all partners', partners their own --------------------


def partner_claim_list(*, user: AbstractBaseUser) -> QuerySet[PartnerClaim]:
    """Claims with their declared amounts per category summed by the database (see ``claim_totals``)."""
    per_category = {
        f"declared_{category}": Sum("expenses__converted_amount", filter=Q(expenses__category=category))
        for category in CostCategory.values
    }
    queryset = (
        PartnerClaim.objects.select_related("partner__organisation", "period", "partner__project__call__programme")
        .prefetch_related("partner__project__call__programme__flat_rates")
        .annotate(
            **per_category,
            unconverted_lines=Count("expenses", filter=Q(expenses__converted_amount__isnull=True)),
        )
        .order_by(*PartnerClaim._meta.ordering)
    )
    if user.is_staff:
        return queryset
    return queryset.filter(_claim_scope(user, "partner"))


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


def expense_list(*, user: AbstractBaseUser) -> QuerySet[Expense]:
    queryset = Expense.objects.select_related("claim__partner").prefetch_related("documents")
    if user.is_staff:
        return queryset
    return queryset.filter(_claim_scope(user, "claim__partner"))


VISIBLE = {
    Project: project_list,
    Partner: partner_list,
    ProjectMembership: membership_list,
    WorkPackage: work_package_list,
    Deliverable: deliverable_list,
    Milestone: milestone_list,
    ReportingPeriod: reporting_period_list,
    PeriodicReport: periodic_report_list,
    Indicator: indicator_list,
    IndicatorValue: indicator_value_list,
    ProjectDocument: project_document_list,
    PartnerClaim: partner_claim_list,
    Expense: expense_list,
}


def visible(*, model: type, user: AbstractBaseUser, queryset: QuerySet) -> QuerySet:
    """The rows of ``model`` the user may see (reference data and users are visible to every user)."""
    selector = VISIBLE.get(model)
    return selector(user=user) if selector else queryset


# --- Budget vs actual ----------------------------------------------------------------------------


def money_partner_list(*, user: AbstractBaseUser) -> QuerySet[Partner]:
    """Partners whose spending the user may see: all for coordinators and auditors, their own for partners."""
    queryset = Partner.objects.all()
    if user.is_staff:
        return queryset
    coordinating_or_auditing = member_project_ids(user, MembershipRole.COORDINATOR, MembershipRole.AUDITOR)
    return queryset.filter(Q(project_id__in=coordinating_or_auditing) | Q(id__in=own_partner_ids(user)))


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
        claim__partner__in=[partner.pk for partner in partners],
        claim__status__in=[PartnerClaim.Status.SUBMITTED, PartnerClaim.Status.CERTIFIED],
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
        declared: dict[str, Decimal] = {}
        certified: dict[str, Decimal] = {}
        for (partner_id, _claim, status), direct in claims.items():
            if partner_id != partner.pk:
                continue
            lines = {**direct, **(programme.flat_rate_amounts(direct) if programme else {})}
            for category, amount in lines.items():
                declared[category] = declared.get(category, ZERO) + amount
                if status == PartnerClaim.Status.CERTIFIED:
                    certified[category] = certified.get(category, ZERO) + amount
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


def declared_expense_list(*, project: Project, period: ReportingPeriod | None = None) -> QuerySet[Expense]:
    """The expense lines of a project's submitted and certified claims: what partners declared.

    Ordered as an auditor reads them: by partner, period, date. The budget figures above count the
    same lines.
    """
    queryset = Expense.objects.filter(
        claim__partner__project=project,
        claim__status__in=[PartnerClaim.Status.SUBMITTED, PartnerClaim.Status.CERTIFIED],
    )
    if period is not None:
        queryset = queryset.filter(claim__period=period)
    return queryset.order_by("claim__partner__organisation__name", "claim__period__number", "incurred_on", "id")
