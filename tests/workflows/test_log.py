"""The transition log: append-only, chained, and a tampered row is found by the verification command."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from workflows.models import TransitionLog
from workflows.services import transition_take


@pytest.fixture
def logged(world):
    """Three transitions on CIRCLE's proposal: submitted, sent back by staff, submitted again."""
    project = world.project
    project.summary = "Circular innovation city labs in four pilots."
    project.save()
    transition_take(obj=project, name="submit_proposal", actor=world.users["coordinator"])
    transition_take(obj=project, name="request_changes", actor=world.users["staff"], comment="Add the budget.")
    transition_take(obj=project, name="submit_proposal", actor=world.users["coordinator"])
    return list(TransitionLog.objects.order_by("id"))


def verify() -> str:
    out = io.StringIO()
    call_command("verify_transition_log", stdout=out)
    return out.getvalue()


def test_rows_chain_each_to_the_one_before(logged):
    assert [row.transition for row in logged] == ["submit_proposal", "request_changes", "submit_proposal"]
    assert logged[0].previous_hash == ""
    assert logged[1].previous_hash == logged[0].hash
    assert logged[2].previous_hash == logged[1].hash
    assert "OK: 3 rows" in verify()


def test_rows_cannot_be_changed_or_deleted_through_the_orm(logged):
    row = logged[0]
    row.comment = "rewritten"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        TransitionLog.objects.filter(pk=row.pk).update(comment="rewritten")
    with pytest.raises(PermissionError):
        TransitionLog.objects.all().delete()


def test_an_edited_row_is_detected(logged):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TransitionLog._meta.db_table} SET comment = %s WHERE id = %s", ["Looks fine.", logged[1].pk]
        )
    with pytest.raises(CommandError, match=f"row {logged[1].pk} .*edited"):
        verify()


def test_a_deleted_row_is_detected(logged):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TransitionLog._meta.db_table} WHERE id = %s", [logged[1].pk])
    with pytest.raises(CommandError, match=f"row {logged[2].pk} .*removed or changed"):
        verify()


def test_a_removed_last_row_is_detected(logged):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TransitionLog._meta.db_table} WHERE id = %s", [logged[2].pk])
    with pytest.raises(CommandError, match="rows at the end were removed"):
        verify()


def test_the_api_shows_the_history_oldest_first(world, client_for, logged):
    rows = client_for(world.users["auditor"]).get(f"/api/projects/{world.project.pk}/history/").json()
    coordinator, office = world.users["coordinator"], world.users["staff"]
    assert [(row["transition"], row["actor"], row["actor_name"], row["comment"]) for row in rows] == [
        ("submit_proposal", coordinator.pk, coordinator.get_full_name(), ""),
        ("request_changes", office.pk, office.get_full_name(), "Add the budget."),
        ("submit_proposal", coordinator.pk, coordinator.get_full_name(), ""),
    ]
    assert rows[2]["previous_hash"] == rows[1]["hash"]
