"""A user's deadlines as an iCalendar (RFC 5545) feed: what ``GET /calendar/{token}.ics`` answers.

What is in it: every deliverable, milestone and reporting period's report due date of the projects the
user may see (``projects.access.visible``: the one access policy, no role logic here), past ones too —
a calendar keeps history — but none of a declined, rejected or withdrawn project. Each is an all-day
event on its due date (``VALUE=DATE``, ending the next day): due dates are already dates on the
instance's clock (``TIME_ZONE``, named in ``X-WR-TIMEZONE``), so no time of day or time zone is made up.
Events are ``TRANSPARENT``: a deadline does not make anyone busy.

The same object is the same event for every user and every fetch, so that calendar clients update it
instead of adding a second one:

- its ``UID`` is made of the kind, the primary key and the host of ``SITE_URL``
  (``deliverable-7@clusterflow.example``);
- it says the same to everyone: nothing in it depends on who reads it (a partner's own claims are not
  listed) — which is also why it is written in English: the feed is fetched by calendar clients, with no
  sign-in and no language of their own, and one text per event is what lets a single revision row
  count its changes (``FeedRevision``), which a text per reader's language would make flip back and
  forth between readers;
- ``SEQUENCE`` and ``LAST-MODIFIED`` come from ``FeedRevision``, since the domain models record no time of
  change: the revision keeps a SHA-256 of what the event shows (summary, dates, description, link,
  category); a build that finds it different bumps ``SEQUENCE`` by one and sets ``LAST-MODIFIED`` to now,
  a new event starts at 0. Two feeds built at the same moment cannot bump one change twice: new rows are
  inserted ignoring conflicts, and a bump only applies to a row still holding the fingerprint it was
  read with. The next build catches up whatever a race left behind.

The summary names what is due and the project (``D2.1 Training curriculum — TALENT``) and, when it
matters, where it stands: done (``✓ accepted``, ``waived``, ``✓ achieved``, ``✓ approved``) or, in a
project under way, ``overdue`` as of ``today``. The description adds the project's title, who is
responsible, the status and the link to the object's page (``SITE_URL``).

A feed costs the same few queries however many events it has (up to ``BATCH`` of them per revision
query).
"""

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar, Event
from icalendar.enums import TRANSP

from common.users import display_name
from notifications.events import absolute
from notifications.models import FeedRevision
from notifications.reminders import RUNNING
from projects.access import visible
from projects.models import Deliverable, Milestone, Project, ReportingPeriod
from projects.models.delivery import OUTSTANDING, DeliverableStatus
from projects.models.periods import PeriodicReportStatus
from projects.models.projects import ProjectStatus

PRODID = "-//Clusterflow//Deadlines//EN"
LANGUAGE = "en"
DEAD = (ProjectStatus.DECLINED, ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN)
"""Projects that will never deliver anything: their deadlines leave the calendar."""

BATCH = 500
"""Revisions read or bumped per query (well under any database's limit of parameters)."""

DELIVERABLE, MILESTONE, REPORT = "Deliverable", "Milestone", "Periodic report"
"""The events' CATEGORIES."""


@dataclass(frozen=True)
class Deadline:
    """One event of the feed, as it reads for everyone who may see it."""

    uid: str
    category: str
    day: date
    summary: str
    description: str
    url: str

    @property
    def end(self) -> date:
        return self.day + timedelta(days=1)

    @property
    def fingerprint(self) -> str:
        """What the event shows: when it changes, calendar clients must be told (a new SEQUENCE)."""
        shown = [self.category, self.day.isoformat(), self.end.isoformat(), self.summary, self.description, self.url]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


def feed(*, user: AbstractBaseUser, today: date | None = None) -> bytes:
    """The user's calendar of deadlines, as iCalendar bytes; ``today`` (the instance's date by default)
    decides what is overdue. Records each event's revision as a side effect."""
    today = today or timezone.localdate()
    now = timezone.now()
    with translation.override(LANGUAGE):  # the status labels, whatever language the request asked for
        deadlines = sorted(deadlines_of(user, today=today), key=lambda deadline: (deadline.day, deadline.uid))
    revisions = revisions_of(deadlines, now=now)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Clusterflow: {display_name(user)}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for deadline in deadlines:
        revision = revisions[deadline.uid]
        calendar.add_component(
            Event.new(
                uid=deadline.uid,
                start=deadline.day,
                end=deadline.end,
                summary=deadline.summary,
                description=deadline.description,
                url=deadline.url,
                categories=[deadline.category],
                transparency=TRANSP.TRANSPARENT,
                stamp=now.astimezone(UTC),
                sequence=revision.sequence,
                last_modified=revision.modified_at.astimezone(UTC),
            )
        )
    return calendar.to_ical()


# --- What is due ---------------------------------------------------------------------------------


def deadlines_of(user: AbstractBaseUser, *, today: date) -> Iterator[Deadline]:
    """Every deadline of the projects the user may see that are not dead, in three queries."""
    alive = ~Q(project__status__in=DEAD)
    deliverables = Deliverable.objects.filter(alive).select_related(
        "project", "work_package", "responsible_partner__organisation"
    )
    for deliverable in visible(user, deliverables):
        yield _deliverable(deliverable, today)
    for milestone in visible(user, Milestone.objects.filter(alive).select_related("project")):
        yield _milestone(milestone, today)
    for period in visible(user, ReportingPeriod.objects.filter(alive).select_related("project", "report")):
        yield _period(period, today)


def _deliverable(deliverable: Deliverable, today: date) -> Deadline:
    project = deliverable.project
    done = {DeliverableStatus.ACCEPTED: "✓ accepted", DeliverableStatus.WAIVED: "waived"}.get(deliverable.status)
    late = deliverable.status in OUTSTANDING and _late(project, deliverable.due_date, today)
    url = absolute(reverse("web:deliverable", args=[deliverable.pk]))
    return Deadline(
        uid=_uid("deliverable", deliverable.pk),
        category=DELIVERABLE,
        day=deliverable.due_date,
        summary=_summary(f"{deliverable.code} {deliverable.title} — {project.acronym}", done, late),
        description=_description(
            _project_line(project),
            f"Work package: {deliverable.work_package}",
            f"Responsible partner: {deliverable.responsible_partner.organisation.name}",
            f"Status: {DeliverableStatus(deliverable.status).label}" + (" (overdue)" if late else ""),
            url,
        ),
        url=url,
    )


def _milestone(milestone: Milestone, today: date) -> Deadline:
    project = milestone.project
    achieved = milestone.achieved_on is not None
    late = not achieved and _late(project, milestone.due_date, today)
    if achieved:
        status = f"Achieved on {milestone.achieved_on.isoformat()}"
    else:
        status = "Overdue, not achieved" if late else "Not achieved yet"
    url = absolute(reverse("web:project", args=[project.pk]))
    return Deadline(
        uid=_uid("milestone", milestone.pk),
        category=MILESTONE,
        day=milestone.due_date,
        summary=_summary(
            f"{milestone.code} {milestone.title} — {project.acronym}", "✓ achieved" if achieved else None, late
        ),
        description=_description(
            _project_line(project), "Responsible: the project's coordinators", f"Status: {status}", url
        ),
        url=url,
    )


def _period(period: ReportingPeriod, today: date) -> Deadline:
    """The report due date of a period: the coordinators' periodic report and every funded partner's
    claim. Its page is the report's, where both are done (the project's while the report is not opened)."""
    project = period.project
    report = getattr(period, "report", None)  # a period made outside the service may have none yet
    if report is None:
        what, done, late = "Periodic report", None, False
        status = "Status of the report: not opened yet"
        url = absolute(reverse("web:project", args=[project.pk]))
    else:
        what = "Final report" if report.is_final else "Periodic report"
        done = "✓ approved" if report.status == PeriodicReportStatus.APPROVED else None
        late = report.status == PeriodicReportStatus.OPEN and _late(project, period.report_due_date, today)
        status = f"Status of the report: {PeriodicReportStatus(report.status).label}" + (" (overdue)" if late else "")
        url = absolute(reverse("web:periodic-report", args=[report.pk]))
    return Deadline(
        uid=_uid("period", period.pk),
        category=REPORT,
        day=period.report_due_date,
        summary=_summary(f"{what} and claims for period {period.number} due — {project.acronym}", done, late),
        description=_description(
            _project_line(project),
            f"Period {period.number}: {period.start_date.isoformat()} to {period.end_date.isoformat()}",
            "Responsible: the project's coordinators (the report) and each funded partner (its claim)",
            status,
            url,
        ),
        url=url,
    )


def _late(project: Project, due_date: date, today: date) -> bool:
    """Past its due date in a project under way (a proposal's dates are only a plan)."""
    return project.status in RUNNING and due_date < today


def _summary(what: str, done: str | None, late: bool) -> str:
    state = done or ("overdue" if late else None)
    return f"{what} ({state})" if state else what


def _project_line(project: Project) -> str:
    return f"Project: {project.acronym} — {project.title}"


def _description(*lines: str) -> str:
    return "\n".join(lines)


def _uid(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname}"


# --- Revisions -----------------------------------------------------------------------------------


def revisions_of(deadlines: Sequence[Deadline], *, now: datetime) -> dict[str, FeedRevision]:
    """Each deadline's revision by UID, brought up to date with what it shows now: made at sequence 0
    when new, bumped by one (``modified_at`` = ``now``) when its fingerprint changed."""
    shown = {deadline.uid: deadline.fingerprint for deadline in deadlines}
    known = _read(shown)
    missing = [
        FeedRevision(uid=uid, fingerprint=fingerprint, sequence=0, modified_at=now)
        for uid, fingerprint in shown.items()
        if uid not in known
    ]
    changed = [(uid, known[uid].fingerprint, shown[uid]) for uid in known if known[uid].fingerprint != shown[uid]]
    if not missing and not changed:
        return known
    # A feed built at the same moment may insert the same rows first: theirs stand, read back below.
    FeedRevision.objects.bulk_create(missing, batch_size=BATCH, ignore_conflicts=True)
    for batch in _batches(changed):
        # Only rows still holding the fingerprint read above: a change is never counted twice.
        FeedRevision.objects.filter(reduce(or_, (Q(uid=uid, fingerprint=old) for uid, old, _ in batch))).update(
            fingerprint=Case(*(When(uid=uid, then=Value(new)) for uid, _, new in batch)),
            sequence=F("sequence") + 1,
            modified_at=now,
        )
    return _read(shown)


def _read(uids: Iterable[str]) -> dict[str, FeedRevision]:
    return {
        revision.uid: revision
        for batch in _batches(list(uids))
        for revision in FeedRevision.objects.filter(uid__in=batch)
    }


def _batches(items: list) -> Iterator[list]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]
