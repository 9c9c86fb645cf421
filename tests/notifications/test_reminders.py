"""Reminders 14, 7 and 1 days before a due date and once overdue, to the people who must act: each once,
however often the reminders run, and again when the due date moves."""

import threading
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from notifications import reminders
from notifications.models import Notification, Reminder
from projects.models import Deliverable, Project


@pytest.fixture
def running(world):
    """CIRCLE under way: D1.1 (the lead's) falls due on 2026-03-31; period 1's report and claims on 2027-03-01."""
    Project.objects.filter(pk=world.project.pk).update(status="in_implementation")
    return world


def _told(event="due_soon"):
    return sorted(Notification.objects.filter(event=event).values_list("user__username", "params__days", "target_id"))


@pytest.mark.parametrize(
    ("today", "threshold", "days"),
    [
        ("2026-03-17", 14, 14),
        ("2026-03-20", 14, 11),
        ("2026-03-24", 7, 7),
        ("2026-03-30", 1, 1),
        ("2026-03-31", 1, 0),
    ],
)
def test_a_deliverable_is_reminded_within_each_threshold(
    running, django_capture_on_commit_callbacks, today, threshold, days
):
    deliverable = running.objects["deliverable"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.reminders_send(today=date.fromisoformat(today))
    assert [(due.obj, due.threshold) for due in sent] == [(deliverable, threshold)]
    assert _told() == [("partner.velenje", days, deliverable.pk)]
    [message] = mail.outbox
    assert message.to == [running.users["partner_same"].email]
    expected = {14: "in 14 days", 11: "in 11 days", 7: "in 7 days", 1: "tomorrow", 0: "today"}[days]
    assert f"D1.1 “{deliverable.title}” (CIRCLE) is due {expected}." in message.body


def test_nothing_is_reminded_more_than_fifteen_days_ahead(running):
    assert reminders.reminders_due(today=date(2026, 3, 16)) == []


def test_each_reminder_goes_out_once_however_often_it_runs(running, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for day in ["2026-03-17", "2026-03-17", "2026-03-18", "2026-03-24", "2026-03-24", "2026-03-30", "2026-03-31"]:
            reminders.reminders_send(today=date.fromisoformat(day))
            reminders.reminders_send(today=date.fromisoformat(day))
    assert [days for _user, days, _pk in _told()] == [1, 7, 14]
    assert len(mail.outbox) == 3


def test_overdue_is_told_once_to_the_partner_and_the_coordinators(running, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_send(today=date(2026, 4, 1))
        reminders.reminders_send(today=date(2026, 4, 20))
    deliverable = running.objects["deliverable"]
    assert [(user, pk) for user, _days, pk in _told("overdue")] == [
        ("coordinator", deliverable.pk),
        ("partner.velenje", deliverable.pk),
    ]


def test_a_moved_due_date_rearms_the_reminders(running, django_capture_on_commit_callbacks):
    deliverable = running.objects["deliverable"]
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_send(today=date(2026, 3, 24))  # the 7-day reminder
        Deliverable.objects.filter(pk=deliverable.pk).update(due_date=date(2026, 4, 30))
        assert reminders.reminders_send(today=date(2026, 3, 24)) == []  # 37 days ahead now
        sent = reminders.reminders_send(today=date(2026, 4, 23))
    assert [(due.due_date, due.threshold) for due in sent] == [(date(2026, 4, 30), 7)]
    assert [days for _user, days, _pk in _told()] == [7, 7]


def test_what_is_done_is_not_reminded(running):
    Deliverable.objects.filter(pk=running.objects["deliverable"].pk).update(status="submitted")
    assert reminders.reminders_due(today=date(2026, 3, 24)) == []


def test_a_project_not_under_way_has_no_reminders(world):
    assert reminders.reminders_due(today=date(2026, 3, 24)) == []  # CIRCLE is still a proposal


def test_reports_and_claims_are_reminded_to_who_writes_them(running, django_capture_on_commit_callbacks):
    Deliverable.objects.filter(pk=running.objects["deliverable"].pk).update(status="accepted")
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.reminders_send(today=date(2027, 2, 22))
    kinds = sorted(type(due.obj).__name__ for due in sent)
    assert kinds == ["PartnerClaim", "PartnerClaim", "PeriodicReport"]
    told = sorted(
        (n.target_type.model, n.user.username) for n in Notification.objects.select_related("target_type", "user")
    )
    assert told == [
        ("partnerclaim", "partner.gmt"),
        ("partnerclaim", "partner.velenje"),
        ("periodicreport", "coordinator"),
    ]


def test_the_command_lists_without_sending_then_sends_once(running, capsys):
    call_command("send_reminders", "--dry-run", "--today", "2026-03-24")
    assert "D1.1" in capsys.readouterr().out
    assert not Reminder.objects.exists() and not Notification.objects.exists()

    call_command("send_reminders", "--today", "2026-03-24")
    out = capsys.readouterr().out
    assert "due in 7 days" in out and "1 reminder(s) sent." in out
    call_command("send_reminders", "--today", "2026-03-24")
    assert "0 reminder(s) sent." in capsys.readouterr().out
    assert Notification.objects.count() == 1


@pytest.mark.postgres
def test_two_runs_at_once_send_each_reminder_once(running, transactional_db):
    start = threading.Barrier(2)
    sent: list[int] = []

    def run() -> None:
        try:
            start.wait()
            sent.append(len(reminders.reminders_send(today=date(2026, 3, 24))))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(sent) == [0, 1]
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(event="due_soon").count() == 1
