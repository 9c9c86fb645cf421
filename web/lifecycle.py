"""A workflow object's lifecycle as a step bar: the machine's main path, where the object is on it, and what
can come next — all read from the machine's declaration (``workflows.registry``), nothing listed by hand.

The main path is the longest way from the initial state to a state nothing leaves (a project: proposal →
… → closed). A state off that path (declined, rejected, withdrawn) is shown after the main-path state the
object left to reach it, as the transition log records.
"""

from dataclasses import dataclass

from django.db import models

from workflows import registry
from workflows.models import TransitionLog


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    done: bool
    current: bool


@dataclass(frozen=True)
class Next:
    transition: str  # the transition's label
    target: str  # the label of the state it leads to


def main_path(machine: registry.Machine) -> list[str]:
    """The longest path without repeats from the initial state to a state no transition leaves."""
    best: list[str] = []

    def walk(path: list[str]) -> None:
        nonlocal best
        leaving = machine.leaving(path[-1])
        if not leaving and len(path) > len(best):
            best = list(path)
        for transition in leaving:
            if transition.target not in path:
                walk([*path, transition.target])

    walk([machine.initial])
    return best


def steps(obj: models.Model, history: list[TransitionLog]) -> list[Step]:
    """The step bar of ``obj``: the main path's states done up to the current one; a side state is the
    current step after the main-path state it was reached from (``history``: the object's log, oldest first)."""
    machine = registry.for_model(type(obj))
    path = main_path(machine)
    state = machine.state_of(obj)
    if state in path:
        reached = path.index(state)
        return [
            Step(code, str(machine.states[code]), done=index < reached, current=index == reached)
            for index, code in enumerate(path)
        ]
    arrivals = [log for log in history if log.target == state and log.source in path]
    left_from = path.index(arrivals[-1].source) if arrivals else -1
    before = [Step(code, str(machine.states[code]), done=True, current=False) for code in path[: left_from + 1]]
    return [*before, Step(state, str(machine.states[state]), done=False, current=True)]


def next_steps(obj: models.Model) -> list[Next]:
    """Every transition leaving the object's state, whoever may take it: where the object can go from here."""
    machine = registry.for_model(type(obj))
    return [
        Next(str(transition.label), str(machine.states[transition.target]))
        for transition in machine.leaving(machine.state_of(obj))
    ]
