"""The machine registry: each state machine declared once, as data.

The API, the admin, the docs (DOT and Mermaid renderings) and the integrity tests all read the same
declaration. A declaration names its model by label (``"projects.Project"``) so that this app imports
nothing from the apps that own the machines; they register their machines when they are ready.
"""

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.translation import gettext, ngettext
from django_fsm import transition as fsm_transition


@dataclass(frozen=True)
class Context:
    """What a guard or an effect knows about the transition being taken."""

    actor: Any
    comment: str
    payload: Mapping[str, Any]  # the declared payload fields that were given and valid, parsed
    roles: frozenset[str]
    at: datetime  # when the transition is taken: now, or the original time when history is replayed


Guard = Callable[[models.Model, Context], Iterable[str]]
"""Yields a reason for each way the object is not ready (nothing when it is); every guard runs."""

Effect = Callable[[models.Model, Context], None]
"""Work done with the state change, inside its database transaction (e.g. creating periods)."""


class PayloadKind(enum.Enum):
    AMOUNT = "amount"  # money: a decimal with at most two places, e.g. 11000.00
    TEXT = "text"


@dataclass(frozen=True)
class PayloadField:
    """One value a transition takes besides its comment, declared once: the transition service parses
    it (``parse``), and the API's request schema, the admin's and the pages' forms are derived from it.
    """

    name: str
    label: str  # as a sentence names it: "the granted amount"; may be a lazy translation (str() it)
    kind: PayloadKind
    help_text: str = ""
    required: bool = True
    max_length: int = 255  # for text

    def parse(self, raw: Any) -> Any:
        """The value as the guards and effects read it (None when not given); a ``ValueError`` says what is
        wrong with it in a sentence."""
        if raw is None or str(raw).strip() == "":
            if self.required:
                raise ValueError(gettext("Give %(field)s.") % {"field": self.label})
            return None
        if self.kind is PayloadKind.AMOUNT:
            try:
                value = Decimal(str(raw).strip())
            except InvalidOperation:
                raise ValueError(
                    gettext("%(field)s %(given)s is not a number.") % {"field": self._subject, "given": repr(raw)}
                ) from None
            if not value.is_finite() or value.as_tuple().exponent < -2:
                raise ValueError(gettext("%(field)s has at most two decimal places.") % {"field": self._subject})
            return value.quantize(Decimal("0.01"))
        text = str(raw).strip()
        if len(text) > self.max_length:
            raise ValueError(
                ngettext(
                    "%(field)s has at most %(count)d character.",
                    "%(field)s has at most %(count)d characters.",
                    self.max_length,
                )
                % {"field": self._subject, "count": self.max_length}
            )
        return text

    @property
    def _subject(self) -> str:
        label = str(self.label)  # a lazy translation: in the active language, then capitalised
        return label[0].upper() + label[1:]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # may be a lazy translation: str() it before string operations
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()
    comment_required: bool = False
    payload: tuple[PayloadField, ...] = ()
    effects: tuple[Effect, ...] = ()
    after_commit: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Machine:
    """A state machine over one model's state field.

    ``roles_of(user, obj)`` gives the roles a user holds towards an object (the owning app's access
    policy; no roles at all when the user may not see the object); a transition lists the roles that
    may take it. A role's ``label`` (when it has one) names its holders in messages.
    """

    name: str
    label: str  # may be a lazy translation: str() it before string operations
    model_label: str
    states: Mapping[str, str]
    initial: str
    transitions: tuple[Transition, ...]
    roles_of: Callable[[Any, models.Model], frozenset[str]]
    describe: Callable[[models.Model], str] = str
    state_field: str = "status"
    _by_name: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._by_name.update({t.name: t for t in self.transitions})

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def get(self, name: str) -> Transition | None:
        return self._by_name.get(name)

    def leaving(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def state_of(self, obj: models.Model) -> str:
        return getattr(obj, self.state_field)

    @cached_property
    def _fsm_methods(self) -> dict[str, Callable]:
        """One django-fsm-2 transition per declared transition, on the model's real state field.

        django-fsm-2 checks the source state, sets the target and sends its pre/post_transition
        signals; the declaration above stays the only place that says which states connect.
        """
        state_field = self.model._meta.get_field(self.state_field)
        methods = {}
        for declared in self.transitions:

            def change(instance):
                return None

            change.__name__ = declared.name
            methods[declared.name] = fsm_transition(
                field=state_field, source=list(declared.sources), target=declared.target
            )(change)
        return methods

    def apply(self, obj: models.Model, name: str) -> None:
        self._fsm_methods[name](obj)


_machines: dict[str, Machine] = {}


def register(machine: Machine) -> Machine:
    if machine.name in _machines and _machines[machine.name] is not machine:
        raise ValueError(f"A machine named {machine.name!r} is registered already.")
    _machines[machine.name] = machine
    return machine


def machines() -> list[Machine]:
    return list(_machines.values())


def get(name: str) -> Machine | None:
    return _machines.get(name)


def for_model(model: type[models.Model]) -> Machine:
    label = model._meta.label
    for machine in _machines.values():
        if machine.model_label == label:
            return machine
    raise LookupError(f"No workflow is registered for {label}.")
