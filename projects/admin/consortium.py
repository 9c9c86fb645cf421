"""Projects with their consortium (partners and budgets) and members."""

from django.contrib import admin
from django.utils.html import format_html_join

from projects.models import (
    BudgetLine,
    CostCategory,
    Milestone,
    Partner,
    Project,
    ProjectMembership,
    ReportingPeriod,
    WorkPackage,
)
from workflows.admin import WorkflowAdminMixin

from .base import DomainAdmin, TabularInline, money


class PartnerInline(TabularInline):
    """Budget lines are edited on the partner's own page (the change link): Django does not nest inlines."""

    model = Partner
    fields = ["organisation", "role", "budget_total"]
    readonly_fields = ["budget_total"]
    autocomplete_fields = ["organisation"]
    show_change_link = True
    ordering = ["organisation__name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "project__call__programme")
            .prefetch_related("budget_lines", "project__call__programme__flat_rates")
        )

    @admin.display(description="Budget total")
    def budget_total(self, partner):
        if partner.pk is None:  # the blank row a new partner is typed into
            return "—"
        return money(partner.budget_total(), partner.project.currency)


class MembershipInline(TabularInline):
    model = ProjectMembership
    autocomplete_fields = ["user", "organisation"]


class WorkPackageInline(TabularInline):
    model = WorkPackage
    autocomplete_fields = ["lead_partner"]


class MilestoneInline(TabularInline):
    model = Milestone


class ReportingPeriodInline(TabularInline):
    model = ReportingPeriod


@admin.register(Project)
class ProjectAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = ["acronym", "title", "cluster", "status", "start_date", "end_date", "budget", "granted"]
    list_filter = ["status", "cluster", "call__programme"]
    search_fields = ["acronym", "title", "summary", "funder_reference", "call__identifier"]
    autocomplete_fields = ["cluster", "call"]
    date_hierarchy = "start_date"
    ordering = ["acronym"]
    fieldsets = [
        (None, {"fields": ["acronym", "title", "summary", "cluster", "call", ("start_date", "end_date")]}),
        (
            "Status and budget",
            {
                "description": "Changed only by the workflow's transitions (the grant by record_award) and computed "
                "from the partners' budgets.",
                "fields": [
                    "status",
                    "lead_partner",
                    "currency",
                    "budget",
                    "requested_grant",
                    "granted",
                    "funder_reference",
                ],
            },
        ),
        ("History", {"fields": ["workflow_history"]}),
    ]
    readonly_fields = ["status", "lead_partner", "currency", "budget", "requested_grant", "granted", "funder_reference"]
    inlines = [PartnerInline, MembershipInline, WorkPackageInline, MilestoneInline, ReportingPeriodInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_budget_data()  # selects cluster and call, so no list_select_related

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj else self.fieldsets[:1]  # a new project has no status, budget or history yet

    @admin.display(description="Lead partner")
    def lead_partner(self, project):
        lead = project.lead_partner
        return lead.organisation if lead else "—"

    @admin.display(description="Currency")
    def currency(self, project):
        return project.currency or "— (no call yet)"

    @admin.display(description="Total budget")
    def budget(self, project):
        return money(project.total_budget(), project.currency)

    @admin.display(description="Requested grant")
    def requested_grant(self, project):
        return money(project.requested_grant(), project.currency)

    @admin.display(description="Granted", ordering="granted_amount")
    def granted(self, project):
        return money(project.granted_amount, project.currency)


class BudgetLineInline(TabularInline):
    model = BudgetLine


@admin.register(Partner)
class PartnerAdmin(DomainAdmin):
    list_display = ["organisation", "project", "role", "budget"]
    list_filter = ["role", "project"]
    search_fields = ["organisation__name", "organisation__short_name", "project__acronym"]
    autocomplete_fields = ["project", "organisation"]
    ordering = ["project__acronym", "organisation__name"]
    fieldsets = [
        (None, {"fields": ["project", "organisation", "role"]}),
        ("Budget", {"fields": ["budget_by_category", "budget"]}),
    ]
    readonly_fields = ["budget_by_category", "budget"]
    inlines = [BudgetLineInline]

    def get_queryset(self, request):  # for the list and the page alike, so no list_select_related
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "project__call__programme")
            .prefetch_related("budget_lines", "project__call__programme__flat_rates")
        )

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj else self.fieldsets[:1]

    def get_inlines(self, request, obj):
        # BudgetLine.clean checks flat-rate categories only for a saved partner: budget once it exists.
        return self.inlines if obj else []

    @admin.display(description="Budget per category")
    def budget_by_category(self, partner):
        amounts, programme, currency = partner.budget_by_category(), partner.project.programme, partner.project.currency
        flat = programme.flat_rate_categories if programme else set()
        rows = [
            (category.label, " (flat rate)" if category in flat else "", money(amounts[category], currency))
            for category in CostCategory
            if category in amounts
        ]
        return format_html_join("\n", "<div>{}{}: {}</div>", rows) or "—"

    @admin.display(description="Budget total")
    def budget(self, partner):
        return money(partner.budget_total(), partner.project.currency)


@admin.register(BudgetLine)
class BudgetLineAdmin(DomainAdmin):
    list_display = ["partner__project", "partner__organisation", "category", "budget_amount"]
    list_filter = ["category", "partner__project"]
    search_fields = ["partner__organisation__name", "partner__project__acronym"]
    list_select_related = ["partner__organisation", "partner__project__call__programme"]
    autocomplete_fields = ["partner"]
    ordering = ["partner__project__acronym", "partner__organisation__name", "category"]

    @admin.display(description="Amount", ordering="amount")
    def budget_amount(self, line):
        return money(line.amount, line.partner.project.currency)


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(DomainAdmin):
    list_display = ["user", "project", "role", "organisation"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email", "project__acronym"]
    list_select_related = ["user", "project", "organisation"]
    autocomplete_fields = ["user", "project", "organisation"]
    ordering = ["project__acronym", "role", "user__username"]
