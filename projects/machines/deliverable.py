"""A deliverable's review: submitted by its partner or the coordinator, accepted or sent back."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects import access, selectors
from projects.access import Role
from projects.models import Deliverable
from projects.models.delivery import DeliverableStatus
from workflows.registry import Context, Machine, Transition


def new_version_since_review(deliverable: Deliverable, context: Context) -> Iterator[str]:
    """A file version was uploaded after the last review."""
    latest = deliverable.versions.order_by("-version").first()
    if latest is None:
        yield gettext("Upload a file for %(code)s first.") % {"code": deliverable.code}
        return
    last_review = selectors.last_review_of(deliverable)
    if last_review and latest.uploaded_at <= last_review:
        yield gettext("Upload a new version of %(code)s: the latest (v%(version)s) was already reviewed.") % {
            "code": deliverable.code,
            "version": latest.version,
        }


def late_submission_justified(deliverable: Deliverable, context: Context) -> Iterator[str]:
    """Past the due date, the comment says why it is late."""
    if timezone.localdate(context.at) > deliverable.due_date and not context.comment.strip():
        yield gettext("%(code)s was due on %(due_date)s: add a comment justifying the delay.") % {
            "code": deliverable.code,
            "due_date": deliverable.due_date,
        }


MACHINE = Machine(
    name="deliverable",
    label=_("Deliverable"),
    model_label="projects.Deliverable",
    states=dict(DeliverableStatus.choices),
    initial=DeliverableStatus.PLANNED,
    roles_of=access.roles_towards,
    describe=lambda deliverable: deliverable.code,
    transitions=(
        Transition(
            name="submit",
            label=_("Submit the deliverable"),
            sources=("planned", "changes_requested"),
            target="submitted",
            roles=frozenset({Role.COORDINATOR, Role.OWN_PARTNER}),  # the responsible partner's members
            guards=(new_version_since_review, late_submission_justified),
        ),
        Transition(
            name="accept",
            label=_("Accept the deliverable"),
            sources=("submitted",),
            target="accepted",
            roles=frozenset({Role.COORDINATOR}),
        ),
        Transition(
            name="request_changes",
            label=_("Request changes"),
            sources=("submitted",),
            target="changes_requested",
            roles=frozenset({Role.COORDINATOR}),
            comment_required=True,
        ),
        Transition(
            name="waive",
            label=_("Waive the deliverable"),
            sources=("planned", "changes_requested"),
            target="waived",
            roles=frozenset({Role.COORDINATOR}),
            comment_required=True,
        ),
    ),
)
