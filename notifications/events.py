"""Which event goes to whom: the one table (``EVENTS``), read by the services that tell people, the
preferences (one choice per kind), the pages and the tests.

An event answers something that happened (``common.events``: ``<machine>.<transition>`` or a write's own
name) or a reminder. Its recipients are *roles towards the object* — the access policy's own words,
turned into people by ``access.holders`` — never a second list of who is who. The actor is never told
of their own action.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from common.users import display_name
from projects.access import AUDITOR, COORDINATOR, OWN_PARTNER, PARTNER, STAFF, Role, project_of
from projects.models import Deliverable, PartnerClaim, PeriodicReport, Project
from reporting.figures import wording

MEMBERS = frozenset({COORDINATOR, PARTNER, AUDITOR})
COORDINATORS = frozenset({COORDINATOR})
OWNERS = frozenset({OWN_PARTNER})  # the members of the partner the object belongs to
OFFICE = frozenset({STAFF})


@dataclass(frozen=True)
class Event:
    """A kind of event: ``on`` what happened, told ``to`` whom, in what words.

    ``text`` has the placeholders of ``facts`` (``%(project)s``, ``%(code)s``, …) and ``%(actor)s``;
    ``label`` names the kind where a user chooses how to hear of it."""

    name: str
    on: str
    to: frozenset[Role]
    label: str
    text: str


EVENTS: tuple[Event, ...] = (
    # The project's life
    Event(
        "proposal_submitted",
        "project.submit_proposal",
        OFFICE,
        _("A proposal is submitted"),
        _("%(actor)s submitted the proposal of %(project)s."),
    ),
    Event(
        "proposal_changes_requested",
        "project.request_changes",
        COORDINATORS,
        _("Changes to a proposal are requested"),
        _("%(actor)s asked for changes to the proposal of %(project)s."),
    ),
    Event(
        "proposal_approved",
        "project.approve_proposal",
        MEMBERS,
        _("A proposal is approved"),
        _("%(actor)s approved the proposal of %(project)s."),
    ),
    Event(
        "proposal_declined",
        "project.decline_proposal",
        MEMBERS,
        _("A proposal is declined"),
        _("%(actor)s declined the proposal of %(project)s."),
    ),
    Event(
        "application_submitted",
        "project.submit_application",
        OFFICE,
        _("A funding application is submitted"),
        _("%(actor)s submitted the funding application of %(project)s."),
    ),
    Event(
        "award_recorded",
        "project.record_award",
        MEMBERS,
        _("A grant is awarded"),
        _("%(project)s was awarded its grant (recorded by %(actor)s)."),
    ),
    Event(
        "rejection_recorded",
        "project.record_rejection",
        MEMBERS,
        _("A funding application is rejected"),
        _("The funding application of %(project)s was rejected (recorded by %(actor)s)."),
    ),
    Event(
        "application_revised",
        "project.revise",
        OFFICE,
        _("A rejected application is revised"),
        _("%(actor)s is revising the rejected application of %(project)s."),
    ),
    Event(
        "agreement_signed",
        "project.sign_agreement",
        MEMBERS,
        _("A grant agreement is signed"),
        _("The grant agreement of %(project)s is signed (recorded by %(actor)s)."),
    ),
    Event(
        "final_reporting_started",
        "project.start_final_reporting",
        MEMBERS | OFFICE,
        _("Final reporting starts"),
        _("%(actor)s started the final reporting of %(project)s."),
    ),
    Event(
        "project_closed", "project.close", MEMBERS, _("A project is closed"), _("%(project)s is closed (by %(actor)s).")
    ),
    Event(
        "project_withdrawn",
        "project.withdraw",
        MEMBERS | OFFICE,
        _("A project is withdrawn"),
        _("%(actor)s withdrew %(project)s."),
    ),
    # Deliverables
    Event(
        "deliverable_file_added",
        "deliverable.file_added",
        COORDINATORS | OWNERS,
        _("A file is uploaded to a deliverable"),
        _("%(actor)s uploaded version %(version)s of %(code)s “%(title)s” (%(project)s)."),
    ),
    Event(
        "deliverable_submitted",
        "deliverable.submit",
        COORDINATORS,
        _("A deliverable is submitted"),
        _("%(actor)s submitted %(code)s “%(title)s” (%(project)s)."),
    ),
    Event(
        "deliverable_changes_requested",
        "deliverable.request_changes",
        OWNERS,
        _("Changes to a deliverable are requested"),
        _("%(actor)s requested changes to %(code)s “%(title)s” (%(project)s)."),
    ),
    Event(
        "deliverable_accepted",
        "deliverable.accept",
        OWNERS,
        _("A deliverable is accepted"),
        _("%(actor)s accepted %(code)s “%(title)s” (%(project)s)."),
    ),
    Event(
        "deliverable_waived",
        "deliverable.waive",
        OWNERS | COORDINATORS,
        _("A deliverable is waived"),
        _("%(actor)s waived %(code)s “%(title)s” (%(project)s)."),
    ),
    # Claims
    Event(
        "claim_submitted",
        "partner_claim.submit",
        COORDINATORS,
        _("A partner claim is submitted"),
        _("%(actor)s submitted the claim of %(organisation)s for period %(period)s (%(project)s)."),
    ),
    Event(
        "claim_certified",
        "partner_claim.certify",
        OWNERS,
        _("A partner claim is certified"),
        _("%(actor)s certified the claim of %(organisation)s for period %(period)s (%(project)s)."),
    ),
    Event(
        "claim_returned",
        "partner_claim.return",
        OWNERS,
        _("A partner claim is returned"),
        _("%(actor)s returned the claim of %(organisation)s for period %(period)s (%(project)s) with comments."),
    ),
    # Periodic reports
    Event(
        "report_submitted",
        "periodic_report.submit",
        OFFICE,
        _("A periodic report is submitted"),
        _("%(actor)s submitted the report for period %(period)s of %(project)s."),
    ),
    Event(
        "report_verification_started",
        "periodic_report.start_verification",
        COORDINATORS,
        _("The verification of a periodic report starts"),
        _("%(actor)s started verifying the report for period %(period)s of %(project)s."),
    ),
    Event(
        "report_approved",
        "periodic_report.approve",
        COORDINATORS,
        _("A periodic report is approved"),
        _("%(actor)s approved the report for period %(period)s of %(project)s."),
    ),
    Event(
        "report_returned",
        "periodic_report.return",
        COORDINATORS,
        _("A periodic report is returned"),
        _("%(actor)s returned the report for period %(period)s of %(project)s with comments."),
    ),
    # Reminders (``reminders.py``): the people who must act; when it is late, the coordinators too
    Event(
        "due_soon",
        "reminder.due_soon",
        OWNERS,
        _("Something of mine falls due soon (14, 7 and 1 days before)"),
        _("%(what)s is due %(when)s."),
    ),
    Event(
        "overdue",
        "reminder.overdue",
        OWNERS | COORDINATORS,
        _("Something of mine is overdue"),
        _("%(what)s was due on %(due)s and is overdue."),
    ),
)

BY_NAME = {event.name: event for event in EVENTS}
BY_TRIGGER = {event.on: event for event in EVENTS}

REMINDED_BY_COORDINATORS = (PeriodicReport,)
"""Reminders about these go to the coordinators, who write them, not to a partner they belong to."""


def recipients_roles(event: Event, obj: models.Model) -> frozenset[Role]:
    """The roles told of ``event`` about ``obj``: a reminder of a report goes to the coordinators."""
    if event.on.startswith("reminder.") and isinstance(obj, REMINDED_BY_COORDINATORS):
        return (event.to - OWNERS) | COORDINATORS
    return event.to


# --- What an object is, in words and as a link ------------------------------------------------------


def facts(obj: models.Model) -> dict[str, Any]:
    """What a message says about ``obj``, kept with the notification as it was then."""
    facts = {"project": project_of(obj).acronym}
    if isinstance(obj, Deliverable):
        facts.update(code=obj.code, title=obj.title)
    elif isinstance(obj, PartnerClaim):
        facts.update(organisation=obj.partner.organisation.name, period=obj.period.number)
    elif isinstance(obj, PeriodicReport):
        facts.update(period=obj.period.number)
    return facts


PAGES = {
    Project: "web:project",
    Deliverable: "web:deliverable",
    PartnerClaim: "web:claim",
    PeriodicReport: "web:periodic-report",
}


def absolute(path: str) -> str:
    """``path`` on this instance as e-mails and the calendar feed link to it (``SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path


def page_of(model: type[models.Model], pk: int) -> str:
    """The path of the object's page."""
    return reverse(PAGES[model], args=[pk])


def what(model: type[models.Model], params: dict[str, Any]) -> str:
    """The object a reminder is about, as the subject of a sentence."""
    if model is Deliverable:
        return gettext("Deliverable %(code)s “%(title)s” (%(project)s)") % params
    if model is PartnerClaim:
        return gettext("The claim of %(organisation)s for period %(period)s (%(project)s)") % params
    return gettext("The report for period %(period)s of %(project)s") % params


def when(days: int) -> str:
    if days == 0:
        return gettext("today")
    return ngettext("tomorrow", "in %(days)d days", days) % {"days": days}


def message(*, event: str, model: type[models.Model], params: dict[str, Any], actor) -> str:
    """The notification's sentence in the active language."""
    values = dict(params, actor=display_name(actor) if actor else gettext("Someone"))
    if event in ("due_soon", "overdue"):
        values.update(what=what(model, params), when=when(params.get("days", 0)))
        values["due"] = wording.date_text(date.fromisoformat(params["due"]), wording.active_language())
    return str(BY_NAME[event].text) % values if event in BY_NAME else event
