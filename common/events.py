"""Things that happened, told to whoever listens once the database transaction has committed.

The writes that matter (the transition service, a new file version) call ``emit``; the notifications app
listens to ``happened`` and decides who is told. A rolled-back write tells nobody, and a listener that
fails is logged without undoing or failing the write that caused it.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

happened = Signal()
"""Sent with ``event``: a ``Happened``."""


@dataclass(frozen=True)
class Happened:
    """``name`` is ``<machine>.<transition>`` for a transition (``deliverable.request_changes``), or a
    write's own name (``deliverable.file_added``)."""

    name: str
    obj: models.Model
    actor: Any
    at: datetime
    comment: str = ""
    replayed: bool = False  # history replayed as of ``at`` (the demo data, an import): not news
    params: dict[str, Any] = field(default_factory=dict)


def emit(name: str, *, obj: models.Model, actor: Any, at: datetime | None = None, comment: str = "", **params) -> None:
    """Tell the listeners about ``name`` after the current transaction commits (at once outside one).

    ``at`` replays history: the event is dated then and marked ``replayed``."""
    event = Happened(
        name=name,
        obj=obj,
        actor=actor,
        at=at or timezone.now(),
        comment=comment,
        replayed=at is not None,
        params=params,
    )
    transaction.on_commit(lambda: happened.send_robust(sender=type(obj), event=event), robust=True)
