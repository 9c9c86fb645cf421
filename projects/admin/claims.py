"""Reporting periods, periodic reports, partner claims and their expenses with supporting documents."""

from django.contrib import admin

from projects.models import (
    Expense,
    PartnerClaim,
    PeriodicReport,
    ReportingPeriod,
    SupportingDocument,
)
from projects.selectors import claim_totals, partner_claim_list
from workflows.admin import WorkflowAdminMixin

from .base import DomainAdmin, FileVersionAdmin, FileVersionInline, TabularInline, money


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(DomainAdmin):
    list_display = ["project", "number", "start_date", "end_date", "report_due_date"]
    list_filter = ["project"]
    search_fields = ["project__acronym"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    date_hierarchy = "report_due_date"
    ordering = ["project__acronym", "number"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(WorkflowAdminMixin, DomainAdmin):
    """Created with its period; edited while open (a submitted report is frozen until verification returns it)."""

    list_display = ["period", "is_final", "status", "period__report_due_date"]
    list_filter = ["status", "is_final", "period__project"]
    search_fields = ["period__project__acronym", "narrative", "deviations"]
    list_select_related = ["period__project"]
    ordering = ["period__project__acronym", "period__number"]
    fields = ["period", "is_final", "status", "narrative", "deviations", "workflow_history"]
    readonly_fields = ["period", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        frozen = obj is not None and obj.status != PeriodicReport.Status.OPEN
        return not frozen and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


def _is_draft(claim: PartnerClaim | None) -> bool:
    return claim is not None and claim.status == PartnerClaim.Status.DRAFT


class ExpenseInline(TabularInline):
    """Editable while the claim is a draft; submitting it freezes the amounts and the conversion."""

    model = Expense
    fields = [
        "category",
        "description",
        "amount",
        "currency",
        "incurred_on",
        "invoice_number",
        "converted_amount",
        "exchange_rate",
        "rate_basis",
    ]
    readonly_fields = ["converted_amount", "exchange_rate", "rate_basis"]
    show_change_link = True  # the supporting documents are on the expense's page

    def has_add_permission(self, request, obj):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


@admin.register(PartnerClaim)
class PartnerClaimAdmin(WorkflowAdminMixin, DomainAdmin):
    """One claim per partner and period, created with them; here its expense items are kept."""

    list_display = [
        "period",
        "partner__organisation",
        "status",
        "declared",
        "flat_rates",
        "claimed",
        "submitted_at",
    ]
    list_filter = ["status", "partner__project"]
    search_fields = ["partner__organisation__name", "partner__project__acronym"]
    ordering = ["partner__project__acronym", "period__number", "partner__organisation__name"]
    readonly_fields = ["partner", "period", "status", "submitted_at", "declared", "flat_rates", "claimed"]
    fields = [*readonly_fields, "workflow_history"]
    inlines = [ExpenseInline]

    def get_queryset(self, request):
        # With the declared amounts summed per category. (A queryset that selects related rows itself
        # makes the changelist ignore list_select_related.)
        return partner_claim_list(user=request.user).select_related("period__project")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def _figure(claim, name):
        amount = getattr(claim_totals(claim), name)
        return "— (rates not frozen yet)" if amount is None else money(amount, claim.partner.project.currency)

    @admin.display(description="Declared")
    def declared(self, claim):
        return self._figure(claim, "declared_total")

    @admin.display(description="Flat rates")
    def flat_rates(self, claim):
        return self._figure(claim, "flat_rate_total")

    @admin.display(description="Total claimed")
    def claimed(self, claim):
        return self._figure(claim, "total")


class SupportingDocumentInline(FileVersionInline):
    model = SupportingDocument


@admin.register(Expense)
class ExpenseAdmin(DomainAdmin):
    list_display = [
        "description",
        "claim__partner__organisation",
        "claim__period",
        "category",
        "paid",
        "converted",
        "incurred_on",
        "claim__status",
    ]
    list_filter = ["category", "currency", "claim__status", "claim__partner__project"]
    search_fields = ["description", "invoice_number", "claim__partner__organisation__name"]
    list_select_related = [
        "claim__period__project",
        "claim__partner__organisation",
        "claim__partner__project__call__programme",
    ]
    autocomplete_fields = ["claim"]
    date_hierarchy = "incurred_on"
    ordering = ["-incurred_on", "-id"]
    readonly_fields = ["converted_amount", "exchange_rate", "rate_basis"]
    inlines = [SupportingDocumentInline]
    actions = None  # deleted one at a time, and only from a draft claim

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "claim":
            kwargs["queryset"] = PartnerClaim.objects.filter(status=PartnerClaim.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.claim)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or _is_draft(obj.claim)) and super().has_delete_permission(request, obj)

    @admin.display(description="Amount", ordering="amount")
    def paid(self, expense):
        return money(expense.amount, expense.currency)

    @admin.display(description="Converted", ordering="converted_amount")
    def converted(self, expense):
        return money(expense.converted_amount, expense.claim.partner.project.currency)


@admin.register(SupportingDocument)
class SupportingDocumentAdmin(FileVersionAdmin):
    fields = ["expense", *FileVersionAdmin.fields]
    list_display = ["expense__claim__partner__project", "expense", *FileVersionAdmin.list_display]
    list_filter = ["expense__claim__partner__project", *FileVersionAdmin.list_filter]
    search_fields = ["expense__description", "expense__invoice_number", *FileVersionAdmin.search_fields]
    list_select_related = ["expense__claim__partner__project", "uploaded_by"]
    ordering = ["-uploaded_at"]
