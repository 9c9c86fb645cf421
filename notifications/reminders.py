"""Reminders before due dates: deliverables, partner claims and periodic reports still to be done, 14, 7
and 1 days before they fall due and once they are overdue, to the people who must act (``events``:
``due_soon`` and ``overdue``).

Each reminder goes out once per object, due date and threshold: its ``Reminder`` row is inserted in the
same transaction as its notifications, and the unique constraint lets only one of several runs (beat
twice, a retry, two workers at once) insert it. Moving a due date re-arms the reminders: the new date
has no rows yet. A day the reminders did not run is caught up: an object is reminded for the threshold
it is within now (due in 5 days: the 7-day reminder), not for the ones it passed meanwhile.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from notifications.events import BY_NAME, Event
from notifications.models import Reminder
from notifications.services import notify, recipients
from projects.models import Deliverable, PartnerClaim, PeriodicReport
from projects.models.delivery import OUTSTANDING
from projects.models.periods import ClaimStatus, PeriodicReportStatus
from projects.models.projects import ProjectStatus

THRESHOLDS = (14, 7, 1)
"""Days before the due date; the last one covers the due date itself."""

OVERDUE = 0
"""The threshold of the reminder once the due date has passed."""

RUNNING = (ProjectStatus.IN_IMPLEMENTATION, ProjectStatus.FINAL_REPORTING)
"""Only projects under way have work falling due."""


@dataclass(frozen=True)
class Due:
    """An object still to be done, its due date, and the reminder it is due for today."""

    obj: models.Model
    due_date: date
    days: int  # until the due date; negative once past
    threshold: int

    @property
    def event(self) -> Event:
        return BY_NAME["overdue" if self.threshold == OVERDUE else "due_soon"]


def threshold(days: int) -> int | None:
    """The reminder an object due in ``days`` is within: 14, 7, 1, ``OVERDUE``, or none yet."""
    if days < 0:
        return OVERDUE
    return next((t for t in sorted(THRESHOLDS) if days <= t), None)


def _outstanding(today: date) -> Iterator[tuple[models.Model, date]]:
    until = today + timedelta(days=max(THRESHOLDS))
    deliverables = Deliverable.objects.filter(
        status__in=OUTSTANDING, due_date__lte=until, project__status__in=RUNNING
    ).select_related("project", "responsible_partner")
    for deliverable in deliverables:
        yield deliverable, deliverable.due_date
    claims = PartnerClaim.objects.filter(
        status=ClaimStatus.DRAFT, period__report_due_date__lte=until, partner__project__status__in=RUNNING
    ).select_related("partner__project", "partner__organisation", "period")
    for claim in claims:
        yield claim, claim.period.report_due_date
    reports = PeriodicReport.objects.filter(
        status=PeriodicReportStatus.OPEN, period__report_due_date__lte=until, period__project__status__in=RUNNING
    ).select_related("period__project")
    for report in reports:
        yield report, report.period.report_due_date


def reminders_due(*, today: date | None = None) -> list[Due]:
    """The reminders that have not gone out yet and are due as of ``today`` (the instance's date)."""
    today = today or timezone.localdate()
    reached = []
    for obj, due_date in _outstanding(today):
        days = (due_date - today).days
        if (at := threshold(days)) is not None:
            reached.append(Due(obj, due_date, days, at))
    sent = _sent(reached)
    found = [due for due in reached if _key(due) not in sent]
    return sorted(found, key=lambda due: (due.due_date, type(due.obj).__name__, due.obj.pk))


def _key(due: Due) -> tuple[int, int, date, int]:
    return ContentType.objects.get_for_model(due.obj).pk, due.obj.pk, due.due_date, due.threshold


def _sent(reached: list[Due]) -> set[tuple[int, int, date, int]]:
    """The keys of the reminders among ``reached`` that went out already (one query)."""
    rows = Reminder.objects.filter(target_id__in={due.obj.pk for due in reached})
    return set(rows.values_list("target_type_id", "target_id", "due_date", "threshold"))


def reminder_recipients(due: Due) -> list:
    return list(recipients(due.event, due.obj))


def reminder_send(due: Due) -> bool:
    """Claim the reminder and notify its people, together; whether this run was the one that sent it."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                target_type=ContentType.objects.get_for_model(due.obj),
                target_id=due.obj.pk,
                due_date=due.due_date,
                threshold=due.threshold,
                sent_at=timezone.now(),
            )
            notify(event=due.event, obj=due.obj, params={"days": due.days, "due": due.due_date.isoformat()})
    except IntegrityError:  # another run claimed it first
        return False
    return True


def reminders_send(*, today: date | None = None) -> list[Due]:
    """Send every reminder due as of ``today``; the ones this run sent."""
    return [due for due in reminders_due(today=today) if reminder_send(due)]
