"""Filters a coordinator needs on each list: by every foreign key shown, by status, by date and amount."""

import django_filters as filters

from common.api.filters import AwareDateTimeFilter, FilterSet, IdFilter, MonthFilter
from projects.models import (
    Call,
    Cluster,
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
    ProjectMembership,
    ReportingPeriod,
    WorkPackage,
)


class OrganisationFilter(FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind", "country", "city"]


class ClusterFilter(FilterSet):
    member = IdFilter(field_name="members", label="Member organisation id")

    class Meta:
        model = Cluster
        fields = ["country", "coordinating_organisation"]


class ProgrammeFilter(FilterSet):
    class Meta:
        model = Programme
        fields = ["currency", "exchange_rate_rule"]


class CallFilter(FilterSet):
    open_on = filters.DateFilter(method="filter_open_on", label="Open on this date (opened, deadline not passed)")
    deadline_after = AwareDateTimeFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = AwareDateTimeFilter(field_name="deadline", lookup_expr="lte")

    class Meta:
        model = Call
        fields = ["programme"]

    def filter_open_on(self, queryset, name, value):
        return queryset.filter(opens_on__lte=value, deadline__date__gte=value)


class ExchangeRateFilter(FilterSet):
    month = MonthFilter(label="Month, YYYY-MM")

    class Meta:
        model = ExchangeRate
        fields = ["currency", "source"]


class ProjectFilter(FilterSet):
    programme = IdFilter(field_name="call__programme", label="Programme id")
    lead_organisation = IdFilter(method="filter_lead_organisation", label="Lead organisation id")
    organisation = IdFilter(method="filter_organisation", label="Partner organisation id")
    status = filters.MultipleChoiceFilter(choices=Project.Status.choices)
    starts_after = filters.DateFilter(field_name="start_date", lookup_expr="gte")
    starts_before = filters.DateFilter(field_name="start_date", lookup_expr="lte")
    ends_after = filters.DateFilter(field_name="end_date", lookup_expr="gte")
    ends_before = filters.DateFilter(field_name="end_date", lookup_expr="lte")

    class Meta:
        model = Project
        fields = ["cluster", "call"]

    def filter_lead_organisation(self, queryset, name, value):
        leads = Partner.objects.filter(role=Partner.Role.LEAD, organisation=value)
        return queryset.filter(id__in=leads.values("project_id"))

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(id__in=Partner.objects.filter(organisation=value).values("project_id"))


class PartnerFilter(FilterSet):
    class Meta:
        model = Partner
        fields = ["project", "organisation", "role"]


class MembershipFilter(FilterSet):
    class Meta:
        model = ProjectMembership
        fields = ["project", "user", "role", "organisation"]


class WorkPackageFilter(FilterSet):
    class Meta:
        model = WorkPackage
        fields = ["project", "lead_partner"]


class DeliverableFilter(FilterSet):
    status = filters.MultipleChoiceFilter(choices=Deliverable.Status.choices)
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte")
    overdue = filters.BooleanFilter(method="filter_overdue", label="Past due and not yet submitted")
    organisation = IdFilter(field_name="responsible_partner__organisation", label="Organisation id")

    class Meta:
        model = Deliverable
        fields = ["project", "work_package", "responsible_partner", "dissemination_level", "type"]

    def filter_overdue(self, queryset, name, value):
        overdue = Deliverable.objects.overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class MilestoneFilter(FilterSet):
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte")
    achieved = filters.BooleanFilter(field_name="achieved_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Milestone
        fields = ["project"]


class ReportingPeriodFilter(FilterSet):
    class Meta:
        model = ReportingPeriod
        fields = ["project", "number"]


class PeriodicReportFilter(FilterSet):
    project = IdFilter(field_name="period__project", label="Project id")
    status = filters.MultipleChoiceFilter(choices=PeriodicReport.Status.choices)

    class Meta:
        model = PeriodicReport
        fields = ["period", "is_final"]


class IndicatorFilter(FilterSet):
    class Meta:
        model = Indicator
        fields = ["project"]


class IndicatorValueFilter(FilterSet):
    project = IdFilter(field_name="indicator__project", label="Project id")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period"]


class ProjectDocumentFilter(FilterSet):
    class Meta:
        model = ProjectDocument
        fields = ["project", "kind", "partner"]


class PartnerClaimFilter(FilterSet):
    project = IdFilter(field_name="partner__project", label="Project id")
    organisation = IdFilter(field_name="partner__organisation", label="Organisation id")
    status = filters.MultipleChoiceFilter(choices=PartnerClaim.Status.choices)

    class Meta:
        model = PartnerClaim
        fields = ["partner", "period"]


class ExpenseFilter(FilterSet):
    partner = IdFilter(field_name="claim__partner", label="Partner id")
    period = IdFilter(field_name="claim__period", label="Reporting period id")
    project = IdFilter(field_name="claim__partner__project", label="Project id")
    incurred_after = filters.DateFilter(field_name="incurred_on", lookup_expr="gte")
    incurred_before = filters.DateFilter(field_name="incurred_on", lookup_expr="lte")
    amount_min = filters.NumberFilter(field_name="amount", lookup_expr="gte", max_digits=14, decimal_places=2)
    amount_max = filters.NumberFilter(field_name="amount", lookup_expr="lte", max_digits=14, decimal_places=2)
    status = filters.ChoiceFilter(field_name="claim__status", choices=PartnerClaim.Status.choices, label="Claim status")

    class Meta:
        model = Expense
        fields = ["claim", "category", "currency"]
