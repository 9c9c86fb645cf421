"""The admin: the cluster office looks after every row of the domain here.

Statuses are read-only: only the workflow's transitions change them (offered as admin actions by
``WorkflowAdminMixin``, through the same transition service as the API). Stored file versions are
read-only for everyone: a new upload is a new version, nothing is overwritten or deleted. Rows that
have a service in ``projects.services`` are saved through it, as from the API, so a frozen claim
stays frozen and a new partner or period gets its claims and report here too.
"""

from decimal import Decimal

from django.contrib import admin
from django.db import models
from django.db.models import Count, Max
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html_join

from projects import services
from projects.models import (
    BudgetLine,
    Call,
    Cluster,
    CostCategory,
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
from workflows.admin import WorkflowAdminMixin

# What a model's __str__ reads from its relations: loaded with a select's choices, not once per option.
LABEL_RELATIONS = {
    Partner: ["organisation", "project"],
    ReportingPeriod: ["project"],
    PartnerClaim: ["partner__organisation", "partner__project", "period__project"],
}


def money(amount: Decimal | None, currency: str | None) -> str:
    """An amount with its currency where it is known: ``13500.00 EUR``."""
    if amount is None:
        return "—"
    return f"{amount} {currency}" if currency else str(amount)


def _save(obj, *, actor) -> None:
    """Save through the service the API uses where there is one, so its rules and side effects apply here too."""
    if isinstance(obj, Expense):
        services.expense_save(actor=actor, expense=obj)  # only in a draft claim; priced in the grant's currency
    elif isinstance(obj, PeriodicReport):
        services.periodic_report_update(actor=actor, report=obj, data={})  # the form has set the fields
    elif obj._state.adding and isinstance(obj, Partner | ReportingPeriod):
        # A new partner gets a claim for every period; a new period its report and every partner's claim.
        create = services.partner_create if isinstance(obj, Partner) else services.reporting_period_create
        # Ids, not the page's instances: the service must not read their stale prefetched partners.
        data = {
            field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields if not field.primary_key
        }
        created = create(actor=actor, data=data)
        obj.pk, obj._state.adding, obj._state.db = created.pk, False, created._state.db
    else:
        obj.save()


def _delete(obj, *, actor) -> None:
    if isinstance(obj, Expense):
        services.expense_delete(actor=actor, expense=obj)
    elif isinstance(obj, Deliverable):
        services.deliverable_delete(actor=actor, deliverable=obj)
    else:
        obj.delete()


class RelatedLabelsMixin:
    """Foreign-key fields load what their options' labels read (see ``LABEL_RELATIONS``)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model in LABEL_RELATIONS:
            field.queryset = field.queryset.select_related(*LABEL_RELATIONS[db_field.related_model])
        return field


class DomainAdmin(RelatedLabelsMixin, admin.ModelAdmin):
    """Saves and deletes rows, inline ones included, through ``_save`` and ``_delete``."""

    def save_model(self, request, obj, form, change):
        _save(obj, actor=request.user)

    def delete_model(self, request, obj):
        _delete(obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            _save(obj, actor=request.user)
        for obj in formset.deleted_objects:
            _delete(obj, actor=request.user)
        formset.save_m2m()


class TabularInline(RelatedLabelsMixin, admin.TabularInline):
    extra = 0


class ReadOnlyMixin:
    """Shown to everyone who may view it; added, changed and deleted by nobody."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FileVersionMixin(ReadOnlyMixin):
    """A stored file version. The file itself is downloaded through the API's permission-checked views."""

    fields = ["version", "original_name", "file_size", "mime_type", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description="Size", ordering="size")
    def file_size(self, version):
        return filesizeformat(version.size)


class FileVersionInline(FileVersionMixin, TabularInline):
    pass


class FileVersionAdmin(FileVersionMixin, DomainAdmin):
    list_display = ["version", "original_name", "file_size", "mime_type", "uploaded_by", "uploaded_at"]
    list_filter = ["mime_type"]
    search_fields = ["original_name", "sha256"]
    date_hierarchy = "uploaded_at"


# --- Organisations and clusters ------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(DomainAdmin):
    list_display = ["name", "short_name", "kind", "country", "city", "pic"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "city", "vat_number", "pic"]
    ordering = ["name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Cluster)
class ClusterAdmin(DomainAdmin):
    list_display = ["name", "country", "coordinating_organisation", "member_count"]
    list_filter = ["country"]
    search_fields = ["name", "description", "coordinating_organisation__name"]
    list_select_related = ["coordinating_organisation"]
    autocomplete_fields = ["coordinating_organisation", "members"]
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description="Members", ordering="member_count")
    def member_count(self, cluster):
        return cluster.member_count


# --- Programmes, calls, exchange rates -----------------------------------------------------------


class FlatRateInline(TabularInline):
    model = FlatRate


@admin.register(Programme)
class ProgrammeAdmin(DomainAdmin):
    list_display = ["name", "code", "currency", "reporting_period_months", "report_due_days", "exchange_rate_rule"]
    list_filter = ["currency", "exchange_rate_rule"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    ordering = ["name"]
    inlines = [FlatRateInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # FlatRate.clean reads the programme's other flat rates: save it first


@admin.register(FlatRate)
class FlatRateAdmin(DomainAdmin):
    list_display = ["programme", "category", "rate_percent", "base"]
    list_filter = ["category", "programme"]
    search_fields = ["programme__name", "programme__code", "category"]
    list_select_related = ["programme"]
    ordering = ["programme__name", "category"]

    def has_add_permission(self, request):
        return False  # added on the programme's page: FlatRate.clean fails without a programme

    @admin.display(description="Rate", ordering="rate")
    def rate_percent(self, flat_rate):
        return f"{flat_rate.rate} %"


class ProjectOfCallInline(ReadOnlyMixin, TabularInline):
    """The projects applying under the call; edited on their own pages."""

    model = Project
    fields = ["acronym", "title", "status", "start_date", "end_date"]
    show_change_link = True
    verbose_name_plural = "projects under this call"


@admin.register(Call)
class CallAdmin(DomainAdmin):
    list_display = ["identifier", "title", "programme", "opens_on", "deadline", "co_financing", "max_grant_amount"]
    list_filter = ["programme"]
    search_fields = ["identifier", "title", "programme__name"]
    list_select_related = ["programme"]
    date_hierarchy = "deadline"
    ordering = ["-deadline"]
    inlines = [ProjectOfCallInline]

    @admin.display(description="Co-financing", ordering="co_financing_rate")
    def co_financing(self, call):
        return f"{call.co_financing_rate} %"

    @admin.display(description="Maximum grant", ordering="max_grant")
    def max_grant_amount(self, call):
        return money(call.max_grant, call.programme.currency)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(DomainAdmin):
    list_display = ["currency", "month_label", "rate", "source"]
    list_filter = ["currency", "source"]
    search_fields = ["currency", "source"]
    date_hierarchy = "month"
    ordering = ["currency", "-month"]

    @admin.display(description="Month", ordering="month")
    def month_label(self, rate):
        return f"{rate.month:%Y-%m}"


# --- Projects and their consortium ---------------------------------------------------------------


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


# --- Work packages, deliverables, documents, indicators ------------------------------------------


@admin.register(WorkPackage)
class WorkPackageAdmin(DomainAdmin):
    list_display = ["project", "number", "title", "lead_partner__organisation"]
    list_filter = ["project"]
    search_fields = ["title", "project__acronym"]
    list_select_related = ["project", "lead_partner__organisation"]
    autocomplete_fields = ["project", "lead_partner"]
    ordering = ["project__acronym", "number"]


@admin.register(Milestone)
class MilestoneAdmin(DomainAdmin):
    list_display = ["project", "code", "title", "due_date", "achieved_on"]
    list_filter = ["project", "due_date", "achieved_on"]
    search_fields = ["code", "title", "project__acronym"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    date_hierarchy = "due_date"
    ordering = ["project__acronym", "due_date", "code"]


class DeliverableFileInline(FileVersionInline):
    model = DeliverableFile


@admin.register(Deliverable)
class DeliverableAdmin(WorkflowAdminMixin, DomainAdmin):
    list_display = [
        "project",
        "code",
        "title",
        "work_package",
        "responsible_partner__organisation",
        "due_date",
        "status",
        "latest_version",
    ]
    list_filter = ["status", "dissemination_level", "type", "project"]
    search_fields = ["code", "title", "description", "project__acronym"]
    list_select_related = ["project", "work_package", "responsible_partner__organisation"]
    autocomplete_fields = ["project", "work_package", "responsible_partner"]
    date_hierarchy = "due_date"
    ordering = ["project__acronym", "due_date", "code"]
    readonly_fields = ["status"]
    inlines = [DeliverableFileInline]
    actions = None  # no bulk delete: one at a time, and only while planned (the transitions stay)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(latest_version=Max("versions__version"))

    def has_delete_permission(self, request, obj=None):
        planned = obj is None or obj.status == Deliverable.Status.PLANNED
        return planned and super().has_delete_permission(request, obj)

    @admin.display(description="Latest version", ordering="latest_version")
    def latest_version(self, deliverable):
        return deliverable.latest_version or "—"


@admin.register(DeliverableFile)
class DeliverableFileAdmin(FileVersionAdmin):
    fields = ["deliverable", *FileVersionAdmin.fields]
    list_display = ["deliverable__project", "deliverable", *FileVersionAdmin.list_display]
    list_filter = ["deliverable__project", *FileVersionAdmin.list_filter]
    search_fields = ["deliverable__code", "deliverable__project__acronym", *FileVersionAdmin.search_fields]
    list_select_related = ["deliverable__project", "uploaded_by"]
    ordering = ["deliverable__project__acronym", "deliverable__code", "-version"]


class ProjectDocumentFileInline(FileVersionInline):
    model = ProjectDocumentFile


@admin.register(ProjectDocument)
class ProjectDocumentAdmin(DomainAdmin):
    list_display = ["project", "title", "kind", "partner__organisation", "latest_version"]
    list_filter = ["kind", "project"]
    search_fields = ["title", "project__acronym", "partner__organisation__name"]
    list_select_related = ["project", "partner__organisation"]
    autocomplete_fields = ["project", "partner"]
    ordering = ["project__acronym", "kind", "title"]
    inlines = [ProjectDocumentFileInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(latest_version=Max("versions__version"))

    @admin.display(description="Latest version", ordering="latest_version")
    def latest_version(self, document):
        return document.latest_version or "—"


@admin.register(ProjectDocumentFile)
class ProjectDocumentFileAdmin(FileVersionAdmin):
    fields = ["document", *FileVersionAdmin.fields]
    list_display = ["document__project", "document", *FileVersionAdmin.list_display]
    list_filter = ["document__kind", "document__project", *FileVersionAdmin.list_filter]
    search_fields = ["document__title", "document__project__acronym", *FileVersionAdmin.search_fields]
    list_select_related = ["document__project", "uploaded_by"]
    ordering = ["document__project__acronym", "document__title", "-version"]


class IndicatorValueInline(TabularInline):
    model = IndicatorValue
    autocomplete_fields = ["period"]


@admin.register(Indicator)
class IndicatorAdmin(DomainAdmin):
    list_display = ["project", "code", "name", "unit", "baseline", "target"]
    list_filter = ["project"]
    search_fields = ["code", "name", "project__acronym"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]
    ordering = ["project__acronym", "code"]
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(DomainAdmin):
    list_display = ["indicator", "period", "value", "indicator__target"]
    list_filter = ["indicator__project"]
    search_fields = ["indicator__code", "indicator__name", "indicator__project__acronym", "note"]
    list_select_related = ["indicator", "period__project"]
    autocomplete_fields = ["indicator", "period"]
    ordering = ["indicator__project__acronym", "indicator__code", "period__number"]


# --- Periods, reports, claims, expenses ----------------------------------------------------------


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
