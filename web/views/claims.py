"""The claim page: a partner's expense lines for one period, their supporting documents, the running totals
against the budget, the pre-submission check and the claim's transitions.

Everything is read through ``partner_claim_list`` / ``expense_list`` (outside them a claim or a line is a
404) and written through the expense and file services; the pre-submission check is the ``submit``
transition's guards as ``transitions_available`` reports them, never a rule of its own.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from common.api.files import file_response
from common.errors import Invalid
from projects import selectors, services
from projects.codes import currency_choices
from projects.models import CostCategory, Expense, PartnerClaim
from web.context import posted_next
from web.views.transitions import TransitionOption, transition_options

TEMPLATE = "web/claims/claim.html"
SUBMIT = "submit"  # the claim machine's transition the pre-submission check is about


class ExpenseForm(forms.Form):
    """The shape of an expense line as a page asks for it; every rule is the model's and the service's."""

    incurred_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    category = forms.ChoiceField(label=gettext_lazy("Category"))
    description = forms.CharField(label=gettext_lazy("Description"), max_length=255)
    invoice_number = forms.CharField(label=gettext_lazy("Invoice number"), max_length=60, required=False)
    currency = forms.ChoiceField(label=gettext_lazy("Currency"))
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=14, decimal_places=2, widget=forms.NumberInput(attrs={"step": "0.01"})
    )

    def __init__(self, *args, categories: list[str], form_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *((c, CostCategory(c).label) for c in categories)]
        self.fields["currency"].choices = [(code, f"{code} · {name}") for code, name in currency_choices()]
        if form_id:  # the inputs sit in the table's cells, outside the <form> they belong to
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id

    def show_errors(self, error: ValidationError | Invalid) -> None:
        """The service's refusal next to the fields it names; anything else above the form."""
        if isinstance(error, Invalid):
            self.add_error(None, [error.message, *error.reasons])
            return
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, problems in error.error_dict.items():
            self.add_error(name if name in self.fields else None, problems)

    def describe_errors(self) -> None:
        """Each field with an error points at it (``aria-describedby``), so a screen reader reads it out."""
        invalid = [name for name in self.fields if name in self.errors]
        for name in invalid:
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[name].auto_id}-error"
        if invalid:  # where the user goes on, also after htmx swapped the table in
            self.fields[invalid[0]].widget.attrs["autofocus"] = True


def _categories(claim: PartnerClaim, line: Expense | None = None) -> list[str]:
    categories = claim.claimable_categories()
    if line is not None and line.category not in categories:  # a line written before a rule changed
        categories = [line.category, *categories]
    return categories


def _add_form(claim: PartnerClaim, data=None) -> ExpenseForm:
    return ExpenseForm(
        data,
        categories=_categories(claim),
        form_id="add-line",
        auto_id="new-%s",
        initial={"currency": claim.partner.project.currency},
    )


def _claim(request: HttpRequest, pk: int) -> PartnerClaim:
    return get_object_or_404(selectors.partner_claim_list(user=request.user), pk=pk)


def _lines(request: HttpRequest, claim: PartnerClaim) -> list[Expense]:
    lines = (
        selectors.expense_list(user=request.user)
        .filter(claim=claim)
        .order_by("incurred_on", "id")  # as the submit guards number them: "Line 3 …"
        .prefetch_related("documents__uploaded_by")
    )
    return list(lines)


@dataclass(frozen=True)
class Check:
    """The pre-submission check: the ``submit`` transition as ``transition_options`` gives it (None when the
    user may not submit this claim or it is not a draft)."""

    submit: TransitionOption | None
    over_budget: list[tuple[str, Decimal]]


def _context(request: HttpRequest, claim: PartnerClaim, *, form: ExpenseForm | None = None, **extra) -> dict:
    writable = services.expenses_writable(claim=claim, actor=request.user)
    lines = _lines(request, claim)
    figures = selectors.claim_category_figures(claim)
    options = transition_options(claim, request.user)
    submit = next((option for option in options if option.name == SUBMIT), None)
    programme = claim.partner.project.programme
    flat_rates = programme.flat_rate_categories if programme else set()
    return {
        "claim": claim,
        "project": claim.partner.project,
        "currency": claim.partner.project.currency,
        "lines": lines,
        "writable": writable,
        "form": (form or _add_form(claim)) if writable else None,
        "totals": selectors.claim_totals(claim),
        "figures": [(row, CostCategory(row.category).label, row.category in flat_rates) for row in figures]
        if figures is not None
        else None,
        "check": Check(
            submit=submit,
            over_budget=[
                (CostCategory(row.category).label, row.over_budget) for row in figures or [] if row.over_budget
            ],
        ),
        # A blocked submit is shown with its reasons in the check; the other options as every page shows them.
        "transitions": [option for option in options if option.name != SUBMIT or option.allowed],
        "frozen": claim.status != PartnerClaim.Status.DRAFT,
        "max_bytes": settings.FILE_UPLOAD_MAX_SIZE,
        "claim_url": reverse("web:claim", args=[claim.pk]),
        "nav": "projects",
        **extra,
    }


@login_required
def show(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    return render(request, TEMPLATE, _context(request, claim))


@login_required
def expense_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a line from the table's last row: the table again (htmx) or back to the page; a refused line
    comes back with the reasons next to its fields and nothing saved."""
    claim = _claim(request, pk)
    if request.method != "POST":
        return redirect("web:claim", pk=claim.pk)
    form = _add_form(claim, request.POST)
    if form.is_valid():
        try:
            line = services.expense_create(actor=request.user, data={"claim": claim, **form.cleaned_data})
        except (ValidationError, Invalid) as error:
            form.show_errors(error)
        else:
            if request.htmx:
                claim = _claim(request, pk)  # its totals again, with the new line
                context = _context(request, claim, added=line)
                return render(request, f"{TEMPLATE}#work", context)
            messages.success(request, _("Line “%(description)s” added.") % {"description": line.description})
            return redirect(f"{reverse('web:claim', args=[claim.pk])}#line-{line.pk}")
    form.describe_errors()
    context = _context(request, claim, form=form)
    return render(request, f"{TEMPLATE}#work" if request.htmx else TEMPLATE, context)


def _line(request: HttpRequest, pk: int) -> Expense:
    return get_object_or_404(selectors.expense_list(user=request.user).select_related("claim"), pk=pk)


@login_required
def expense(request: HttpRequest, pk: int) -> HttpResponse:
    """One line: its details and supporting document's versions; while the claim is open, the line's form,
    a new version of its document and deleting it."""
    line = _line(request, pk)
    claim = _claim(request, line.claim_id)
    writable = services.expenses_writable(claim=claim, actor=request.user)
    form = None
    if writable or request.method == "POST":  # a post to a line no longer writable: the service says why (409, 403)
        fields = ["incurred_on", "category", "description", "invoice_number", "currency", "amount"]
        form = ExpenseForm(
            request.POST if request.method == "POST" else None,
            categories=_categories(claim, line),
            initial={name: getattr(line, name) for name in fields},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.expense_update(actor=request.user, expense=_line(request, pk), data=form.cleaned_data)
            except (ValidationError, Invalid) as error:
                form.show_errors(error)
            else:
                messages.success(request, _("Line “%(description)s” saved.") % {"description": line.description})
                return redirect(f"{reverse('web:claim', args=[claim.pk])}#line-{line.pk}")
        form.describe_errors()
    context = {
        "line": line,
        "claim": claim,
        "project": claim.partner.project,
        "currency": claim.partner.project.currency,
        "versions": line.documents.select_related("uploaded_by").order_by("-version"),
        "form": form,
        "writable": writable,
        "max_bytes": settings.FILE_UPLOAD_MAX_SIZE,
        "nav": "projects",
    }
    return render(request, "web/claims/expense.html", context)


@login_required
@require_POST
def expense_delete(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    services.expense_delete(actor=request.user, expense=line)
    messages.success(request, _("Line “%(description)s” deleted.") % {"description": line.description})
    back = reverse("web:claim", args=[line.claim_id])
    return HttpResponseClientRedirect(back) if request.htmx else redirect(back)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the line's invoice or receipt (again: a new version), as the API's ``…/document/`` does; back
    to the page it was sent from, with what happened."""
    line = _line(request, pk)
    try:
        version = services.file_version_add(owner=line, upload=request.FILES.get("file"), actor=request.user)
    except Invalid as error:  # not a file the instance accepts: say why, on the page the user is on
        for text in [error.message, *error.reasons]:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(name)s attached to “%(description)s” as version %(version)s.")
            % {"name": version.original_name, "description": line.description, "version": version.version},
        )
    return redirect(posted_next(request) or f"{reverse('web:claim', args=[line.claim_id])}#line-{line.pk}")


@login_required
def document_download(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    """One version of the line's supporting document, with the API's access (whoever sees the line)."""
    line = _line(request, pk)
    stored = get_object_or_404(line.documents, version=version)
    # Translators: names a file in "The stored file of %(file)s is missing; ask the office to restore it …".
    what = _("the supporting document of expense %(expense)s (%(file)s, version %(version)s)") % {
        "expense": line.pk,
        "file": stored.original_name,
        "version": stored.version,
    }
    return file_response(stored, what=what)


urlpatterns = [
    path("claims/<int:pk>/", show, name="claim"),
    path("claims/<int:pk>/expenses/", expense_add, name="claim-expense-add"),
    path("expenses/<int:pk>/", expense, name="expense"),
    path("expenses/<int:pk>/delete/", expense_delete, name="expense-delete"),
    path("expenses/<int:pk>/document/", document_add, name="expense-document"),
    path("expenses/<int:pk>/document/<int:version>/", document_download, name="expense-document-download"),
]
