"""The admin: staff look after every row here. Statuses are read-only (only transitions change them)
and stored files are read-only (a new upload is a new version, nothing is overwritten)."""

from django.contrib import admin
from django.db.models import Max

from projects import services
from projects.models import (
    BudgetLine,
    Call,
    Cluster,
    Deliverable,
    DeliverableFile,
    ExchangeRate,
    Expense,
    FlatRate,
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
    SupportingDocument,
    WorkPackage,
)
from projects.selectors import claim_totals, partner_claim_list

FILE_FIELDS = ["version", "original_name", "size", "sha256", "mime_type", "uploaded_by", "uploaded_at"]


class ReadOnlyMixin:
    """Rows nobody edits by hand: shown, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FileVersionInline(ReadOnlyMixin, admin.TabularInline):
    fields = FILE_FIELDS
    readonly_fields = FILE_FIELDS
    extra = 0


class FileVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["original_name", "version", "size", "mime_type", "uploaded_by", "uploaded_at"]
    list_filter = ["mime_type", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["uploaded_by"]


# --- Organisations and clusters ------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country", "city", "pic"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "city", "pic", "vat_number"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "coordinating_organisation"]
    list_filter = ["country"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["coordinating_organisation", "members"]
    list_select_related = ["coordinating_organisation"]


# --- Programmes, calls, exchange rates -----------------------------------------------------------


class FlatRateInline(admin.TabularInline):
    model = FlatRate
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "currency", "reporting_period_months", "report_due_days", "exchange_rate_rule"]
    list_filter = ["currency", "exchange_rate_rule"]
    search_fields = ["name", "code"]
    inlines = [FlatRateInline]


@admin.register(FlatRate)
class FlatRateAdmin(admin.ModelAdmin):
    list_display = ["programme", "category", "rate", "base"]
    list_filter = ["category", "programme"]
    list_select_related = ["programme"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["identifier", "title", "programme", "opens_on", "deadline", "co_financing_rate", "max_grant"]
    list_filter = ["programme"]
    search_fields = ["identifier", "title"]
    date_hierarchy = "deadline"
    list_select_related = ["programme"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "month", "rate", "source"]
    list_filter = ["currency", "source"]
    search_fields = ["currency", "source"]
    date_hierarchy = "month"


# --- Projects and consortium ---------------------------------------------------------------------


class PartnerInline(admin.TabularInline):
    model = Partner
    fields = ["organisation", "role", "budget_total"]
    readonly_fields = ["budget_total"]
    autocomplete_fields = ["organisation"]
    show_change_link = True  # budget lines are edited on the partner's own page
    extra = 0

    @admin.display(description="Budget total")
    def budget_total(self, partner):
        return partner.budget_total() if partner.pk else "—"


class WorkPackageInline(admin.TabularInline):
    model = WorkPackage
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ReportingPeriodInline(admin.TabularInline):
    model = ReportingPeriod
    extra = 0


class MembershipInline(admin.TabularInline):
    model = ProjectMembership
    autocomplete_fields = ["user", "organisation"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["acronym", "title", "cluster", "call", "status", "start_date", "end_date", "granted_amount"]
    list_filter = ["status", "cluster", "call__programme"]
    search_fields = ["acronym", "title", "summary", "funder_reference"]
    date_hierarchy = "start_date"
    list_select_related = ["cluster", "call"]
    autocomplete_fields = ["cluster", "call"]
    readonly_fields = ["status", "currency", "lead_partner", "total_budget", "requested_grant"]
    inlines = [PartnerInline, MembershipInline, WorkPackageInline, MilestoneInline, ReportingPeriodInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_budget_data()

    @admin.display(description="Currency")
    def currency(self, project):
        return project.currency or "—"

    @admin.display(description="Lead partner")
    def lead_partner(self, project):
        lead = project.lead_partner if project.pk else None
        return lead.organisation if lead else "—"

    @admin.display(description="Total budget")
    def total_budget(self, project):
        return project.total_budget() if project.pk else "—"

    @admin.display(description="Requested grant")
    def requested_grant(self, project):
        return project.requested_grant() if project.pk else "—"


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "project", "role", "budget_total"]
    list_filter = ["role", "project"]
    search_fields = ["organisation__name", "project__acronym"]
    autocomplete_fields = ["project", "organisation"]
    readonly_fields = ["budget_by_category", "budget_total"]
    inlines = [BudgetLineInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "project__call__programme")
            .prefetch_related("budget_lines", "project__call__programme__flat_rates")
        )

    @admin.display(description="Budget per category (flat rates computed)")
    def budget_by_category(self, partner):
        return ", ".join(f"{category}: {amount}" for category, amount in partner.budget_by_category().items()) or "—"

    @admin.display(description="Budget total")
    def budget_total(self, partner):
        return partner.budget_total()


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["partner", "category", "amount"]
    list_filter = ["category"]
    search_fields = ["partner__organisation__name", "partner__project__acronym"]
    list_select_related = ["partner__organisation", "partner__project"]
    autocomplete_fields = ["partner"]


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "organisation"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "user__last_name", "project__acronym"]
    list_select_related = ["user", "project", "organisation"]
    autocomplete_fields = ["user", "project", "organisation"]


# --- Work packages, deliverables, documents, indicators ------------------------------------------


@admin.register(WorkPackage)
class WorkPackageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "lead_partner"]
    list_filter = ["project"]
    search_fields = ["title", "project__acronym"]
    list_select_related = ["project", "lead_partner__organisation"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "project", "due_date", "achieved_on"]
    list_filter = ["project"]
    search_fields = ["code", "title"]
    list_select_related = ["project"]


class DeliverableFileInline(FileVersionInline):
    model = DeliverableFile


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "project", "responsible_partner", "due_date", "status", "latest_version"]
    list_filter = ["status", "dissemination_level", "type", "project"]
    search_fields = ["code", "title", "description"]
    list_select_related = ["project", "responsible_partner__organisation"]
    readonly_fields = ["status"]
    inlines = [DeliverableFileInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(latest_version=Max("versions__version"))

    @admin.display(description="Latest version", ordering="latest_version")
    def latest_version(self, deliverable):
        return deliverable.latest_version or "—"


@admin.register(DeliverableFile)
class DeliverableFileAdmin(FileVersionAdmin):
    list_display = ["deliverable", *FileVersionAdmin.list_display]
    list_select_related = ["deliverable", "uploaded_by"]


class ProjectDocumentFileInline(FileVersionInline):
    model = ProjectDocumentFile


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "partner"]
    list_filter = ["kind", "project"]
    search_fields = ["title", "project__acronym"]
    list_select_related = ["project", "partner__organisation"]
    inlines = [ProjectDocumentFileInline]


@admin.register(ProjectDocumentFile)
class ProjectDocumentFileAdmin(FileVersionAdmin):
    list_display = ["document", *FileVersionAdmin.list_display]
    list_select_related = ["document", "uploaded_by"]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "project", "unit", "baseline", "target"]
    list_filter = ["project"]
    search_fields = ["code", "name"]
    list_select_related = ["project"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "value"]
    list_filter = ["indicator__project"]
    list_select_related = ["indicator", "period__project"]


# --- Periods, reports, claims, expenses ----------------------------------------------------------


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["project", "number", "start_date", "end_date", "report_due_date"]
    list_filter = ["project"]
    search_fields = ["project__acronym"]
    list_select_related = ["project"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_final", "status"]
    list_filter = ["status", "is_final", "period__project"]
    search_fields = ["narrative", "deviations", "period__project__acronym"]
    list_select_related = ["period__project"]
    readonly_fields = ["status"]


class ExpenseInline(ReadOnlyMixin, admin.TabularInline):
    """Shown on the claim; edited on the expense's own page, through the same service as the API."""

    model = Expense
    fields = ["category", "description", "amount", "currency", "incurred_on", "invoice_number", "converted_amount"]
    readonly_fields = fields
    show_change_link = True
    extra = 0


@admin.register(PartnerClaim)
class PartnerClaimAdmin(admin.ModelAdmin):
    list_display = ["partner", "period", "status", "declared_total", "total"]
    list_filter = ["status", "partner__project"]
    search_fields = ["partner__organisation__name", "partner__project__acronym"]
    readonly_fields = ["status", "submitted_at", "declared_total", "total"]
    inlines = [ExpenseInline]

    def get_queryset(self, request):
        return partner_claim_list(user=request.user)

    @admin.display(description="Declared")
    def declared_total(self, claim):
        return claim_totals(claim).declared_total or "— (rates not frozen)"

    @admin.display(description="Total with flat rates")
    def total(self, claim):
        return claim_totals(claim).total or "— (rates not frozen)"


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ["description", "claim", "category", "amount", "currency", "incurred_on", "converted_amount"]
    list_filter = ["category", "currency", "claim__status"]
    search_fields = ["description", "invoice_number"]
    list_select_related = ["claim__partner__organisation", "claim__period__project"]
    readonly_fields = ["converted_amount", "exchange_rate", "rate_basis"]
    autocomplete_fields = ["claim"]

    def has_change_permission(self, request, obj=None):
        """Expenses of a submitted or certified claim are frozen."""
        frozen = obj is not None and obj.claim.status != PartnerClaim.Status.DRAFT
        return super().has_change_permission(request, obj) and not frozen

    def has_delete_permission(self, request, obj=None):
        frozen = obj is not None and obj.claim.status != PartnerClaim.Status.DRAFT
        return super().has_delete_permission(request, obj) and not frozen

    def save_model(self, request, obj, form, change):
        services.expense_save(actor=request.user, expense=obj)


@admin.register(SupportingDocument)
class SupportingDocumentAdmin(FileVersionAdmin):
    list_display = ["expense", *FileVersionAdmin.list_display]
    list_select_related = ["expense", "uploaded_by"]
