"""Each event reaches exactly the right people and no one else, and never the one who acted.

The expected people are written out here for the test world (tests/conftest.py), independently of the
access policy the code asks: CIRCLE's coordinator, its two partner members (``partner.velenje`` works for
the lead, which is responsible for D1.1 and owns claim_a; ``partner.gmt`` for the other partner), its
auditor, the office's staff, and ``outsider`` who works on another project only.
"""

import pytest

from common.events import emit
from notifications.events import EVENTS
from notifications.models import Notification
from projects.models import Project
from workflows import registry
from workflows.services import transition_take

COORDINATOR = {"coordinator"}
OWNER = {"partner.velenje"}
STAFF = {"office"}
MEMBERS = {"coordinator", "partner.velenje", "partner.gmt", "auditor"}

# event: (the object it is about, who is told when the actor is not among them)
EXPECTED = {
    "proposal_submitted": ("project", STAFF),
    "proposal_changes_requested": ("project", COORDINATOR),
    "proposal_approved": ("project", MEMBERS),
    "proposal_declined": ("project", MEMBERS),
    "application_submitted": ("project", STAFF),
    "award_recorded": ("project", MEMBERS),
    "rejection_recorded": ("project", MEMBERS),
    "application_revised": ("project", STAFF),
    "agreement_signed": ("project", MEMBERS),
    "final_reporting_started": ("project", MEMBERS | STAFF),
    "project_closed": ("project", MEMBERS),
    "project_withdrawn": ("project", MEMBERS | STAFF),
    "deliverable_file_added": ("deliverable", COORDINATOR | OWNER),
    "deliverable_submitted": ("deliverable", COORDINATOR),
    "deliverable_changes_requested": ("deliverable", OWNER),
    "deliverable_accepted": ("deliverable", OWNER),
    "deliverable_waived": ("deliverable", OWNER | COORDINATOR),
    "claim_submitted": ("claim_a", COORDINATOR),
    "claim_certified": ("claim_a", OWNER),
    "claim_returned": ("claim_a", OWNER),
    "report_submitted": ("report", STAFF),
    "report_verification_started": ("report", COORDINATOR),
    "report_approved": ("report", COORDINATOR),
    "report_returned": ("report", COORDINATOR),
    "due_soon": ("deliverable", OWNER),
    "overdue": ("deliverable", OWNER | COORDINATOR),
}


def _told(world, event_name: str, actor, django_capture_on_commit_callbacks) -> set[str]:
    event = next(event for event in EVENTS if event.name == event_name)
    kind, _ = EXPECTED[event_name]
    obj = world.project if kind == "project" else world.objects[kind]
    with django_capture_on_commit_callbacks(execute=True):
        emit(event.on, obj=obj, actor=actor, comment="Why not.")
    return set(Notification.objects.filter(event=event_name).values_list("user__username", flat=True))


def test_the_table_names_every_event_and_every_transition_of_every_machine():
    assert {event.name for event in EVENTS} == set(EXPECTED)
    triggers = {event.on for event in EVENTS}
    for machine in registry.machines():
        for transition in machine.transitions:
            assert f"{machine.name}.{transition.name}" in triggers


@pytest.mark.parametrize("event_name", sorted(EXPECTED))
def test_each_event_reaches_exactly_its_people(world, event_name, django_capture_on_commit_callbacks):
    # The outsider acts: everyone the table names is told, no one else.
    told = _told(world, event_name, world.users["outsider"], django_capture_on_commit_callbacks)
    assert told == EXPECTED[event_name][1]


@pytest.mark.parametrize("event_name", sorted(EXPECTED))
def test_the_actor_is_never_told_of_their_own_action(world, event_name, django_capture_on_commit_callbacks):
    people = EXPECTED[event_name][1]
    username = sorted(people)[0]
    actor = next(user for user in world.users.values() if user and user.username == username)
    told = _told(world, event_name, actor, django_capture_on_commit_callbacks)
    assert told == people - {username}


def test_a_transition_tells_its_people_once_it_has_committed(world, django_capture_on_commit_callbacks):
    Project.objects.filter(pk=world.project.pk).update(summary="Circular innovation city labs.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition_take(obj=world.project, name="submit_proposal", actor=world.users["coordinator"])
        assert not Notification.objects.exists()  # nobody is told before the commit
    for callback in callbacks:
        callback()
    notification = Notification.objects.get()
    assert (notification.user.username, notification.event, notification.project) == (
        "office",
        "proposal_submitted",
        world.project,
    )


def test_a_transition_that_fails_tells_nobody(world, django_capture_on_commit_callbacks):
    from common.errors import Invalid

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Invalid):
        # CIRCLE's summary is empty: submitting the proposal is blocked.
        transition_take(obj=world.project, name="submit_proposal", actor=world.users["coordinator"])
    assert not Notification.objects.exists()


def test_a_user_no_longer_active_is_not_told(world, django_capture_on_commit_callbacks):
    world.users["auditor"].is_active = False
    world.users["auditor"].save()
    assert _told(world, "award_recorded", world.users["staff"], django_capture_on_commit_callbacks) == (
        MEMBERS - {"auditor"}
    )
