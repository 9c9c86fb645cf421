"""The machines' integrity, read from the registry: what the API, the admin and the docs all use."""

from collections import deque

import pytest

from workflows import registry
from workflows.rendering import terminal_states, to_dot, to_mermaid

TERMINAL = {
    "project": {"closed", "declined", "withdrawn"},
    "deliverable": {"accepted", "waived"},
    "partner_claim": {"certified"},
    "periodic_report": {"approved"},
}
MACHINES = registry.machines()
# DESIGN.md's tables: each transition with the states it leaves and the state it reaches.
DESIGNED = {
    "project": {
        "submit_proposal": ({"proposal"}, "proposal_review"),
        "request_changes": ({"proposal_review"}, "proposal"),
        "approve_proposal": ({"proposal_review"}, "application_preparation"),
        "decline_proposal": ({"proposal_review"}, "declined"),
        "submit_application": ({"application_preparation"}, "application_submitted"),
        "record_award": ({"application_submitted"}, "contracting"),
        "record_rejection": ({"application_submitted"}, "rejected"),
        "revise": ({"rejected"}, "application_preparation"),
        "sign_agreement": ({"contracting"}, "in_implementation"),
        "start_final_reporting": ({"in_implementation"}, "final_reporting"),
        "close": ({"final_reporting"}, "closed"),
        "withdraw": (
            {"proposal", "proposal_review", "application_preparation", "application_submitted", "contracting"},
            "withdrawn",
        ),
    },
    "deliverable": {
        "submit": ({"planned", "changes_requested"}, "submitted"),
        "accept": ({"submitted"}, "accepted"),
        "request_changes": ({"submitted"}, "changes_requested"),
        "waive": ({"planned", "changes_requested"}, "waived"),
    },
    "partner_claim": {
        "submit": ({"draft"}, "submitted"),
        "certify": ({"submitted"}, "certified"),
        "return": ({"submitted"}, "draft"),
    },
    "periodic_report": {
        "submit": ({"open"}, "submitted"),
        "start_verification": ({"submitted"}, "under_verification"),
        "approve": ({"under_verification"}, "approved"),
        "return": ({"under_verification"}, "open"),
    },
}


def test_the_four_machines_of_the_design_are_registered():
    assert {machine.name for machine in MACHINES} == set(TERMINAL)


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_the_transitions_go_from_and_to_the_states_of_the_design(machine):
    registered = {transition.name: (set(transition.sources), transition.target) for transition in machine.transitions}
    assert registered == DESIGNED[machine.name]


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_every_state_is_reachable_from_the_initial_one(machine):
    reached, queue = {machine.initial}, deque([machine.initial])
    while queue:
        for transition in machine.leaving(queue.popleft()):
            if transition.target not in reached:
                reached.add(transition.target)
                queue.append(transition.target)
    assert reached == set(machine.states)


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_every_source_and_target_is_a_declared_state(machine):
    for transition in machine.transitions:
        assert transition.target in machine.states, transition.name
        assert set(transition.sources) <= set(machine.states), transition.name


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_only_the_terminal_states_have_no_exits(machine):
    assert terminal_states(machine) == TERMINAL[machine.name]


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_the_states_are_the_models_status_choices(machine):
    field = machine.model._meta.get_field(machine.state_field)
    assert dict(field.choices) == dict(machine.states)
    assert field.default == machine.initial


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_diagrams_show_every_transition(machine):
    dot, mermaid = to_dot(machine), to_mermaid(machine)
    for transition in machine.transitions:
        for source in transition.sources:
            assert f'"{source}" -> "{transition.target}"' in dot
            assert f"{source} --> {transition.target} : {transition.name}" in mermaid


def test_workflow_api_describes_each_machine(world, client_for):
    client = client_for(world.users["partner_other"])
    machines = client.get("/api/workflows/").json()
    assert [machine["name"] for machine in machines] == ["project", "deliverable", "partner_claim", "periodic_report"]
    project = client.get("/api/workflows/project/").json()
    award = next(t for t in project["transitions"] if t["name"] == "record_award")
    assert award["roles"] == ["staff"]
    assert [(f["name"], f["kind"], f["required"]) for f in award["payload"]] == [
        ("granted_amount", "amount", True),
        ("funder_reference", "text", True),
    ]
    assert project["mermaid"].startswith("stateDiagram-v2")
    assert client.get("/api/workflows/budget/").status_code == 404
