"""The project's lifecycle, from proposal to closure (DESIGN.md, "Workflows: Project")."""

from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone

from projects import access, services
from projects.access import Role
from projects.models import Project, ProjectDocument
from projects.models.delivery import DeliverableStatus
from projects.models.periods import PeriodicReportStatus
from projects.models.projects import ProjectStatus
from workflows.registry import Context, Machine, PayloadField, PayloadKind, Transition


def proposal_complete(project: Project, context: Context) -> Iterator[str]:
    """The proposal has an acronym, a title, a summary, a call and a lead partner."""
    for field, name in [("acronym", "an acronym"), ("title", "a title"), ("summary", "a summary")]:
        if not getattr(project, field).strip():
            yield f"The proposal needs {name}."
    if not project.call_id:
        yield "Choose the call the proposal answers."
    if project.lead_partner is None:
        yield "Name the lead partner."


def consortium_complete(project: Project, context: Context) -> Iterator[str]:
    """At least two partners, a lead, a budget for every funded partner and a signed mandate for each."""
    partners = list(project.partners.select_related("organisation").prefetch_related("budget_lines"))
    if len(partners) < 2:
        yield f"The consortium has {len(partners)} partner(s); an application needs at least 2."
    if not any(partner.role == partner.Role.LEAD for partner in partners):
        yield "The consortium has no lead partner."
    for partner in partners:
        if partner.is_funded and not partner.budget_lines.all():
            yield f"{partner.organisation} has no budget."
    mandated = set(
        ProjectDocument.objects.filter(
            project=project, kind=ProjectDocument.Kind.PARTNERSHIP_MANDATE, versions__isnull=False
        ).values_list("partner_id", flat=True)
    )
    for partner in partners:
        if partner.pk not in mandated:
            yield f"No signed partnership mandate for {str(partner.organisation).rstrip('.')}."


def within_call(project: Project, context: Context) -> Iterator[str]:
    """The requested grant is within the call's maximum and the call's deadline has not passed."""
    if not project.call_id:
        yield "Choose the call the application answers."
        return
    call, currency = project.call, project.currency
    requested = project.requested_grant()
    if requested > call.max_grant:
        yield f"The requested grant ({requested} {currency}) exceeds the call's maximum ({call.max_grant} {currency})."
    if context.at > call.deadline:
        deadline = timezone.localtime(call.deadline)
        yield f"The call deadline passed on {deadline:%Y-%m-%d %H:%M} {deadline.tzname()}."


def award_within_request(project: Project, context: Context) -> Iterator[str]:
    """The granted amount is more than 0 and at most the requested grant."""
    granted: Decimal | None = context.payload.get("granted_amount")
    if granted is None:
        return  # missing or malformed: the payload's own reason says so
    requested = project.requested_grant()
    if granted <= 0:
        yield "The granted amount must be more than 0."
    elif granted > requested:
        yield f"The granted amount ({granted}) exceeds the requested grant ({requested} {project.currency})."


def store_award(project: Project, context: Context) -> None:
    project.granted_amount = context.payload["granted_amount"]
    project.funder_reference = context.payload["funder_reference"]


def grant_agreement_signed(project: Project, context: Context) -> Iterator[str]:
    """The signed grant agreement is uploaded."""
    signed = ProjectDocument.objects.filter(
        project=project, kind=ProjectDocument.Kind.GRANT_AGREEMENT, versions__isnull=False
    ).exists()
    if not signed:
        yield "Upload the signed grant agreement first."
    if not project.call_id:
        yield "The project has no call, so no programme to take the reporting period length from."


def create_periods(project: Project, context: Context) -> None:
    services.reporting_periods_generate(project=project, actor=context.actor)


def _unapproved_reports(periods) -> Iterator[str]:
    for period in periods:
        if period.report.status != PeriodicReportStatus.APPROVED:
            status = period.report.get_status_display().lower()
            yield f"The report for period {period.number} is {status}, not approved."


def earlier_reports_approved(project: Project, context: Context) -> Iterator[str]:
    """Every periodic report but the last one is approved."""
    periods = list(project.periods.select_related("report").order_by("number"))
    if not periods:
        yield "The project has no reporting periods."
    yield from _unapproved_reports(periods[:-1])


def everything_approved(project: Project, context: Context) -> Iterator[str]:
    """Every periodic report is approved and every deliverable accepted or waived."""
    yield from _unapproved_reports(project.periods.select_related("report").order_by("number"))
    for deliverable in project.deliverables.exclude(status__in=[DeliverableStatus.ACCEPTED, DeliverableStatus.WAIVED]):
        yield f"Deliverable {deliverable.code} is {deliverable.get_status_display().lower()}: accept or waive it."


COORDINATOR, STAFF = frozenset({Role.COORDINATOR}), frozenset({Role.STAFF})

MACHINE = Machine(
    name="project",
    label="Project",
    model_label="projects.Project",
    states=dict(ProjectStatus.choices),
    initial=ProjectStatus.PROPOSAL,
    roles_of=access.roles_towards,
    describe=lambda project: str(project.acronym),
    transitions=(
        Transition(
            name="submit_proposal",
            label="Submit the proposal",
            sources=("proposal",),
            target="proposal_review",
            roles=COORDINATOR,
            guards=(proposal_complete,),
        ),
        Transition(
            name="request_changes",
            label="Request changes",
            sources=("proposal_review",),
            target="proposal",
            roles=STAFF,
            comment_required=True,
        ),
        Transition(
            name="approve_proposal",
            label="Approve the proposal",
            sources=("proposal_review",),
            target="application_preparation",
            roles=STAFF,
        ),
        Transition(
            name="decline_proposal",
            label="Decline the proposal",
            sources=("proposal_review",),
            target="declined",
            roles=STAFF,
            comment_required=True,
        ),
        Transition(
            name="submit_application",
            label="Submit the application",
            sources=("application_preparation",),
            target="application_submitted",
            roles=COORDINATOR,
            guards=(consortium_complete, within_call),
        ),
        Transition(
            name="record_award",
            label="Record the award",
            sources=("application_submitted",),
            target="contracting",
            roles=STAFF,
            guards=(award_within_request,),
            payload=(
                PayloadField(
                    name="granted_amount",
                    label="the granted amount",
                    kind=PayloadKind.AMOUNT,
                    help_text="The amount the funder granted, in the programme's currency",
                ),
                PayloadField(
                    name="funder_reference",
                    label="the funder's reference (the grant agreement number)",
                    kind=PayloadKind.TEXT,
                    max_length=Project._meta.get_field("funder_reference").max_length,
                    help_text="The funder's reference: the grant agreement number",
                ),
            ),
            effects=(store_award,),
        ),
        Transition(
            name="record_rejection",
            label="Record the rejection",
            sources=("application_submitted",),
            target="rejected",
            roles=STAFF,
            comment_required=True,
        ),
        Transition(
            name="revise",
            label="Revise the application",
            sources=("rejected",),
            target="application_preparation",
            roles=COORDINATOR,
        ),
        Transition(
            name="sign_agreement",
            label="Sign the grant agreement",
            sources=("contracting",),
            target="in_implementation",
            roles=COORDINATOR | STAFF,
            guards=(grant_agreement_signed,),
            effects=(create_periods,),
        ),
        Transition(
            name="start_final_reporting",
            label="Start final reporting",
            sources=("in_implementation",),
            target="final_reporting",
            roles=COORDINATOR,
            guards=(earlier_reports_approved,),
        ),
        Transition(
            name="close",
            label="Close the project",
            sources=("final_reporting",),
            target="closed",
            roles=STAFF,
            guards=(everything_approved,),
        ),
        Transition(
            name="withdraw",
            label="Withdraw the project",
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
