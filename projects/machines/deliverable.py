"""A deliverable's review: submitted by its partner or the coordinator, accepted or sent back."""

from collections.abc import Iterator

from django.utils import timezone

from projects import access, selectors
from projects.access import Role
from projects.models import Deliverable
from projects.models.delivery import DeliverableStatus
from workflows.registry import Context, Machine, Transition


def new_version_since_review(deliverable: Deliverable, context: Context) -> Iterator[str]:
    """A file version was uploaded after the last review."""
    latest = deliverable.versions.order_by("-version").first()
    if latest is None:
        yield f"Upload a file for {deliverable.code} first."
        return
    last_review = selectors.last_review_of(deliverable)
    if last_review and latest.uploaded_at <= last_review:
        yield f"Upload a new version of {deliverable.code}: the latest (v{latest.version}) was already reviewed."


def late_submission_justified(deliverable: Deliverable, context: Context) -> Iterator[str]:
    """Past the due date, the comment says why it is late."""
    if timezone.localdate(context.at) > deliverable.due_date and not context.comment.strip():
        yield f"{deliverable.code} was due on {deliverable.due_date}: add a comment justifying the delay."


MACHINE = Machine(
    name="deliverable",
    label="Deliverable",
    model_label="projects.Deliverable",
    states=dict(DeliverableStatus.choices),
    initial=DeliverableStatus.PLANNED,
    roles_of=access.roles_towards,
    describe=lambda deliverable: deliverable.code,
    transitions=(
        Transition(
            name="submit",
            label="Submit the deliverable",
            sources=("planned", "changes_requested"),
            target="submitted",
            roles=frozenset({Role.COORDINATOR, Role.OWN_PARTNER}),  # the responsible partner's members
            guards=(new_version_since_review, late_submission_justified),
        ),
        Transition(
            name="accept",
            label="Accept the deliverable",
            sources=("submitted",),
            target="accepted",
            roles=frozenset({Role.COORDINATOR}),
        ),
        Transition(
            name="request_changes",
            label="Request changes",
            sources=("submitted",),
            target="changes_requested",
            roles=frozenset({Role.COORDINATOR}),
            comment_required=True,
        ),
        Transition(
            name="waive",
            label="Waive the deliverable",
            sources=("planned", "changes_requested"),
            target="waived",
            roles=frozenset({Role.COORDINATOR}),
            comment_required=True,
        ),
    ),
)
