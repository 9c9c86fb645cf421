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


def test_the_four_machines_of_the_design_are_registered():
    assert {machine.name for machine in MACHINES} == set(TERMINAL)


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
    assert [machine["name"] for machine in machines] == [machine.name for machine in MACHINES]
    project = client.get("/api/workflows/project/").json()
    award = next(t for t in project["transitions"] if t["name"] == "record_award")
    assert award["roles"] == ["staff"]
    assert [(f["name"], f["kind"], f["required"]) for f in award["payload"]] == [
        ("granted_amount", "amount", True),
        ("funder_reference", "text", True),
    ]
    assert project["mermaid"].startswith("stateDiagram-v2")
    assert client.get("/api/workflows/budget/").status_code == 404
