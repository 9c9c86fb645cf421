"""``manage.py demo``: idempotent, built from the seeds, consistent with the domain's rules."""

import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from projects.demo import UNCHANGED, world
from projects.models import (
    BudgetLine,
    Cluster,
    ExchangeRate,
    Expense,
    Organisation,
    Partner,
    PartnerClaim,
    Project,
    ProjectMembership,
    SupportingDocument,
)
from projects.periods import reporting_period_dates
from tests.helpers import demo_loaded
from workflows.services import history

PASSWORD = "demo-pass-123"
DEMO_USERNAMES = ("office", "coordinator", "partner.gmt", "partner.mechanik", "auditor")
CYRILLIC = re.compile("[\u0400-\u04ff]")


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def printed_password(output: str, username: str) -> str:
    """The password column of ``username``'s row in the printed logins table."""
    for line in output.splitlines():
        cells = line.split()
        if cells and cells[0] == username:
            return cells[-1]
    raise AssertionError(f"{username} is not in the output:\n{output}")


def counts() -> dict[str, int]:
    result = {
        model._meta.label: model._default_manager.count() for model in apps.get_app_config("projects").get_models()
    }
    result["users"] = get_user_model().objects.count()
    return result


def snapshot() -> dict[str, list[dict]]:
    """Every field of every row of the projects app, the cluster members and the users (password hashes too)."""
    models = [*apps.get_app_config("projects").get_models(), Cluster.members.through, get_user_model()]
    return {model._meta.label: list(model._default_manager.order_by("pk").values()) for model in models}


def in_implementation() -> list[Project]:
    projects = list(Project.objects.filter(status=Project.Status.IN_IMPLEMENTATION).with_budget_data())
    assert projects, "the demo has projects in implementation"
    return projects


@pytest.fixture
def demo_output(db) -> str:
    """A load of its own, for a test that changes the demo's rows or runs the command again."""
    return run_demo("--password", PASSWORD)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media"), password=PASSWORD) as output:
        yield output


@pytest.fixture
def demo(demo_once, db) -> str:
    """One load shared by the tests that only read the demo (rolled back after the module)."""
    return demo_once


# --- Idempotence ---------------------------------------------------------------------------------


def test_a_second_run_adds_no_rows(demo_output):
    first = counts()

    run_demo("--password", PASSWORD)

    assert counts() == first
    assert all(first[model._meta.label] > 0 for model in (Organisation, Project, PartnerClaim, Expense))


def test_a_second_run_changes_no_values(demo_output):
    first = snapshot()

    run_demo("--password", PASSWORD)

    assert snapshot() == first


def test_a_second_run_keeps_what_changed_since(demo_output):
    Project.objects.filter(acronym="MPMF").update(status=Project.Status.FINAL_REPORTING)
    Organisation.objects.filter(name="GMT d.o.o.").update(city="Velenje")
    ExchangeRate.objects.filter(currency="PLN", month=date(2026, 11, 1)).update(rate=Decimal("4.2999"), source="ECB")

    run_demo("--password", PASSWORD)

    assert Project.objects.get(acronym="MPMF").status == Project.Status.FINAL_REPORTING
    assert Organisation.objects.get(name="GMT d.o.o.").city == "Velenje"
    assert ExchangeRate.objects.get(currency="PLN", month=date(2026, 11, 1)).source == "ECB"


def test_a_second_run_adds_nothing_to_a_submitted_claim(demo_output):
    claim = Expense.objects.filter(claim__partner__organisation__name="GMT d.o.o.").first().claim
    SupportingDocument.objects.filter(expense__claim=claim).delete()
    claim.expenses.all().delete()
    PartnerClaim.objects.filter(pk=claim.pk).update(status=PartnerClaim.Status.SUBMITTED)

    run_demo("--password", PASSWORD)

    assert not claim.expenses.exists()


def test_a_row_that_breaks_a_model_rule_stops_the_whole_load(db, monkeypatch, tmp_path):
    data = shutil.copytree(world.DATA_DIR, tmp_path / "data")
    stray = """
- username: partner.stray
  first_name: Ana
  last_name: Kranjc
  email: ana.kranjc@example.org
  memberships:
    - {project: CIRCLE, role: partner, organisation: ZST „Mechanik”}
"""
    with (data / "users.yaml").open("a", encoding="utf-8") as users:
        users.write(stray)
    monkeypatch.setattr(world, "DATA_DIR", data)

    with pytest.raises(CommandError, match="project membership .* not a partner in the project"):
        run_demo("--password", PASSWORD)

    assert not Organisation.objects.exists()
    assert not get_user_model().objects.exists()


def test_without_a_password_one_is_generated_and_kept_on_the_next_run(db):
    output = run_demo()
    generated = {username: printed_password(output, username) for username in DEMO_USERNAMES}

    second_output = run_demo()

    assert len(set(generated.values())) == len(DEMO_USERNAMES)
    for username, password in generated.items():
        assert len(password) >= 16
        assert printed_password(second_output, username) == UNCHANGED
        assert authenticate(username=username, password=password) is not None


def test_the_password_option_replaces_a_generated_password(db):
    generated = printed_password(run_demo(), "partner.gmt")

    run_demo("--password", PASSWORD)

    assert authenticate(username="partner.gmt", password=PASSWORD) is not None
    assert authenticate(username="partner.gmt", password=generated) is None


# --- Passwords and output; from here on, one shared load of the demo (``demo``) -------------------


def test_the_output_lists_the_logins_and_the_counts(demo):
    for username in DEMO_USERNAMES:
        assert printed_password(demo, username) == PASSWORD
    assert "coordinator in Talentjourney, CIRCLE, MPMF, OZE-LAB" in demo
    assert "15 organisations, 3 clusters" in demo


def test_the_given_password_works_for_every_user(demo):
    for username in DEMO_USERNAMES:
        assert authenticate(username=username, password=PASSWORD) is not None
    office = get_user_model().objects.get(username="office")
    assert office.is_staff and office.is_superuser


# --- Built from the seeds ------------------------------------------------------------------------


def test_names_keep_their_diacritics(demo):
    assert Organisation.objects.filter(name="Šolski center Velenje", country="SI", kind="school").exists()
    assert Organisation.objects.filter(name="Zespół Szkół Technicznych „Mechanik” w Jeleniej Górze").exists()
    assert Organisation.objects.filter(name__startswith="Zespół Szkół").count() >= 4
    assert "16 December 2014" in Cluster.objects.get(name="KSSEMP Educational Cluster").description


def test_talentjourney_keeps_the_macedonian_original(demo):
    assert CYRILLIC.search(Project.objects.get(acronym="Talentjourney").summary)


def test_the_mpmf_indicators_have_the_pilots_targets(demo):
    project = Project.objects.get(acronym="MPMF")

    indicators = list(project.indicators.all())

    assert sorted(indicator.target for indicator in indicators) == [4, 10, 20, 23, 168]
    assert all(indicator.baseline == 0 for indicator in indicators)
    assert all(indicator.values.exists() for indicator in indicators)
    assert project.call.programme.currency == "PLN"


def test_the_renewable_energy_classroom_is_a_proposal(demo):
    proposal = Project.objects.with_budget_data().get(status=Project.Status.PROPOSAL)

    assert proposal.lead_partner.organisation.name == "Zespół Szkół Technicznych „Mechanik” w Jeleniej Górze"
    assert proposal.call.programme.currency == "PLN"
    assert proposal.lead_partner.budget_by_category()["equipment"] == Decimal("180000.00")
    assert not proposal.periods.exists()
    assert proposal.requested_grant() <= proposal.call.max_grant


# --- Consistent with the domain's rules ----------------------------------------------------------


def test_talentjourney_periods_are_back_to_back_and_end_with_the_project(demo):
    project = Project.objects.get(acronym="Talentjourney")

    periods = list(project.periods.order_by("number"))

    assert [period.number for period in periods] == [1, 2, 3]
    assert periods[0].start_date == project.start_date
    for previous, period in pairwise(periods):
        assert period.start_date == previous.end_date + timedelta(days=1)
    assert periods[-1].end_date == project.end_date


def months_later(day: date, months: int) -> date:
    """The same day of the month ``months`` later (the demo's periods start on the 1st)."""
    month_index = day.month - 1 + months
    return day.replace(year=day.year + month_index // 12, month=month_index % 12 + 1)


def test_every_project_in_implementation_has_periods_and_reports_by_the_rules(demo):
    for project in in_implementation():
        programme = project.call.programme
        months, due_days = programme.reporting_period_months, programme.report_due_days
        periods = list(project.periods.order_by("number"))

        assert [period.number for period in periods] == list(range(1, len(periods) + 1))
        assert periods[0].start_date == project.start_date
        for previous, period in pairwise(periods):
            assert previous.end_date == months_later(previous.start_date, months) - timedelta(days=1), previous
            assert period.start_date == previous.end_date + timedelta(days=1), period
        assert periods[-1].end_date == project.end_date
        assert periods[-1].end_date < months_later(periods[-1].start_date, months)  # not longer than the others
        assert all(period.report_due_date == period.end_date + timedelta(days=due_days) for period in periods)
        assert [period.report.is_final for period in periods] == [False] * (len(periods) - 1) + [True]


def test_every_funded_partner_in_implementation_has_a_claim_per_period(demo):
    for project in in_implementation():
        funded = [partner for partner in project.partners.all() if partner.is_funded]
        expected = {(partner.pk, period.pk) for partner in funded for period in project.periods.all()}

        claims = PartnerClaim.objects.filter(partner__project=project)

        assert set(claims.values_list("partner", "period")) == expected


def test_talentjourneys_first_period_was_claimed_through_the_transitions(demo):
    claims = PartnerClaim.objects.filter(partner__project__acronym="Talentjourney").select_related(
        "partner__organisation", "period"
    )
    first = {claim.partner.organisation.name: claim.status for claim in claims if claim.period.number == 1}

    assert first.pop("Robert Bosch d.o.o.") == PartnerClaim.Status.SUBMITTED  # still being checked
    assert set(first.values()) == {PartnerClaim.Status.CERTIFIED}
    assert all(claim.status == PartnerClaim.Status.DRAFT for claim in claims if claim.period.number > 1)
    assert not PartnerClaim.objects.exclude(partner__project__acronym="Talentjourney").exclude(
        status=PartnerClaim.Status.DRAFT
    )
    polish = Expense.objects.filter(
        claim__period__number=1, currency="PLN", claim__partner__project__acronym="Talentjourney"
    )
    assert polish and all(line.rate_basis.startswith("PLN 4.244458 per EUR") for line in polish)


def test_budget_lines_and_expenses_never_use_a_flat_rate_category(demo):
    for line in BudgetLine.objects.select_related("partner__project__call__programme"):
        assert line.category not in line.partner.project.programme.flat_rate_categories, line
    for expense in Expense.objects.select_related("claim__partner__project__call__programme"):
        assert expense.category not in expense.claim.partner.project.programme.flat_rate_categories, expense


def test_every_project_has_exactly_one_lead(demo):
    for project in Project.objects.all():
        assert project.partners.filter(role=Partner.Role.LEAD).count() == 1, project


def test_awarded_grants_fit_the_request_and_the_call(demo):
    for project in in_implementation():
        assert 0 < project.granted_amount <= project.requested_grant() <= project.call.max_grant, project
        assert project.funder_reference


def test_expenses_lie_in_their_period_and_foreign_currencies_have_rates(demo):
    expenses = list(Expense.objects.select_related("claim__period", "claim__partner__project__call__programme"))
    currencies = {
        (expense.claim.partner.organisation.name, expense.claim.partner.project.acronym, expense.currency)
        for expense in expenses
    }

    assert ("GMT d.o.o.", "Talentjourney", "EUR") in currencies
    assert ("Zespół Szkół Elektronicznych w Jeleniej Górze", "Talentjourney", "PLN") in currencies
    for expense in expenses:
        period = expense.claim.period
        assert period.start_date <= expense.incurred_on <= period.end_date, expense
        if expense.currency != expense.claim.partner.project.currency:
            month = expense.incurred_on.replace(day=1)
            assert ExchangeRate.objects.filter(currency=expense.currency, month=month).exists(), expense
    assert all("not an official rate" in rate.source for rate in ExchangeRate.objects.all())


def test_memberships_act_for_the_right_organisations(demo):
    for membership in ProjectMembership.objects.select_related("project", "organisation"):
        if membership.role == ProjectMembership.Role.COORDINATOR:
            assert membership.organisation == membership.project.lead_partner.organisation
        elif membership.role == ProjectMembership.Role.PARTNER:
            assert membership.project.partners.filter(organisation=membership.organisation).exists()
        else:
            assert membership.organisation is None
    assert set(
        ProjectMembership.objects.filter(user__username="partner.gmt").values_list("project__acronym", flat=True)
    ) == {"Talentjourney", "CIRCLE"}


# --- Reporting period dates ----------------------------------------------------------------------


def test_periods_divide_an_exact_duration_evenly():
    periods = reporting_period_dates(
        start_date=date(2025, 1, 1), end_date=date(2027, 12, 31), months=12, report_due_days=60
    )

    assert [(p.number, p.start_date, p.end_date) for p in periods] == [
        (1, date(2025, 1, 1), date(2025, 12, 31)),
        (2, date(2026, 1, 1), date(2026, 12, 31)),
        (3, date(2027, 1, 1), date(2027, 12, 31)),
    ]
    assert periods[0].report_due_date == date(2026, 3, 1)


def test_the_last_period_is_shorter_and_ends_with_the_project():
    periods = reporting_period_dates(
        start_date=date(2025, 9, 1), end_date=date(2027, 6, 30), months=12, report_due_days=0
    )

    assert [(p.start_date, p.end_date) for p in periods] == [
        (date(2025, 9, 1), date(2026, 8, 31)),
        (date(2026, 9, 1), date(2027, 6, 30)),
    ]
    assert periods[-1].report_due_date == date(2027, 6, 30)


def test_a_start_on_the_31st_does_not_drift():
    periods = reporting_period_dates(
        start_date=date(2025, 1, 31), end_date=date(2025, 4, 29), months=1, report_due_days=60
    )

    assert [(p.start_date, p.end_date) for p in periods] == [
        (date(2025, 1, 31), date(2025, 2, 27)),
        (date(2025, 2, 28), date(2025, 3, 30)),
        (date(2025, 3, 31), date(2025, 4, 29)),
    ]


def test_period_dates_refuse_nonsense():
    with pytest.raises(ValueError, match="at least one month"):
        reporting_period_dates(start_date=date(2025, 1, 1), end_date=date(2025, 12, 31), months=0, report_due_days=60)
    with pytest.raises(ValueError, match="ends"):
        reporting_period_dates(start_date=date(2025, 1, 1), end_date=date(2024, 12, 31), months=6, report_due_days=60)


def test_projects_in_implementation_got_there_through_real_transitions(demo):
    for project in in_implementation():
        steps = [(row.transition, row.actor.username) for row in history(obj=project)]
        assert steps == [
            ("submit_proposal", "coordinator"),
            ("approve_proposal", "office"),
            ("submit_application", "coordinator"),
            ("record_award", "office"),
            ("sign_agreement", "coordinator"),
        ]
        assert project.granted_amount is not None and project.funder_reference
    call_command("verify_transition_log", stdout=StringIO())
