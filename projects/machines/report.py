"""A periodic report: submitted by the coordinator once every claim is certified, verified by staff."""

from collections.abc import Iterator

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects import access
from projects.access import Role
from projects.models import PeriodicReport
from projects.models.periods import ClaimStatus, PeriodicReportStatus
from workflows.registry import Context, Machine, Transition


def claims_certified(report: PeriodicReport, context: Context) -> Iterator[str]:
    """Every funded partner's claim for the period is certified."""
    for claim in report.period.claims.select_related("partner__organisation").exclude(status=ClaimStatus.CERTIFIED):
        status = claim.get_status_display().lower()
        yield gettext("The claim of %(partner)s for period %(number)s is %(status)s, not certified.") % {
            "partner": claim.partner.organisation,
            "number": report.period.number,
            "status": status,
        }


MACHINE = Machine(
    name="periodic_report",
    label=_("Periodic report"),
    model_label="projects.PeriodicReport",
    states=dict(PeriodicReportStatus.choices),
    initial=PeriodicReportStatus.OPEN,
    roles_of=access.roles_towards,
    describe=lambda report: gettext("The report for period %(number)s") % {"number": report.period.number},
    transitions=(
        Transition(
            name="submit",
            label=_("Submit the report"),
            sources=("open",),
            target="submitted",
            roles=frozenset({Role.COORDINATOR}),
            guards=(claims_certified,),
        ),
        Transition(
            name="start_verification",
            label=_("Start verification"),
            sources=("submitted",),
            target="under_verification",
            roles=frozenset({Role.STAFF}),
        ),
        Transition(
            name="approve",
            label=_("Approve the report"),
            sources=("under_verification",),
            target="approved",
            roles=frozenset({Role.STAFF}),
        ),
        Transition(
            name="return",
            label=_("Return the report"),
            sources=("under_verification",),
            target="open",
            roles=frozenset({Role.STAFF}),
            comment_required=True,
        ),
    ),
)
