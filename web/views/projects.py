"""The projects list (filtered, sorted, paginated, exported as CSV) and a project's page.

The list reads ``projects.selectors.project_list`` through the API's own ``ProjectFilter`` and its search
and ordering fields, so the page and ``GET /api/projects/`` find the same projects for the same query. The
project page reads every section through the selectors scoped to the user: a partner sees its own
organisation's money and claims only, in the figures and in the history alike.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from common.api.files import streamed_response
from projects import selectors
from projects.access import Action, may
from projects.api.filters import ProjectFilter
from projects.api.views.consortium import ProjectViewSet
from projects.models import CostCategory, Deliverable, Partner, PeriodicReport, Project
from reporting.exports import csv_stream
from reporting.figures.wording import LOCALES
from reporting.selectors import indicators_achieved, project_history
from web import charts, lifecycle
from web.views.history import project_events
from web.views.transitions import transition_options
from workflows.services import verify_chain

PAGE_SIZE = 20
SORTABLE = ProjectViewSet.ordering_fields  # acronym, start_date, end_date, status, title: as the API sorts
SEARCHED = ProjectViewSet.search_fields

# --- The list ------------------------------------------------------------------------------------


def _stage_order() -> Case:
    """Stages sort in the order of the lifecycle (as the machine lists them), not alphabetically by code."""
    return Case(
        *[When(status=code, then=Value(index)) for index, code in enumerate(Project.Status.values)],
        output_field=IntegerField(),
    )


def _searched(queryset: QuerySet[Project], text: str) -> QuerySet[Project]:
    """Every word somewhere in the API's search fields (as DRF's SearchFilter reads ``?search=``)."""
    for word in text.replace(",", " ").split():
        anywhere = Q()
        for field in SEARCHED:
            anywhere |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(anywhere)
    return queryset


def _ordering(request: HttpRequest) -> str:
    requested = request.GET.get("ordering", "")
    return requested if requested.lstrip("-") in SORTABLE else "acronym"


def _filtered(request: HttpRequest) -> tuple[ProjectFilter, QuerySet[Project]]:
    """The user's projects with the list's filters, search and ordering applied."""
    filterset = ProjectFilter(request.GET, queryset=selectors.project_list(user=request.user))
    projects = _searched(filterset.qs, request.GET.get("search", "").strip())
    ordering = _ordering(request)
    if ordering.lstrip("-") == "status":
        return filterset, projects.order_by(
            _stage_order().desc() if ordering == "-status" else _stage_order(), "acronym"
        )
    return filterset, projects.order_by(ordering, "acronym")


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    sort: str  # "ascending", "descending" or "none", for aria-sort
    toggle: str  # the ordering a click on the header asks for


def _columns(ordering: str) -> list[Column]:
    labels = {
        "acronym": _("Acronym"),
        "title": _("Title"),
        "status": _("Stage"),
        "start_date": _("Start"),
        "end_date": _("End"),
    }
    columns = []
    for field, label in labels.items():
        sort = "ascending" if ordering == field else "descending" if ordering == f"-{field}" else "none"
        columns.append(Column(field, label, sort, f"-{field}" if sort == "ascending" else field))
    return columns


def _choices(projects: QuerySet[Project], user) -> dict:
    """What the filter form offers: the stages, and the clusters, calls and partner organisations of the
    user's own projects (not every one in the database)."""
    return {
        "stages": Project.Status.choices,
        "clusters": selectors.cluster_list(user=user).filter(projects__in=projects).distinct().order_by("name"),
        "calls": selectors.call_list(user=user).filter(projects__in=projects).distinct().order_by("identifier"),
        "organisations": selectors.organisation_list(user=user)
        .filter(partnerships__project__in=projects)
        .distinct()
        .order_by("name"),
    }


@login_required
@vary_on_headers("HX-Request")  # a cache must not answer a visit with the part htmx asked for
def project_index(request: HttpRequest) -> HttpResponse:
    filterset, projects = _filtered(request)
    ordering = _ordering(request)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav": "projects",
        "filterset": filterset,
        "page_obj": page,
        "projects": page.object_list,
        "columns": _columns(ordering),
        "ordering": ordering,
        "chosen": {key: request.GET.get(key, "") for key in ("status", "cluster", "call", "organisation", "search")},
        "filtered": any(request.GET.get(key) for key in ("status", "cluster", "call", "organisation", "search")),
        **_choices(selectors.project_list(user=request.user), request.user),
    }
    # The results alone for htmx's filtering; the whole page when htmx restores a pushed address from history.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "web/projects/list.html#results" if partial else "web/projects/list.html"
    return render(request, template, context)


EXPORT_COLUMNS = (
    "acronym",
    "title",
    "status",
    "cluster",
    "call",
    "start_date",
    "end_date",
    "total_budget",
    "requested_grant",
    "granted_amount",
    "currency",
)


@login_required
def project_export(request: HttpRequest) -> HttpResponse:
    """The list's rows — the same filters, search and order, every page — as CSV."""
    _filterset, projects = _filtered(request)
    rows = (
        (
            project.acronym,
            project.title,
            project.get_status_display(),
            project.cluster.name,
            project.call.identifier if project.call_id else "",
            project.start_date,
            project.end_date,
            project.total_budget(),
            project.requested_grant(),
            project.granted_amount,
            project.currency or "",
        )
        for project in projects
    )
    filename = f"projects-{timezone.localdate().isoformat()}.csv"
    return streamed_response(csv_stream(EXPORT_COLUMNS, rows), filename=filename, content_type="text/csv")


# --- A project's page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    """The transition log's verdict; how many entries the whole instance holds is not a project's business."""

    intact: bool
    broken_row: int | None
    problem: str


def _chain() -> Chain:
    _, broken, problem = verify_chain()
    return Chain(not problem, broken.pk if broken else None, problem)


@dataclass(frozen=True)
class Moment:
    """An item of the timeline: something that starts, ends or is due on ``day``."""

    day: date
    kind: str  # period, report, deliverable or milestone
    kind_label: str
    text: str
    link: str = ""
    done: bool = False
    overdue: bool = False


def _month(day: date) -> str:
    language = (get_language() or "en").split("-")[0]
    return format_date(day, format="LLLL y", locale=LOCALES.get(language, LOCALES["en"]))


def _timeline(periods, deliverables, milestones) -> list[tuple[str, list[Moment]]]:
    """Periods, deliverables and milestones by date, grouped by month: what is done, what is overdue."""
    today = timezone.localdate()
    moments = []
    for period in periods:
        numbers = {"number": period.number}
        moments.append(Moment(period.start_date, "period", _("Period"), _("Period %(number)s starts") % numbers))
        moments.append(Moment(period.end_date, "period", _("Period"), _("Period %(number)s ends") % numbers))
        report = period.report
        submitted = report.status != PeriodicReport.Status.OPEN
        moments.append(
            Moment(
                period.report_due_date,
                "report",
                _("Report"),
                _("Report for period %(number)s due") % numbers,
                link=reverse("web:periodic-report", args=[report.pk]),
                done=submitted,
                overdue=not submitted and period.report_due_date < today,
            )
        )
    for deliverable in deliverables:
        moments.append(
            Moment(
                deliverable.due_date,
                "deliverable",
                _("Deliverable"),
                f"{deliverable.code} {deliverable.title}",
                link=reverse("web:deliverable", args=[deliverable.pk]),
                done=deliverable.status in (Deliverable.Status.ACCEPTED, Deliverable.Status.WAIVED),
                overdue=deliverable.is_overdue,
            )
        )
    for milestone in milestones:
        moments.append(
            Moment(
                milestone.due_date,
                "milestone",
                _("Milestone"),
                f"{milestone.code} {milestone.title}",
                done=milestone.achieved_on is not None,
                overdue=milestone.is_overdue,
            )
        )
    moments.append(Moment(today, "today", "", _("Today")))
    months: dict[tuple[int, int], list[Moment]] = defaultdict(list)
    for moment in sorted(moments, key=lambda moment: moment.day):
        months[(moment.day.year, moment.day.month)].append(moment)
    return [(_month(date(year, month, 1)), items) for (year, month), items in months.items()]


def _budget(user, project: Project) -> dict:
    """Budget vs actual of the partners whose spending the user may see, as the API's budget answer."""
    figures = selectors.budget_vs_actual(
        partners=Partner.objects.filter(project=project) & selectors.money_partner_list(user=user)
    )
    totals = selectors.budget_totals(figures)
    categories = selectors.category_totals(figures)
    labels = dict(CostCategory.choices)
    return {
        "figures": [(item, [(labels[line.category], line) for line in item.categories]) for item in figures],
        "totals": totals,
        "several": len(figures) > 1,
        "own_only": len(figures) < len(project.partners.all()),
        "categories": [(labels[line.category], line) for line in categories],
        "partner_chart": charts.bar_chart(
            key="partners",
            title=_("Budget and declared costs per partner"),
            rows=[
                (item.partner.organisation.short_name or item.partner.organisation.name, item.totals)
                for item in figures
            ],
        ),
        "category_chart": charts.bar_chart(
            key="categories",
            title=_("Budget and declared costs per cost category"),
            rows=[(labels[line.category], line) for line in categories],
        ),
    }


@login_required
def project_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = get_object_or_404(selectors.project_list(user=user), pk=pk)

    history = project_history(project=project, user=user)
    own_log = [entry.log for entry in history if isinstance(entry.subject, Project)]

    deliverables = list(
        selectors.deliverable_list(user=user)
        .filter(project=project)
        .select_related("responsible_partner__organisation", "work_package")
    )
    work_packages = list(
        selectors.work_package_list(user=user).filter(project=project).select_related("lead_partner__organisation")
    )
    by_package = defaultdict(list)
    for deliverable in deliverables:
        by_package[deliverable.work_package_id].append(deliverable)
    milestones = list(selectors.milestone_list(user=user).filter(project=project))
    periods = list(selectors.reporting_period_list(user=user).filter(project=project).select_related("report"))
    claims = defaultdict(list)
    for claim in selectors.partner_claim_list(user=user).filter(partner__project=project):
        claims[claim.period_id].append((claim, selectors.claim_totals(claim)))

    context = {
        "nav": "projects",
        "project": project,
        "steps": lifecycle.steps(project, own_log),
        "next_steps": lifecycle.next_steps(project),
        "transitions": transition_options(project, user),
        "partners": selectors.partner_list(user=user).filter(project=project),
        "budget": _budget(user, project),
        "work_packages": [(package, by_package[package.pk]) for package in work_packages],
        "milestones": milestones,
        "periods": [(period, claims[period.pk]) for period in periods],
        "indicators": indicators_achieved(user=user, project=project),
        "timeline": _timeline(periods, deliverables, milestones),
        "events": project_events(history),
        "chain": _chain(),
        "reads_documents": may(user, Action.READ_DOCUMENTS, project),
        "today": timezone.localdate(),
    }
    return render(request, "web/projects/detail.html", context)


urlpatterns = [
    path("projects/", project_index, name="projects"),
    path("projects/export.csv", project_export, name="projects-export"),
    path("projects/<int:pk>/", project_page, name="project"),
]
