"""Twenty people clicking the same transition at once: exactly one wins, the rest are told it changed."""

import threading

import pytest
from django.db import connection

from common.errors import Conflict
from projects.models import Project
from workflows.models import TransitionLog
from workflows.services import transition_take

THREADS = 20


@pytest.mark.postgres
def test_twenty_racing_transitions_make_one_change_and_one_log_row(world, transactional_db):
    project = world.project
    Project.objects.filter(pk=project.pk).update(summary="Circular innovation city labs.")
    coordinator = world.users["coordinator"]
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def click() -> None:
        try:
            start.wait()
            transition_take(obj=Project.objects.get(pk=project.pk), name="submit_proposal", actor=coordinator)
            outcomes.append("taken")
        except Conflict:
            outcomes.append("409")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["409"] * (THREADS - 1) + ["taken"]
    assert Project.objects.get(pk=project.pk).status == "proposal_review"
    assert TransitionLog.objects.filter(object_id=project.pk, transition="submit_proposal").count() == 1
