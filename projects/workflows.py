"""The four state machines of DESIGN.md — project, deliverable, partner claim, periodic report — as data.

Each guard yields the sentences a coordinator can act on, naming the thing ("GMT d.o.o. has no
budget."); the transition service collects every reason, not the first. Registered by
``ProjectsConfig.ready()``.
"""

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from projects import services
from projects.models import Deliverable, PartnerClaim, PeriodicReport, Project, ProjectDocument, ProjectMembership
from projects.models.delivery import DeliverableStatus
from projects.models.periods import ClaimStatus, PeriodicReportStatus
from projects.models.projects import ProjectStatus
from projects.selectors import works_for
from workflows import registry
from workflows.registry import Context, Machine, Transition

STAFF = "staff"
COORDINATOR = ProjectMembership.Role.COORDINATOR.value
RESPONSIBLE_PARTNER = "responsible_partner"  # a partner member of the organisation responsible for a deliverable
OWN_PARTNER = "own_partner"  # a partner member of the organisation whose claim it is


# --- Who the actor is towards an object ----------------------------------------------------------


def _project_roles(user, project: Project) -> set[str]:
    roles = {STAFF} if user.is_staff else set()
    roles |= set(ProjectMembership.objects.filter(user=user, project=project).values_list("role", flat=True))
    return roles


def project_roles(user, project: Project) -> frozenset[str]:
    return frozenset(_project_roles(user, project))


def deliverable_roles(user, deliverable: Deliverable) -> frozenset[str]:
    roles = _project_roles(user, deliverable.project)
    if works_for(user=user, partner_id=deliverable.responsible_partner_id):
        roles.add(RESPONSIBLE_PARTNER)
    return frozenset(roles)


def claim_roles(user, claim: PartnerClaim) -> frozenset[str]:
    roles = _project_roles(user, claim.partner.project)
    if works_for(user=user, partner_id=claim.partner_id):
        roles.add(OWN_PARTNER)
    return frozenset(roles)


def report_roles(user, report: PeriodicReport) -> frozenset[str]:
    return frozenset(_project_roles(user, report.period.project))


# --- Project guards ------------------------------------------------------------------------------


def proposal_complete(project: Project, context: Context) -> Iterator[str]:
    for field, name in [("acronym", "an acronym"), ("title", "a title"), ("summary", "a summary")]:
        if not getattr(project, field).strip():
            yield f"The proposal needs {name}."
    if not project.call_id:
        yield "Choose the call the proposal answers."
    if project.lead_partner is None:
        yield "Name the lead partner."


def consortium_complete(project: Project, context: Context) -> Iterator[str]:
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


def award_recorded(project: Project, context: Context) -> Iterator[str]:
    raw = context.payload.get("granted_amount")
    try:
        granted = Decimal(str(raw)) if raw not in (None, "") else None
    except InvalidOperation:
        granted = None
        yield f"The granted amount {raw!r} is not a number."
    if raw in (None, ""):
        yield "Give the granted amount."
    elif granted is not None:
        requested = project.requested_grant()
        if granted <= 0:
            yield "The granted amount must be more than 0."
        elif granted > requested:
            yield f"The granted amount ({granted}) exceeds the requested grant ({requested} {project.currency})."
        elif granted.as_tuple().exponent < -2:
            yield "The granted amount has at most two decimal places."
    if not str(context.payload.get("funder_reference", "")).strip():
        yield "Give the funder's reference (the grant agreement number)."


def store_award(project: Project, context: Context) -> None:
    project.granted_amount = Decimal(str(context.payload["granted_amount"]))
    project.funder_reference = str(context.payload["funder_reference"]).strip()


def grant_agreement_signed(project: Project, context: Context) -> Iterator[str]:
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
    periods = list(project.periods.select_related("report").order_by("number"))
    if not periods:
        yield "The project has no reporting periods."
    yield from _unapproved_reports(periods[:-1])


def everything_approved(project: Project, context: Context) -> Iterator[str]:
    yield from _unapproved_reports(project.periods.select_related("report").order_by("number"))
    for deliverable in project.deliverables.exclude(status__in=[DeliverableStatus.ACCEPTED, DeliverableStatus.WAIVED]):
        yield f"Deliverable {deliverable.code} is {deliverable.get_status_display().lower()}: accept or waive it."


PROJECT = registry.register(
    Machine(
        name="project",
        label="Project",
        model_label="projects.Project",
        states=dict(ProjectStatus.choices),
        initial=ProjectStatus.PROPOSAL,
        roles_of=project_roles,
        describe=lambda project: str(project.acronym),
        transitions=(
            Transition(
                name="submit_proposal",
                label="Submit the proposal",
                sources=("proposal",),
                target="proposal_review",
                roles=frozenset({COORDINATOR}),
                guards=(proposal_complete,),
            ),
            Transition(
                name="request_changes",
                label="Request changes",
                sources=("proposal_review",),
                target="proposal",
                roles=frozenset({STAFF}),
                comment_required=True,
            ),
            Transition(
                name="approve_proposal",
                label="Approve the proposal",
                sources=("proposal_review",),
                target="application_preparation",
                roles=frozenset({STAFF}),
            ),
            Transition(
                name="decline_proposal",
                label="Decline the proposal",
                sources=("proposal_review",),
                target="declined",
                roles=frozenset({STAFF}),
                comment_required=True,
            ),
            Transition(
                name="submit_application",
                label="Submit the application",
                sources=("application_preparation",),
                target="application_submitted",
                roles=frozenset({COORDINATOR}),
                guards=(consortium_complete, within_call),
            ),
            Transition(
                name="record_award",
                label="Record the award",
                sources=("application_submitted",),
                target="contracting",
                roles=frozenset({STAFF}),
                guards=(award_recorded,),
                payload_fields=("granted_amount", "funder_reference"),
                effects=(store_award,),
            ),
            Transition(
                name="record_rejection",
                label="Record the rejection",
                sources=("application_submitted",),
                target="rejected",
                roles=frozenset({STAFF}),
                comment_required=True,
            ),
            Transition(
                name="revise",
                label="Revise the application",
                sources=("rejected",),
                target="application_preparation",
                roles=frozenset({COORDINATOR}),
            ),
            Transition(
                name="sign_agreement",
                label="Sign the grant agreement",
                sources=("contracting",),
                target="in_implementation",
                roles=frozenset({COORDINATOR, STAFF}),
                guards=(grant_agreement_signed,),
                effects=(create_periods,),
            ),
            Transition(
                name="start_final_reporting",
                label="Start final reporting",
                sources=("in_implementation",),
                target="final_reporting",
                roles=frozenset({COORDINATOR}),
                guards=(earlier_reports_approved,),
            ),
            Transition(
                name="close",
                label="Close the project",
                sources=("final_reporting",),
                target="closed",
                roles=frozenset({STAFF}),
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
                roles=frozenset({COORDINATOR, STAFF}),
                comment_required=True,
            ),
        ),
    )
)


# --- Deliverables --------------------------------------------------------------------------------


def new_version_since_review(deliverable: Deliverable, context: Context) -> Iterator[str]:
    latest = deliverable.versions.order_by("-version").first()
    if latest is None:
        yield f"Upload a file for {deliverable.code} first."
        return
    last_review = services.last_review_of(deliverable)
    if last_review and latest.uploaded_at <= last_review:
        yield f"Upload a new version of {deliverable.code}: the latest (v{latest.version}) was already reviewed."


def late_submission_justified(deliverable: Deliverable, context: Context) -> Iterator[str]:
    if timezone.localdate(context.at) > deliverable.due_date and not context.comment.strip():
        yield f"{deliverable.code} was due on {deliverable.due_date}: add a comment justifying the delay."


DELIVERABLE = registry.register(
    Machine(
        name="deliverable",
        label="Deliverable",
        model_label="projects.Deliverable",
        states=dict(DeliverableStatus.choices),
        initial=DeliverableStatus.PLANNED,
        roles_of=deliverable_roles,
        describe=lambda deliverable: deliverable.code,
        transitions=(
            Transition(
                name="submit",
                label="Submit the deliverable",
                sources=("planned", "changes_requested"),
                target="submitted",
                roles=frozenset({COORDINATOR, RESPONSIBLE_PARTNER}),
                guards=(new_version_since_review, late_submission_justified),
            ),
            Transition(
                name="accept",
                label="Accept the deliverable",
                sources=("submitted",),
                target="accepted",
                roles=frozenset({COORDINATOR}),
            ),
            Transition(
                name="request_changes",
                label="Request changes",
                sources=("submitted",),
                target="changes_requested",
                roles=frozenset({COORDINATOR}),
                comment_required=True,
            ),
            Transition(
                name="waive",
                label="Waive the deliverable",
                sources=("planned", "changes_requested"),
                target="waived",
                roles=frozenset({COORDINATOR}),
                comment_required=True,
            ),
        ),
    )
)


# --- Partner claims ------------------------------------------------------------------------------


def rates_available(claim: PartnerClaim, context: Context) -> Iterator[str]:
    yield from services.claim_missing_rates(claim=claim, submitted_on=timezone.localdate(context.at))


def freeze_rates(claim: PartnerClaim, context: Context) -> None:
    claim.submitted_at = context.at
    services.claim_freeze_rates(claim=claim, submitted_on=timezone.localdate(context.at))


def unfreeze_rates(claim: PartnerClaim, context: Context) -> None:
    claim.submitted_at = None
    services.claim_unfreeze_rates(claim=claim)


PARTNER_CLAIM = registry.register(
    Machine(
        name="partner_claim",
        label="Partner claim",
        model_label="projects.PartnerClaim",
        states=dict(ClaimStatus.choices),
        initial=ClaimStatus.DRAFT,
        roles_of=claim_roles,
        describe=lambda claim: f"The claim of {claim.partner.organisation} for period {claim.period.number}",
        transitions=(
            Transition(
                name="submit",
                label="Submit the claim",
                sources=("draft",),
                target="submitted",
                roles=frozenset({OWN_PARTNER, COORDINATOR}),
                guards=(rates_available,),
                effects=(freeze_rates,),
            ),
            Transition(
                name="certify",
                label="Certify the claim",
                sources=("submitted",),
                target="certified",
                roles=frozenset({COORDINATOR}),
            ),
            Transition(
                name="return",
                label="Return the claim",
                sources=("submitted",),
                target="draft",
                roles=frozenset({COORDINATOR}),
                comment_required=True,
                effects=(unfreeze_rates,),
            ),
        ),
    )
)


# --- Periodic reports ----------------------------------------------------------------------------


def claims_certified(report: PeriodicReport, context: Context) -> Iterator[str]:
    for claim in report.period.claims.select_related("partner__organisation").exclude(status=ClaimStatus.CERTIFIED):
        status = claim.get_status_display().lower()
        yield f"The claim of {claim.partner.organisation} for period {report.period.number} is {status}, not certified."


PERIODIC_REPORT = registry.register(
    Machine(
        name="periodic_report",
        label="Periodic report",
        model_label="projects.PeriodicReport",
        states=dict(PeriodicReportStatus.choices),
        initial=PeriodicReportStatus.OPEN,
        roles_of=report_roles,
        describe=lambda report: f"The report for period {report.period.number}",
        transitions=(
            Transition(
                name="submit",
                label="Submit the report",
                sources=("open",),
                target="submitted",
                roles=frozenset({COORDINATOR}),
                guards=(claims_certified,),
            ),
            Transition(
                name="start_verification",
                label="Start verification",
                sources=("submitted",),
                target="under_verification",
                roles=frozenset({STAFF}),
            ),
            Transition(
                name="approve",
                label="Approve the report",
                sources=("under_verification",),
                target="approved",
                roles=frozenset({STAFF}),
            ),
            Transition(
                name="return",
                label="Return the report",
                sources=("under_verification",),
                target="open",
                roles=frozenset({STAFF}),
                comment_required=True,
            ),
        ),
    )
)
