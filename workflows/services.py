"""The transition service: the one way any caller (API, admin, shell, task, demo) changes a state.

Order of checks, as the API answers them: the actor may not see the object (404) → the actor's role
may never take it (403) → not available from the current state (409) → missing comment, invalid
payload and failing guards, all reasons together (400) → state change through django-fsm-2 → effects
→ save → one log row in the same database transaction → ``after_commit`` work and the event
``<machine>.<transition>`` (``common.events``) once the transaction has committed.
"""

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from common.errors import ActionForbidden, Conflict, Invalid, OutOfScope, one_of
from common.events import emit
from workflows import registry
from workflows.models import ChainHead, TransitionLog
from workflows.registry import Context, Machine, Transition

COMMENT_MAX_LENGTH = 10_000
ANY_COMMENT = "…"  # stands for the comment a user will write, to find the reasons a comment answers


def _comment_required() -> str:
    """The reason a transition that needs a comment gives without one, in the active language."""
    return gettext("A comment is required: say why.")


def _quoted(labels) -> str:
    """``“a” or “b” or “c”``."""
    joined = ""
    for label in labels:
        # Translators: a state's name quoted in a sentence; use your language's quotation marks.
        quoted = gettext("“%(state)s”") % {"state": label}
        joined = gettext("%(others)s or %(last)s") % {"others": joined, "last": quoted} if joined else quoted
    return joined


def _forbidden_reason(declared: Transition, roles: frozenset[str]) -> str | None:
    if roles & declared.roles:
        return None
    allowed = one_of([str(getattr(role, "label", role)) for role in sorted(declared.roles)])
    label = str(declared.label)  # a lazy translation: in the active language before it is cut
    # Translators: "Only the project's coordinators may submit the proposal." %(action)s is the transition's
    # label with its first letter in lower case.
    return gettext("Only %(roles)s may %(action)s.") % {"roles": allowed, "action": label[0].lower() + label[1:]}


def _unavailable_reason(machine: Machine, obj: models.Model, declared: Transition, state: str) -> str | None:
    if state in declared.sources:
        return None
    sources = _quoted(machine.states[source] for source in declared.sources)
    return gettext("%(object)s is “%(state)s”: “%(transition)s” is possible only from %(sources)s.") % {
        "object": machine.describe(obj),
        "state": machine.states[state],
        "transition": declared.label,
        "sources": sources,
    }


def _parsed_payload(declared: Transition, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The declared payload fields, parsed (anything else is ignored), and what is wrong with them."""
    values, reasons = {}, []
    for field in declared.payload:
        try:
            value = field.parse(raw.get(field.name))
        except ValueError as error:
            reasons.append(str(error))
            continue
        if value is not None:
            values[field.name] = value
    return values, reasons


def _blocking_reasons(obj: models.Model, declared: Transition, context: Context) -> list[str]:
    reasons = []
    if declared.comment_required and not context.comment.strip():
        reasons.append(_comment_required())
    if len(context.comment) > COMMENT_MAX_LENGTH:
        reasons.append(
            gettext("A comment has at most %(count)s characters; shorten it.") % {"count": f"{COMMENT_MAX_LENGTH:,}"}
        )
    for guard in declared.guards:
        reasons.extend(guard(obj, context))
    return reasons


def transitions_available(*, obj: models.Model, actor: Any) -> list[dict]:
    """Every transition leaving the object's current state, whether the actor may take it, and why not.

    A reason that any comment answers does not block: the transition then needs its comment
    (``comment_required``), and ``comment_asks`` says what the comment must say — e.g. why a deliverable
    submitted after its due date is late. The transition service judges the comment actually given.
    """
    machine = registry.for_model(type(obj))
    roles = machine.roles_of(actor, obj)
    context = Context(actor=actor, comment="", payload={}, roles=roles, at=timezone.now())
    result = []
    for declared in machine.leaving(machine.state_of(obj)):
        forbidden = _forbidden_reason(declared, roles)
        asks = []
        if forbidden:
            reasons = [forbidden]
        else:
            reasons = [
                reason
                for reason in _blocking_reasons(obj, declared, context)
                if not (declared.comment_required and reason == _comment_required())
            ]
            if reasons:
                with_a_comment = _blocking_reasons(obj, declared, replace(context, comment=ANY_COMMENT))
                asks = [reason for reason in reasons if reason not in with_a_comment]
                reasons = [reason for reason in reasons if reason in with_a_comment]
        result.append(
            {
                "name": declared.name,
                "label": str(declared.label),
                "target": declared.target,
                "comment_required": declared.comment_required or bool(asks),
                "comment_asks": asks,
                "allowed": not reasons,
                "reasons": reasons,
            }
        )
    return result


def _append_log(
    *, machine: Machine, obj: models.Model, declared: Transition, source: str, context: Context
) -> TransitionLog:
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
    row = TransitionLog(
        machine=machine.name,
        object_type=obj._meta.label,
        object_id=obj.pk,
        transition=declared.name,
        source=source,
        target=declared.target,
        actor=context.actor,
        comment=context.comment,
        payload=json.loads(json.dumps(dict(context.payload), default=str)),
        created_at=context.at,
        previous_hash=head.hash,
    )
    row.hash = row.compute_hash()
    row.save()
    head.hash = row.hash
    head.save(update_fields=["hash"])
    return row


def transition_take(
    *,
    obj: models.Model,
    name: str,
    actor: Any,
    comment: str = "",
    payload: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> models.Model:
    """Take transition ``name`` on ``obj`` as ``actor``; returns the object in its new state.

    ``at`` replays history that happened elsewhere (the demo data, an import of a running project):
    the guards judge deadlines as of then and the log row carries that time. The API never passes it.
    """
    machine = registry.for_model(type(obj))
    declared = machine.get(name)
    if declared is None:
        raise Invalid(
            gettext("%(machine)s has no transition %(name)s.") % {"machine": machine.label, "name": repr(name)}
        )
    roles = machine.roles_of(actor, obj)
    if not roles:
        raise OutOfScope(gettext("No such %(machine)s is visible to you.") % {"machine": str(machine.label).lower()})
    forbidden = _forbidden_reason(declared, roles)
    if forbidden:
        raise ActionForbidden(forbidden)
    values, invalid = _parsed_payload(declared, payload or {})
    context = Context(actor=actor, comment=comment or "", payload=values, roles=roles, at=at or timezone.now())

    try:
        with transaction.atomic():
            # The row lock makes a concurrent transition on the same object wait, then see the new state.
            locked = type(obj).objects.select_for_update().get(pk=obj.pk)
            source = machine.state_of(locked)
            unavailable = _unavailable_reason(machine, locked, declared, source)
            if unavailable:
                raise Conflict(unavailable)
            reasons = invalid + _blocking_reasons(locked, declared, context)
            if reasons:
                raise Invalid(gettext("%(transition)s is blocked.") % {"transition": declared.label}, reasons=reasons)
            machine.apply(locked, declared.name)
            for effect in declared.effects:
                effect(locked, context)
            locked.save()
            _append_log(machine=machine, obj=locked, declared=declared, source=source, context=context)
            for work in declared.after_commit:
                transaction.on_commit(lambda work=work: work(locked, context))
            emit(f"{machine.name}.{declared.name}", obj=locked, actor=actor, at=at, comment=context.comment)
    except (ConcurrentTransition, TransitionNotAllowed) as error:
        raise Conflict(
            gettext("%(object)s changed meanwhile: reload it and try again.") % {"object": machine.describe(obj)}
        ) from error
    return locked


def history(*, obj: models.Model) -> models.QuerySet[TransitionLog]:
    return TransitionLog.objects.filter(object_type=obj._meta.label, object_id=obj.pk).select_related("actor")


def verify_chain() -> tuple[int, TransitionLog | None, str]:
    """Recompute the chain: (rows checked, first broken row or None, what is wrong with it)."""
    previous = ""
    checked = 0
    for row in TransitionLog.objects.order_by("id").iterator():
        if row.previous_hash != previous:
            return checked, row, "its previous_hash does not match the row before it (a row was removed or changed)"
        if row.compute_hash() != row.hash:
            return checked, row, "its content does not match its hash (the row was edited)"
        previous = row.hash
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head and head.hash != previous:
        return checked, None, "the last row is not the chain's head (rows at the end were removed)"
    return checked, None, ""
