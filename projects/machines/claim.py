"""A partner claim: submitted (its rates frozen), then certified or returned by the coordinator."""

from collections.abc import Iterator

from django.utils import timezone

from projects import access
from projects.access import Role
from projects.conversion import claim_missing_rates
from projects.models import PartnerClaim
from projects.models.periods import ClaimStatus
from projects.services.claims import claim_freeze_rates, claim_unfreeze_rates
from workflows.registry import Context, Machine, Transition


def rates_available(claim: PartnerClaim, context: Context) -> Iterator[str]:
    for currency, month in claim_missing_rates(claim, timezone.localdate(context.at)):
        yield f"No exchange rate for {currency} in {month:%Y-%m}: add it under exchange rates before submitting."


def freeze_rates(claim: PartnerClaim, context: Context) -> None:
    claim.submitted_at = context.at
    claim_freeze_rates(claim=claim, submitted_on=timezone.localdate(context.at))


def unfreeze_rates(claim: PartnerClaim, context: Context) -> None:
    claim.submitted_at = None
    claim_unfreeze_rates(claim=claim)


MACHINE = Machine(
    name="partner_claim",
    label="Partner claim",
    model_label="projects.PartnerClaim",
    states=dict(ClaimStatus.choices),
    initial=ClaimStatus.DRAFT,
    roles_of=access.roles_towards,
    describe=lambda claim: f"The claim of {claim.partner.organisation} for period {claim.period.number}",
    transitions=(
        Transition(
            name="submit",
            label="Submit the claim",
            sources=("draft",),
            target="submitted",
            roles=frozenset({Role.OWN_PARTNER, Role.COORDINATOR}),  # the claiming partner's members
            guards=(rates_available,),
            effects=(freeze_rates,),
        ),
        Transition(
            name="certify",
            label="Certify the claim",
            sources=("submitted",),
            target="certified",
            roles=frozenset({Role.COORDINATOR}),
        ),
        Transition(
            name="return",
            label="Return the claim",
            sources=("submitted",),
            target="draft",
            roles=frozenset({Role.COORDINATOR}),
            comment_required=True,
            effects=(unfreeze_rates,),
        ),
    ),
)
