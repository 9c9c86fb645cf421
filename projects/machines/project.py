"""The project's lifecycle, from proposal to closure (DESIGN.md, "Workflows: Project")."""

from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from projects import access, services
from projects.access import Role
from projects.models import Project, ProjectDocument
from projects.models.delivery import DeliverableStatus
from projects.models.periods import PeriodicReportStatus
from projects.models.projects import ProjectStatus
from workflows.registry import Context, Machine, PayloadField, PayloadKind, Transition


def proposal_complete(project: Project, context: Context) -> Iterator[str]:
    """The proposal has an acronym, a title, a summary, a call and a lead partner."""
    missing = [
        ("acronym", gettext("The proposal needs an acronym.")),
        ("title", gettext("The proposal needs a title.")),
        ("summary", gettext("The proposal needs a summary.")),
    ]
    for field, reason in missing:
        if not getattr(project, field).strip():
            yield reason
    if not project.call_id:
        yield gettext("Choose the call the proposal answers.")
    if project.lead_partner is None:
        yield gettext("Name the lead partner.")


def consortium_complete(project: Project, context: Context) -> Iterator[str]:
    """At least two partners, a lead, a budget for every funded partner and a signed mandate for each."""
    partners = list(project.partners.select_related("organisation").prefetch_related("budget_lines"))
    if len(partners) < 2:
        yield ngettext(
            "The consortium has %(count)d partner(s); an application needs at least %(minimum)d.",
            "The consortium has %(count)d partner(s); an application needs at least %(minimum)d.",
            len(partners),
        ) % {"count": len(partners), "minimum": 2}
    if not any(partner.role == partner.Role.LEAD for partner in partners):
        yield gettext("The consortium has no lead partner.")
    for partner in partners:
        if partner.is_funded and not partner.budget_lines.all():
            yield gettext("%(partner)s has no budget.") % {"partner": partner.organisation}
    mandated = set(
        ProjectDocument.objects.filter(
            project=project, kind=ProjectDocument.Kind.PARTNERSHIP_MANDATE, versions__isnull=False
        ).values_list("partner_id", flat=True)
    )
    for partner in partners:
        if partner.pk not in mandated:
            yield gettext("No signed partnership mandate for %(partner)s.") % {
                "partner": str(partner.organisation).rstrip(".")
            }


def within_call(project: Project, context: Context) -> Iterator[str]:
    """The requested grant is within the call's maximum and the call's deadline has not passed."""
    if not project.call_id:
        yield gettext("Choose the call the application answers.")
        return
    call, currency = project.call, project.currency
    requested = project.requested_grant()
    if requested > call.max_grant:
        yield gettext(
            "The requested grant (%(requested)s %(currency)s) exceeds the call's maximum (%(maximum)s %(currency)s)."
        ) % {"requested": requested, "currency": currency, "maximum": call.max_grant}
    if context.at > call.deadline:
        deadline = timezone.localtime(call.deadline)
        yield gettext("The call deadline passed on %(deadline)s %(time_zone)s.") % {
            "deadline": f"{deadline:%Y-%m-%d %H:%M}",
            "time_zone": deadline.tzname(),
        }


def award_within_request(project: Project, context: Context) -> Iterator[str]:
    """The granted amount is more than 0 and at most the requested grant."""
    granted: Decimal | None = context.payload.get("granted_amount")
    if granted is None:
        return  # missing or malformed: the payload's own reason says so
    requested = project.requested_grant()
    if granted <= 0:
        yield gettext("The granted amount must be more than 0.")
    elif granted > requested:
        yield gettext("The granted amount (%(granted)s) exceeds the requested grant (%(requested)s %(currency)s).") % {
            "granted": granted,
            "requested": requested,
            "currency": project.currency,
        }


def store_award(project: Project, context: Context) -> None:
    project.granted_amount = context.payload["granted_amount"]
    project.funder_reference = context.payload["funder_reference"]


def grant_agreement_signed(project: Project, context: Context) -> Iterator[str]:
    """The signed grant agreement is uploaded."""
    signed = ProjectDocument.objects.filter(
        project=project, kind=ProjectDocument.Kind.GRANT_AGREEMENT, versions__isnull=False
    ).exists()
    if not signed:
        yield gettext("Upload the signed grant agreement first.")
    if not project.call_id:
        yield gettext("The project has no call, so no programme to take the reporting period length from.")


def create_periods(project: Project, context: Context) -> None:
    services.reporting_periods_generate(project=project, actor=context.actor)


def _unapproved_reports(periods) -> Iterator[str]:
    for period in periods:
        if period.report.status != PeriodicReportStatus.APPROVED:
            status = period.report.get_status_display().lower()
            yield gettext("The report for period %(number)s is %(status)s, not approved.") % {
                "number": period.number,
                "status": status,
            }


def earlier_reports_approved(project: Project, context: Context) -> Iterator[str]:
    """Every periodic report but the last one is approved."""
    periods = list(project.periods.select_related("report").order_by("number"))
    if not periods:
        yield gettext("The project has no reporting periods.")
    yield from _unapproved_reports(periods[:-1])


def everything_approved(project: Project, context: Context) -> Iterator[str]:
    """Every periodic report is approved and every deliverable accepted or waived."""
    yield from _unapproved_reports(project.periods.select_related("report").order_by("number"))
    for deliverable in project.deliverables.exclude(status__in=[DeliverableStatus.ACCEPTED, DeliverableStatus.WAIVED]):
        yield gettext("Deliverable %(code)s is %(status)s: accept or waive it.") % {
            "code": deliverable.code,
            "status": deliverable.get_status_display().lower(),
        }


COORDINATOR, STAFF = frozenset({Role.COORDINATOR}), frozenset({Role.STAFF})

MACHINE = Machine(
    name="project",
    label=_("Project"),
    model_label="projects.Project",
    states=dict(ProjectStatus.choices),
    initial=ProjectStatus.PROPOSAL,
    roles_of=access.roles_towards,
    describe=lambda project: str(project.acronym),
    transitions=(
        Transition(
            name="submit_proposal",
            label=_("Submit the proposal"),
            sources=("proposal",),
            target="proposal_review",
            roles=COORDINATOR,
            guards=(proposal_complete,),
        ),
        Transition(
            name="request_changes",
            label=_("Request changes"),
            sources=("proposal_review",),
            target="proposal",
            roles=STAFF,
            comment_required=True,
        ),
        Transition(
            name="approve_proposal",
            label=_("Approve the proposal"),
            sources=("proposal_review",),
            target="application_preparation",
            roles=STAFF,
        ),
        Transition(
            name="decline_proposal",
            label=_("Decline the proposal"),
            sources=("proposal_review",),
            target="declined",
            roles=STAFF,
            comment_required=True,
        ),
        Transition(
            name="submit_application",
            label=_("Submit the application"),
            sources=("application_preparation",),
            target="application_submitted",
            roles=COORDINATOR,
            guards=(consortium_complete, within_call),
        ),
        Transition(
            name="record_award",
            label=_("Record the award"),
            sources=("application_submitted",),
            target="contracting",
            roles=STAFF,
            guards=(award_within_request,),
            payload=(
                PayloadField(
                    name="granted_amount",
                    label=_("the granted amount"),
                    kind=PayloadKind.AMOUNT,
                    help_text=_("The amount the funder granted, in the programme's currency"),
                ),
                PayloadField(
                    name="funder_reference",
                    label=_("the funder's reference (the grant agreement number)"),
                    kind=PayloadKind.TEXT,
                    max_length=Project._meta.get_field("funder_reference").max_length,
                    help_text=_("The funder's reference: the grant agreement number"),
                ),
            ),
            effects=(store_award,),
        ),
        Transition(
            name="record_rejection",
            label=_("Record the rejection"),
            sources=("application_submitted",),
            target="rejected",
            roles=STAFF,
            comment_required=True,
        ),
        Transition(
            name="revise",
            label=_("Revise the application"),
            sources=("rejected",),
            target="application_preparation",
            roles=COORDINATOR,
        ),
        Transition(
            name="sign_agreement",
            label=_("Sign the grant agreement"),
            sources=("contracting",),
            target="in_implementation",
            roles=COORDINATOR | STAFF,
            guards=(grant_agreement_signed,),
            effects=(create_periods,),
        ),
        Transition(
            name="start_final_reporting",
            label=_("Start final reporting"),
            sources=("in_implementation",),
            target="final_reporting",
            roles=COORDINATOR,
            guards=(earlier_reports_approved,),
        ),
        Transition(
            name="close",
            label=_("Close the project"),
            sources=("final_reporting",),
            target="closed",
            roles=STAFF,
            guards=(everything_approved,),
        ),
        Transition(
            name="withdraw",
            label=_("Withdraw the project"),
            sources=(
                "proposal",
                "proposal_review",
                "application_preparation",
                "application_submitted",
                "contracting",
            ),
            target="withdrawn",
            roles=COORDINATOR | STAFF,
            comment_required=True,
        ),
    ),
)
