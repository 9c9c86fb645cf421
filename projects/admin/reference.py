"""Organisations, clusters, programmes with their flat rates, calls and exchange rates."""

from django.contrib import admin
from django.db import models
from django.db.models import Count

from projects.models import (
    Call,
    Cluster,
    ExchangeRate,
    FlatRate,
    Organisation,
    Programme,
    Project,
)

from .base import DomainAdmin, ReadOnlyMixin, TabularInline, money


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
    list_display = [
        "name",
        "code",
        "currency",
        "reporting_period_months",
        "report_due_days",
        "exchange_rate_rule",
        "unbudgeted_categories_allowed",
        "supporting_documents_required",
    ]
    list_filter = ["currency", "exchange_rate_rule", "unbudgeted_categories_allowed", "supporting_documents_required"]
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
