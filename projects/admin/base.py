"""What every admin page of the domain shares: rows saved and deleted through the services (so the access
policy, the models' rules and the services' side effects apply here as in the API), read-only stored
files, amounts with their currency."""

from decimal import Decimal

from django.contrib import admin
from django.db.models import Max
from django.template.defaultfilters import filesizeformat

from projects import services
from projects.models import (
    Deliverable,
    Expense,
    Partner,
    PartnerClaim,
    PeriodicReport,
    ReportingPeriod,
)

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
        services.record_save(instance=obj, actor=actor)


def _delete(obj, *, actor) -> None:
    if isinstance(obj, Expense):
        services.expense_delete(actor=actor, expense=obj)
    elif isinstance(obj, Deliverable):
        services.deliverable_delete(actor=actor, deliverable=obj)
    else:
        services.record_delete(instance=obj, actor=actor)


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


class LatestVersionMixin:
    """The number of the owner's latest stored file version, as a column."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(latest_version=Max("versions__version"))

    @admin.display(description="Latest version", ordering="latest_version")
    def latest_version(self, owner):
        return owner.latest_version or "—"
