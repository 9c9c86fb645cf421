"""What happened to an object, as the pages show it: each transition taken, newest first, with who, when,
the transition's and the states' labels from the machine, the comment, and — in a project's history —
the deliverable, claim or report it moved, linked to its page."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from projects.models import Deliverable, PartnerClaim, PeriodicReport, Project
from reporting.figures.wording import state_label, transition_label
from reporting.selectors import HistoryEntry
from web.views.transitions import page_of
from workflows.models import TransitionLog
from workflows.services import history


@dataclass(frozen=True)
class Event:
    log: TransitionLog
    transition: str
    source: str
    target: str
    subject: str = ""  # the object it moved, when the history is more than one object's
    link: str = ""


def _event(log: TransitionLog, subject: str = "", link: str = "") -> Event:
    return Event(
        log=log,
        transition=transition_label(log.machine, log.transition),
        source=state_label(log.machine, log.source),
        target=state_label(log.machine, log.target),
        subject=subject,
        link=link,
    )


def object_events(obj: models.Model) -> list[Event]:
    """One object's transitions, newest first."""
    return [_event(log) for log in history(obj=obj).order_by("-created_at", "-id")]


def _name(subject: models.Model) -> str:
    if isinstance(subject, Deliverable):
        return _("Deliverable %(code)s") % {"code": subject.code}
    if isinstance(subject, PartnerClaim):
        return _("Claim of %(organisation)s, period %(number)s") % {
            "organisation": subject.partner.organisation.name,
            "number": subject.period.number,
        }
    if isinstance(subject, PeriodicReport):
        return _("Report for period %(number)s") % {"number": subject.period.number}
    return str(subject)


def project_events(history: list[HistoryEntry]) -> list[Event]:
    """A project's history (``reporting.selectors.project_history``: the project and the deliverables, claims
    and reports the user may see) newest first, each naming and linking the object it moved (the project
    itself unlinked)."""
    events = []
    for entry in reversed(history):
        subject = entry.subject
        link = "" if isinstance(subject, Project) else page_of(subject)
        events.append(_event(entry.log, _name(subject), link))
    return events
