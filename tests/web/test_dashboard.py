"""The dashboard page at / (no browser needed): each item one click from its page, nothing of another
organisation's money, a kind word for an auditor."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from projects.models import Deliverable, PartnerClaim, Project
from tests.helpers import demo_loaded


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password="demo-password-123"):
        yield


@pytest.fixture
def page_of(demo_data, db, client):
    def get(username: str) -> str:
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get(reverse("web:home"))
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_a_visitor_gets_the_sign_in_form(demo_data, db, client):
    response = client.get(reverse("web:home"))

    assert "Sign in to Clusterflow" in response.content.decode()
    assert "To do" not in response.content.decode()


def test_the_coordinators_work_links_to_where_it_is_done(page_of):
    html = page_of("coordinator")

    review = Deliverable.objects.get(project__acronym="Talentjourney", code="D2.2")
    certify = PartnerClaim.objects.get(
        partner__project__acronym="Talentjourney", partner__organisation__short_name="Bosch", period__number=1
    )
    proposal = Project.objects.get(acronym="OZE-LAB")
    assert f'href="{reverse("web:deliverable", args=[review.pk])}"' in html
    assert f'href="{reverse("web:claim", args=[certify.pk])}"' in html
    assert f'href="{reverse("web:project", args=[proposal.pk])}"' in html
    assert "Accept the deliverable" in html and "Certify the claim" in html and "Submit the proposal" in html
    assert "Blocked: The claim of Robert Bosch d.o.o. for period 1 is submitted, not certified." in html
    assert reverse("web:periodic-report", args=[certify.period.report.pk]) in html
    assert "Withdraw the project" not in html
    assert "Waiting for others" in html and "My projects" in html


def test_a_partner_sees_no_other_organisations_claim(page_of):
    html = page_of("partner.gmt")

    assert "Claim of GMT d.o.o. for period 2" in html
    for claim in PartnerClaim.objects.exclude(partner__organisation__short_name="GMT"):
        assert f'href="{reverse("web:claim", args=[claim.pk])}"' not in html
    assert "Robert Bosch" not in html


def test_an_auditor_is_told_kindly_there_is_nothing_to_do(page_of):
    html = page_of("auditor")

    assert "Nothing to do: you read and download." in html
    assert "Waiting for others" not in html
    assert "Talentjourney" in html and "OZE-LAB" not in html  # not a member there


def test_staff_see_every_project(page_of):
    html = page_of("office")

    for project in Project.objects.all():
        assert f'href="{reverse("web:project", args=[project.pk])}"' in html
    assert "Nothing to do right now." in html
