"""The periodic report page: the period's narrative and deviations, its claims and deliverables at a glance,
submit and the staff's verification steps, and the report's history.

Reads through the selectors (a report outside the user's projects is a 404; a partner sees only its own
organisation's claims), writes through ``periodic_report_update`` and the transition service: whether the
narrative may be written now is the service's decision (``periodic_report_editable``).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import Conflict
from projects import selectors, services
from projects.models import PeriodicReport
from web.views.history import object_events
from web.views.transitions import transition_options


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=gettext_lazy("Narrative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("What the project did in the period: activities, results, who took part."),
    )
    deviations = forms.CharField(
        label=gettext_lazy("Deviations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What went otherwise than planned, why, and what the project does about it."),
    )


def _report(request: HttpRequest, pk: int) -> PeriodicReport:
    reports = selectors.periodic_report_list(user=request.user).select_related("period__project__call__programme")
    return get_object_or_404(reports, pk=pk)


def _claims(request: HttpRequest, report: PeriodicReport) -> list[dict]:
    """The period's claims the user may see (a partner: its own), each with its totals."""
    claims = selectors.partner_claim_list(user=request.user).filter(period=report.period)
    return [{"claim": claim, "totals": selectors.claim_totals(claim)} for claim in claims]


def _period_totals(request: HttpRequest, report: PeriodicReport) -> selectors.CategoryFigures:
    """Declared (submitted and certified claims) and certified in the period, over the partners the user may see
    the money of: the budget figures' own sums."""
    partners = selectors.money_partner_list(user=request.user).filter(project=report.period.project_id)
    return selectors.budget_totals(selectors.budget_vs_actual(partners=partners, period=report.period))


def _page(
    request: HttpRequest,
    report: PeriodicReport,
    form: NarrativeForm | None,
    status: int = 200,
    unsaved: dict | None = None,
) -> HttpResponse:
    period = report.period
    project = period.project
    editable = services.periodic_report_editable(report=report, actor=request.user)
    if editable and form is None:
        form = NarrativeForm(initial={"narrative": report.narrative, "deviations": report.deviations})
    deliverables = (
        selectors.deliverable_list(user=request.user)
        .filter(project=project, due_date__gte=period.start_date, due_date__lte=period.end_date)
        .select_related("responsible_partner__organisation")
        .order_by("due_date", "code")
    )
    context = {
        "nav": "projects",
        "report": report,
        "period": period,
        "project": project,
        "currency": project.currency or "",
        "form": form if editable else None,
        "claims": _claims(request, report),
        "period_totals": _period_totals(request, report),
        "deliverables": deliverables,
        "transitions": transition_options(report, request.user),
        "history": object_events(report),
        "unsaved": unsaved,
    }
    return render(request, "web/periodic_reports/show.html", context, status=status)


@login_required
def show(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    if request.method != "POST":
        return _page(request, report, None)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        return _page(request, report, form, status=400)
    try:
        services.periodic_report_update(actor=request.user, report=report, data=form.cleaned_data)
    except Conflict as error:  # submitted meanwhile: the report as it is now, read-only, and the text not saved
        messages.warning(request, error.message)
        return _page(request, _report(request, pk), None, status=409, unsaved=form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _page(request, _report(request, pk), form, status=400)
    messages.success(request, _("The narrative and deviations are saved."))
    return redirect("web:periodic-report", pk=report.pk)


urlpatterns = [path("periodic-reports/<int:pk>/", show, name="periodic-report")]
