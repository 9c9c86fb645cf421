"""The projects list and a project's page through Django's test client: filters, order, pages, the CSV
export, htmx fragments, scope (404) and what each role is shown."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from projects import selectors
from projects.models import Organisation, PartnerClaim, Project
from tests.helpers import demo_loaded
from web import lifecycle
from web.templatetags.pages import money
from web.views import projects as project_views
from workflows import registry
from workflows.services import transition_take


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password="demo-password-123"):
        yield


@pytest.fixture
def client_for(demo_data, db):
    def signed_in(username: str) -> Client:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return signed_in


def project(acronym: str) -> Project:
    return Project.objects.get(acronym=acronym)


def listed(response) -> list[str]:
    """The acronyms in the list's table, in order."""
    return re.findall(r'<th scope="row"><a href="/projects/\d+/">([^<]+)</a>', response.content.decode())


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- The list ------------------------------------------------------------------------------------


def test_each_user_lists_their_own_projects(client_for):
    assert listed(client_for("coordinator").get("/projects/")) == ["CIRCLE", "MPMF", "OZE-LAB", "Talentjourney"]
    assert listed(client_for("partner.gmt").get("/projects/")) == ["CIRCLE", "Talentjourney"]
    assert listed(client_for("auditor").get("/projects/")) == ["CIRCLE", "MPMF", "Talentjourney"]


def test_the_list_filters_by_stage_cluster_call_partner_and_search(client_for):
    coordinator = client_for("coordinator")
    oze = project("OZE-LAB")
    mechanik = Organisation.objects.get(short_name="ZST „Mechanik”")

    assert listed(coordinator.get("/projects/", {"status": "proposal"})) == ["OZE-LAB"]
    assert listed(coordinator.get("/projects/", {"cluster": oze.cluster_id})) == ["MPMF", "OZE-LAB"]
    assert listed(coordinator.get("/projects/", {"call": oze.call_id})) == ["OZE-LAB"]
    assert listed(coordinator.get("/projects/", {"organisation": mechanik.pk})) == ["MPMF", "OZE-LAB"]
    assert listed(coordinator.get("/projects/", {"search": "talent"})) == ["Talentjourney"]
    assert listed(coordinator.get("/projects/", {"search": "ŹRÓDEŁ"})) == ["OZE-LAB"]  # any letter case


def test_the_filter_form_offers_only_what_the_users_projects_hold(client_for):
    page = client_for("partner.gmt").get("/projects/").content.decode()
    assert "KSSEMP Educational Cluster" not in page  # the cluster of MPMF and OZE-LAB
    assert "Velenje business–education partnership" in page


def test_a_malformed_filter_is_said_and_filters_nothing(client_for):
    response = client_for("coordinator").get("/projects/", {"cluster": "abc"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()
    assert len(listed(response)) == 4


def test_the_list_sorts_by_each_column_the_stage_in_lifecycle_order(client_for):
    coordinator = client_for("coordinator")
    assert listed(coordinator.get("/projects/", {"ordering": "-acronym"})) == [
        "Talentjourney",
        "OZE-LAB",
        "MPMF",
        "CIRCLE",
    ]
    assert listed(coordinator.get("/projects/", {"ordering": "status"}))[0] == "OZE-LAB"  # a proposal comes first
    assert listed(coordinator.get("/projects/", {"ordering": "-start_date"}))[0] == "OZE-LAB"
    assert listed(coordinator.get("/projects/", {"ordering": "summary"}))[0] == "CIRCLE"  # not sortable: by acronym
    page = coordinator.get("/projects/", {"ordering": "title"}).content.decode()
    assert re.search(r'aria-sort="ascending">\s*<a href="\?ordering=-title"', page)


def test_the_list_is_paginated(client_for, monkeypatch):
    monkeypatch.setattr(project_views, "PAGE_SIZE", 3)
    coordinator = client_for("coordinator")
    first = coordinator.get("/projects/")
    assert listed(first) == ["CIRCLE", "MPMF", "OZE-LAB"]
    assert "Page 1 of 2" in first.content.decode()
    assert listed(coordinator.get("/projects/", {"page": 2})) == ["Talentjourney"]


def test_an_htmx_request_gets_the_results_fragment_only(client_for):
    response = client_for("coordinator").get("/projects/", {"status": "proposal"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="project-results"')
    assert "<html" not in html
    assert listed(response) == ["OZE-LAB"]


def test_the_csv_export_has_exactly_the_filtered_rows(client_for):
    response = client_for("coordinator").get(
        reverse("web:projects-export"), {"cluster": project("Talentjourney").cluster_id, "ordering": "-acronym"}
    )
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith('attachment; filename="projects-')
    rows = csv_rows(response)
    assert rows[0] == [
        "acronym",
        "title",
        "status",
        "cluster",
        "call",
        "start_date",
        "end_date",
        "total_budget",
        "requested_grant",
        "granted_amount",
        "currency",
    ]
    talentjourney = project("Talentjourney")
    assert [row[0] for row in rows[1:]] == ["Talentjourney", "CIRCLE"]
    assert rows[1] == [
        "Talentjourney",
        talentjourney.title,
        "In implementation",
        talentjourney.cluster.name,
        "ERASMUS-EDU-2024-PEX-COVE",
        "2025-01-01",
        "2027-12-31",
        str(talentjourney.total_budget()),
        str(talentjourney.requested_grant()),
        "465000.00",
        "EUR",
    ]


def test_the_csv_export_is_scoped_to_the_user(client_for):
    rows = csv_rows(client_for("partner.gmt").get(reverse("web:projects-export")))
    assert [row[0] for row in rows[1:]] == ["CIRCLE", "Talentjourney"]


def test_the_csv_export_neutralises_a_formula_in_a_title(client_for):
    Project.objects.filter(acronym="CIRCLE").update(title='=HYPERLINK("http://evil.example")')
    rows = csv_rows(client_for("coordinator").get(reverse("web:projects-export"), {"search": "CIRCLE"}))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'


def test_the_pages_need_a_signed_in_user(demo_data, db):
    for url in ["/projects/", "/projects/export.csv", f"/projects/{project('CIRCLE').pk}/"]:
        response = Client().get(url)
        assert response.status_code == 302


# --- A project's page ----------------------------------------------------------------------------


def test_a_project_outside_the_users_scope_is_not_found(client_for):
    assert client_for("partner.gmt").get(f"/projects/{project('MPMF').pk}/").status_code == 404
    assert client_for("auditor").get(f"/projects/{project('OZE-LAB').pk}/").status_code == 404
    assert client_for("auditor").get("/projects/999999/").status_code == 404


def test_the_step_bar_shows_the_stage_and_what_comes_next(client_for):
    html = client_for("coordinator").get(f"/projects/{project('Talentjourney').pk}/").content.decode()
    steps = re.search(r'<ol class="steps">(.*?)</ol>', html, re.S).group(1)
    assert steps.count('class="done"') == 5
    assert re.search(r'class="current" aria-current="step">\s*<span[^>]*>Now: </span>In implementation', steps)
    assert "Start final reporting → <strong>Final reporting</strong>" in html


def test_the_main_path_is_read_from_the_machine():
    assert lifecycle.main_path(registry.get("project")) == [
        "proposal",
        "proposal_review",
        "application_preparation",
        "application_submitted",
        "contracting",
        "in_implementation",
        "final_reporting",
        "closed",
    ]


def test_a_side_state_is_current_after_the_stage_it_was_reached_from(client_for):
    oze = project("OZE-LAB")
    coordinator = get_user_model().objects.get(username="coordinator")
    transition_take(obj=oze, name="submit_proposal", actor=coordinator, comment="", payload={})
    transition_take(obj=oze, name="withdraw", actor=coordinator, comment="The school cannot host it.", payload={})

    html = client_for("coordinator").get(f"/projects/{oze.pk}/").content.decode()
    steps = re.findall(r"<li class=\"(\w*)\"[^>]*>\s*(?:<span[^>]*>[^<]*</span>)?([^<]+?)\s*</li>", html)
    assert steps[:3] == [("done", "Proposal"), ("done", "Proposal under review"), ("current", "Withdrawn")]
    assert "This is the end of the project's lifecycle." in html
    assert "The school cannot host it." in html


def test_a_coordinator_gets_the_transition_forms_and_the_reasons_of_blocked_ones(client_for):
    coordinator = client_for("coordinator")
    oze = coordinator.get(f"/projects/{project('OZE-LAB').pk}/").content.decode()
    assert f'action="/transitions/project/{project("OZE-LAB").pk}/submit_proposal/"' in oze
    talentjourney = coordinator.get(f"/projects/{project('Talentjourney').pk}/").content.decode()
    assert "The report for period 1 is open, not approved." in talentjourney
    assert "The report for period 2 is open, not approved." in talentjourney


def test_an_auditor_sees_no_transition_buttons(client_for):
    html = client_for("auditor").get(f"/projects/{project('Talentjourney').pk}/").content.decode()
    assert "/transitions/" not in html
    assert "Next steps" not in html
    assert f'href="/reports/?project={project("Talentjourney").pk}"' in html


def test_a_partner_sees_its_own_money_claims_and_history_only(client_for):
    talentjourney = project("Talentjourney")
    html = client_for("partner.gmt").get(f"/projects/{talentjourney.pk}/").content.decode()
    gmt_claims = PartnerClaim.objects.filter(partner__project=talentjourney, partner__organisation__name="GMT d.o.o.")
    others = PartnerClaim.objects.filter(partner__project=talentjourney).exclude(pk__in=gmt_claims)
    for claim in gmt_claims:
        assert f'href="/claims/{claim.pk}/"' in html
    for claim in others:
        assert f'href="/claims/{claim.pk}/"' not in html  # neither in the periods nor in the history
    assert "Claim of GMT d.o.o., period 1" in html
    assert "Claim of Šolski center Velenje" not in html
    assert "You see your own organisation's figures only." in html
    assert "/reports/?project=" not in html  # partners read no generated documents


def test_the_budget_shows_the_figures_of_the_budget_selector(client_for):
    talentjourney = project("Talentjourney")
    coordinator = get_user_model().objects.get(username="coordinator")
    figures = selectors.budget_vs_actual(
        partners=talentjourney.partners.all() & selectors.money_partner_list(user=coordinator)
    )
    totals = selectors.budget_totals(figures)
    html = client_for("coordinator").get(f"/projects/{talentjourney.pk}/").content.decode()
    assert 'role="img"' in html and '<title id="chart-partners-title">' in html
    for amount in (totals.budget, totals.declared, totals.certified, totals.remaining):
        assert money(amount, "EUR") in html


def test_the_history_says_the_chain_is_intact(client_for):
    html = client_for("auditor").get(f"/projects/{project('CIRCLE').pk}/").content.decode()
    assert "The transition log is intact: no entry has been changed or removed." in html


def test_the_page_is_in_the_users_language(client_for):
    client = client_for("coordinator")
    client.cookies["django_language"] = "pl"
    html = client.get(f"/projects/{project('Talentjourney').pk}/").content.decode()
    assert "465 000,00 €" in html.replace("\xa0", " ").replace("\u202f", " ")
