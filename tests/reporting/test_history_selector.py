"""``reporting.selectors.project_history``: every transition of a project and of its objects, the audit trail's
rows and the project page's history alike; scoped to what a user may see. And ``indicators_achieved``."""

from decimal import Decimal

from django.db.models import Sum

from projects.models import Deliverable, IndicatorValue, PartnerClaim, PeriodicReport, Project
from reporting.figures.audit import audit_trail, object_name
from reporting.selectors import indicators_achieved, project_history
from workflows.models import TransitionLog


def test_the_history_holds_every_transition_of_the_project_and_its_objects_in_the_order_they_happened(demo):
    entries = project_history(project=demo)

    claims = PartnerClaim.objects.filter(partner__project=demo)
    expected = (
        TransitionLog.objects.filter(object_type="projects.Project", object_id=demo.pk).count()
        + TransitionLog.objects.filter(
            object_type="projects.Deliverable",
            object_id__in=Deliverable.objects.filter(project=demo).values("pk"),
        ).count()
        + TransitionLog.objects.filter(object_type="projects.PartnerClaim", object_id__in=claims.values("pk")).count()
        + TransitionLog.objects.filter(
            object_type="projects.PeriodicReport",
            object_id__in=PeriodicReport.objects.filter(period__project=demo).values("pk"),
        ).count()
    )
    assert len(entries) == expected
    moments = [(entry.log.created_at, entry.log.pk) for entry in entries]
    assert moments == sorted(moments)
    assert entries[0].subject == demo and entries[0].log.transition == "submit_proposal"
    assert {type(entry.subject) for entry in entries} == {Project, Deliverable, PartnerClaim}
    projects = {
        entry.subject.pk
        if isinstance(entry.subject, Project)
        else entry.subject.partner.project_id
        if isinstance(entry.subject, PartnerClaim)
        else entry.subject.project_id
        for entry in entries
    }
    assert projects == {demo.pk}


def test_a_partner_reads_the_history_of_its_own_organisations_claims_only(demo, demo_user):
    everything = project_history(project=demo)
    partner = project_history(project=demo, user=demo_user("partner.gmt"))
    auditor = project_history(project=demo, user=demo_user("auditor"))

    claim_owners = {
        entry.subject.partner.organisation.name for entry in partner if isinstance(entry.subject, PartnerClaim)
    }
    assert claim_owners == {"GMT d.o.o."}
    assert [entry.log.pk for entry in auditor] == [entry.log.pk for entry in everything]
    others = [
        e
        for e in everything
        if isinstance(e.subject, PartnerClaim) and e.subject.partner.organisation.name != "GMT d.o.o."
    ]
    assert len(partner) == len(everything) - len(others)


def test_the_audit_trail_rows_are_the_history_named_for_the_document(demo):
    report = audit_trail(project=demo, period=None, as_of=demo.start_date)
    rows = report.tables[0].rows
    entries = project_history(project=demo)
    assert [row[0] for row in rows] == [entry.log.pk for entry in entries]
    assert [row[3] for row in rows] == [object_name(entry.subject) for entry in entries]
    assert "Claim of GMT d.o.o., P1" in {row[3] for row in rows}


def test_indicators_achieved_adds_up_the_values_of_every_period(demo, demo_user):
    indicators = indicators_achieved(user=demo_user("auditor"), project=demo)
    for indicator in indicators:
        summed = IndicatorValue.objects.filter(indicator=indicator).aggregate(total=Sum("value"))["total"]
        assert indicator.achieved == (summed or Decimal(0))
    assert any(indicator.achieved for indicator in indicators)
    assert not indicators_achieved(user=demo_user("partner.mechanik"), project=demo).exists()
