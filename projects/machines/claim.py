"""A partner claim: submitted (its rates frozen), then certified or returned by the coordinator."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects import access
from projects.access import Role
from projects.conversion import claim_missing_rates
from projects.models import Expense, PartnerClaim, Programme
from projects.models.periods import ClaimStatus
from projects.services.claims import claim_freeze_rates, claim_unfreeze_rates
from workflows.registry import Context, Machine, Transition


def rates_available(claim: PartnerClaim, context: Context) -> Iterator[str]:
    """Each rate the claim's lines need and lack, where it is published and who can add it (staff: the
    access policy's ``EDIT_REFERENCE_DATA``)."""
    source = Programme.ExchangeRateRule(claim.partner.project.programme.exchange_rate_rule).source
    for currency, month in claim_missing_rates(claim, timezone.localdate(context.at)):
        yield gettext(
            "No exchange rate for %(currency)s in %(month)s (%(source)s): the cluster office's staff can add it "
            "under Exchange rates or import the month's CSV."
        ) % {"currency": currency, "month": f"{month:%Y-%m}", "source": source}


def _numbered_lines(claim: PartnerClaim) -> Iterator[tuple[int, Expense]]:
    """The claim's lines as the claim lists them (by date), numbered from 1 so a reason can point at one."""
    lines = claim.expenses.order_by("incurred_on", "id").prefetch_related("documents")
    yield from enumerate(lines, start=1)


def lines_eligible(claim: PartnerClaim, context: Context) -> Iterator[str]:
    """Lines written before a rule applied, or whose project dates or budget changed since, are refused
    here with what is wrong (``Expense.ineligibility``)."""
    for number, line in _numbered_lines(claim):
        for problem in line.ineligibility().values():
            yield gettext("%(line)s: %(problem)s") % {"line": line.summary(number), "problem": problem}


def documents_attached(claim: PartnerClaim, context: Context) -> Iterator[str]:
    """One reason per line without its invoice or receipt, unless the programme does not ask for them."""
    programme = claim.partner.project.programme
    if programme and not programme.supporting_documents_required:
        return
    for number, line in _numbered_lines(claim):
        if not line.documents.all():
            yield gettext("%(line)s has no supporting document.") % {"line": line.summary(number)}


def freeze_rates(claim: PartnerClaim, context: Context) -> None:
    claim.submitted_at = context.at
    claim_freeze_rates(claim=claim, submitted_on=timezone.localdate(context.at))


def unfreeze_rates(claim: PartnerClaim, context: Context) -> None:
    claim.submitted_at = None
    claim_unfreeze_rates(claim=claim)


MACHINE = Machine(
    name="partner_claim",
    label=_("Partner claim"),
    model_label="projects.PartnerClaim",
    states=dict(ClaimStatus.choices),
    initial=ClaimStatus.DRAFT,
    roles_of=access.roles_towards,
    describe=lambda claim: (
        gettext("The claim of %(partner)s for period %(number)s")
        % {"partner": claim.partner.organisation, "number": claim.period.number}
    ),
    transitions=(
        Transition(
            name="submit",
            label=_("Submit the claim"),
            sources=("draft",),
            target="submitted",
            roles=frozenset({Role.OWN_PARTNER, Role.COORDINATOR}),  # the claiming partner's members
            guards=(lines_eligible, documents_attached, rates_available),
            effects=(freeze_rates,),
        ),
        Transition(
            name="certify",
            label=_("Certify the claim"),
            sources=("submitted",),
            target="certified",
            roles=frozenset({Role.COORDINATOR}),
        ),
        Transition(
            name="return",
            label=_("Return the claim"),
            sources=("submitted",),
            target="draft",
            roles=frozenset({Role.COORDINATOR}),
            comment_required=True,
            effects=(unfreeze_rates,),
        ),
    ),
)
