"""Whether a periodic report's narrative may be written now: the rule the pages ask before showing the form, the
same one ``periodic_report_update`` enforces."""

import pytest

from common.errors import ActionForbidden, Conflict
from projects import services
from projects.models import PeriodicReport


@pytest.fixture
def report(world) -> PeriodicReport:
    return world.objects["report"]


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_staff_and_coordinators_write_an_open_report(world, report, role):
    actor = world.users[role]
    assert services.periodic_report_editable(report=report, actor=actor)
    services.periodic_report_update(actor=actor, report=report, data={"narrative": "Written"})


@pytest.mark.parametrize("role", ["partner_same", "partner_other", "auditor"])
def test_partners_and_auditors_do_not(world, report, role):
    actor = world.users[role]
    assert not services.periodic_report_editable(report=report, actor=actor)
    with pytest.raises(ActionForbidden):
        services.periodic_report_update(actor=actor, report=report, data={"narrative": "Written"})


def test_nobody_writes_a_report_once_it_is_submitted(world, report):
    PeriodicReport.objects.filter(pk=report.pk).update(status=PeriodicReport.Status.SUBMITTED)
    report.refresh_from_db()
    assert not services.periodic_report_editable(report=report, actor=world.users["coordinator"])
    with pytest.raises(Conflict):
        services.periodic_report_update(actor=world.users["coordinator"], report=report, data={"narrative": "x"})


def test_someone_of_another_project_does_not(world, report):
    assert not services.periodic_report_editable(report=report, actor=world.users["outsider"])
