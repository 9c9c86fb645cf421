"""The periodic report page with Django's client: who sees what of the period, who writes the narrative, the
submit and verification buttons, and the history."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from projects import services
from projects.models import PeriodicReport
from tests.helpers import demo_loaded
from workflows.services import transition_take


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password="demo-password-123"):
        yield


@pytest.fixture
def report(demo_data, db) -> PeriodicReport:
    """Talentjourney's first report: narrative written, open, Bosch's claim submitted but not certified."""
    return PeriodicReport.objects.get(period__project__acronym="Talentjourney", period__number=1)


def user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def signed_in(client, demo_data, db):
    def as_user(username: str):
        client.force_login(user(username))
        return client

    return as_user


def url(report: PeriodicReport) -> str:
    return reverse("web:periodic-report", args=[report.pk])


def test_the_coordinator_sees_the_period_its_claims_and_deliverables_and_the_narrative_form(signed_in, report):
    response = signed_in("coordinator").get(url(report))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Report for period 1" in html
    assert '<textarea name="narrative"' in html and "Kick-off in Velenje" in html
    for organisation in ["Šolski center Velenje", "GMT d.o.o.", "Robert Bosch d.o.o."]:
        assert organisation in html
    for claim in report.period.claims.all():
        assert reverse("web:claim", args=[claim.pk]) in html
    assert "D5.1" in html and reverse("web:deliverable", args=[report.period.project.deliverables.get(code="D5.1").pk])
    assert "D5.2" not in html  # due in 2027, another period
    # Submit is blocked while Bosch's claim is not certified, and says so.
    assert "Submit the report" in html
    assert "The claim of Robert Bosch d.o.o. for period 1 is submitted, not certified." in html


def test_a_partner_sees_only_its_own_claim_and_no_form(signed_in, report):
    html = signed_in("partner.gmt").get(url(report)).content.decode()
    assert "GMT d.o.o." in html and "Robert Bosch d.o.o." not in html
    assert "<textarea" not in html and "Kick-off in Velenje" in html
    assert "Submit the report" not in html


def test_the_auditor_reads_and_sees_no_buttons(signed_in, report):
    html = signed_in("auditor").get(url(report)).content.decode()
    assert "Robert Bosch d.o.o." in html
    assert "<textarea" not in html and "Next steps" not in html


def test_a_report_of_another_project_is_not_found(signed_in, report):
    assert signed_in("partner.mechanik").get(url(report)).status_code == 404


def test_the_coordinator_saves_the_narrative_and_deviations(signed_in, report):
    client = signed_in("coordinator")
    response = client.post(url(report), {"narrative": "The incubator opened.", "deviations": "M3 slipped a month."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.narrative, report.deviations) == ("The incubator opened.", "M3 slipped a month.")
    assert "The narrative and deviations are saved." in client.get(url(report)).content.decode()


def test_writing_a_submitted_report_is_refused_with_the_services_message(signed_in, report):
    client = signed_in("coordinator")
    PeriodicReport.objects.filter(pk=report.pk).update(status=PeriodicReport.Status.SUBMITTED)
    html = client.get(url(report)).content.decode()
    assert "<textarea" not in html

    response = client.post(url(report), {"narrative": "Too late", "deviations": ""}, follow=True)
    html = response.content.decode()
    assert "it can be edited again only if verification returns it" in html
    report.refresh_from_db()
    assert report.narrative != "Too late"


def test_a_partner_may_not_write_the_narrative(signed_in, report):
    response = signed_in("partner.gmt").post(url(report), {"narrative": "Ours", "deviations": ""})
    assert response.status_code == 403
    assert not PeriodicReport.objects.filter(narrative="Ours").exists()


def test_staff_verify_a_submitted_report_and_the_history_shows_it(signed_in, report):
    bosch = report.period.claims.get(partner__organisation__short_name="Bosch")
    transition_take(obj=bosch, name="certify", actor=user("coordinator"))
    transition_take(obj=report, name="submit", actor=user("coordinator"), comment="All claims certified.")
    client = signed_in("office")
    html = client.get(url(report)).content.decode()
    assert 'value="start_verification"' in html and 'value="submit"' not in html
    history = html[html.index('<ol class="history">') :]
    newest = history[: history.index("</li>")]  # the history's newest entry: who, what, comment
    assert "Maja Kovačič" in newest and "Submit the report" in newest and "All claims certified." in newest

    action = reverse("web:transition", args=["periodic_report", report.pk, "start_verification"])
    client.post(action, {"next": url(report)})
    html = client.get(url(report)).content.decode()
    assert 'value="approve"' in html and 'value="return"' in html
    report.refresh_from_db()
    assert not services.periodic_report_editable(report=report, actor=user("office"))


def test_the_periods_declared_and_certified_totals_are_the_budget_figures(signed_in, report):
    html = signed_in("auditor").get(url(report)).content.decode()
    footer = html.split("<tfoot>")[1].split("</tfoot>")[0]
    # Five claims declared, Bosch's (€7,640.20) submitted but not certified.
    assert "€104,971.30" in footer and "€97,331.10" in footer
    html = signed_in("partner.gmt").get(url(report)).content.decode()
    assert "€12,050.00" in html.split("<tfoot>")[1]  # a partner's totals are its own


def test_a_narrative_sent_after_the_report_was_submitted_is_refused_and_shown_back_unsaved(signed_in, report):
    bosch = report.period.claims.get(partner__organisation__short_name="Bosch")
    transition_take(obj=bosch, name="certify", actor=user("coordinator"))
    transition_take(obj=report, name="submit", actor=user("coordinator"))  # in another tab, say
    written = report.narrative

    response = signed_in("coordinator").post(url(report), {"narrative": "Typed on the stale page", "deviations": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Typed on the stale page" in html  # nothing the coordinator typed is lost
    assert '<textarea name="narrative"' not in html  # the report is read-only now
    report.refresh_from_db()
    assert report.narrative == written
