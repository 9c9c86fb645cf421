"""Organisations, clusters, programmes with their flat rates, calls and exchange rates."""

import re
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from common.errors import ServiceError
from projects import services
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


class RatesImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV: currency,month,rate (optionally source), or the InforEuro monthly download as it is"
    )
    month = forms.CharField(
        required=False,
        help_text="YYYY-MM: the month of a file that has no date per row (InforEuro's list of one month)",
    )
    source = forms.CharField(required=False, max_length=120, help_text="Where the file names none (default: InforEuro)")

    def clean_month(self):
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        match = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text)
        if not match:
            raise forms.ValidationError("Give the month as YYYY-MM, e.g. 2026-11.")
        return date(int(match[1]), int(match[2]), 1)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(DomainAdmin):
    list_display = ["currency", "month_label", "rate", "source"]
    list_filter = ["currency", "source"]
    search_fields = ["currency", "source"]
    date_hierarchy = "month"
    ordering = ["currency", "-month"]
    change_list_template = "admin/projects/exchangerate/change_list.html"

    @admin.display(description="Month", ordering="month")
    def month_label(self, rate):
        return f"{rate.month:%Y-%m}"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="projects_exchangerate_import"), *super().get_urls()]

    def import_view(self, request):
        """Import a month's rates from a CSV file through ``services.exchange_rates_import`` (as
        ``manage.py import_rates`` does): all or nothing, each bad line named on the form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RatesImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                counts = services.exchange_rates_import(
                    actor=request.user,
                    data=form.cleaned_data["file"].read(),
                    month=form.cleaned_data["month"],
                    source=form.cleaned_data["source"] or None,
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_error(None, ["Nothing imported.", *error.messages])
            else:
                self.message_user(
                    request,
                    f"{counts['added']} rates added, {counts['updated']} updated, {counts['unchanged']} unchanged.",
                    messages.SUCCESS,
                )
                return redirect("admin:projects_exchangerate_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import rates from CSV",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/projects/exchangerate/import.html", context)
