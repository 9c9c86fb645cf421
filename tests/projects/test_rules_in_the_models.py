"""Every rule lives in the model of the thing: ``full_clean()`` refuses the wrong row whoever builds it, so
the admin (and a management command, a task, the shell) cannot save what the API refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from projects.models import FlatRate
from tests.factories import PartnerClaimFactory, PartnerFactory, ReportingPeriodFactory
from tests.helpers import submit


def _other_lead(w):
    return w.other_project.partners.get()


def _other_period(w):
    return ReportingPeriodFactory(project=w.other_project, number=1)


def _flat_rate(w):
    return w.objects["programme"].flat_rates.get()


# (rule, the row, the wrong values, what the refusal says)
WRONG = [
    (
        "a mandate names a partner of its own project",
        lambda w: w.objects["mandate_a"],
        lambda w: {"partner": _other_lead(w)},
        "This partner belongs to another project.",
    ),
    (
        "a flat rate does not take over a category budgeted line by line",
        _flat_rate,
        lambda w: {"category": "travel"},
        "already budget or claim travel line by line",
    ),
    (
        "a project has one lead partner",
        lambda w: w.objects["partner_b"],
        lambda w: {"role": "lead"},
        "CIRCLE already has a lead partner: Šolski center Velenje.",
    ),
    (
        "a work package is led by a partner of its project",
        lambda w: w.objects["work_package"],
        lambda w: {"lead_partner": _other_lead(w)},
        "The lead partner is not in this project.",
    ),
    (
        "an indicator's value is for a period of its project",
        lambda w: w.objects["indicator_value"],
        lambda w: {"period": _other_period(w)},
        "The period belongs to another project than the indicator.",
    ),
    (
        "a partner member works for an organisation",
        lambda w: w.objects["auditor_membership"],
        lambda w: {"role": "partner", "organisation": None},
        "A partner member works for an organisation: name it.",
    ),
    (
        "an exchange rate is never for EUR",
        lambda w: w.objects["exchange_rate"],
        lambda w: {"currency": "EUR"},
        "EUR is the base of every rate",
    ),
    (
        "a period ends after it starts",
        lambda w: w.objects["period"],
        lambda w: {"end_date": datetime.date(2025, 12, 31)},
        "The period cannot end before it starts.",
    ),
]
IDS = [rule for rule, *_ in WRONG]


@pytest.mark.parametrize(("rule", "row", "wrong", "says"), WRONG, ids=IDS)
def test_the_model_refuses_the_wrong_row(world, rule, row, wrong, says):
    obj = row(world)
    for name, value in wrong(world).items():
        setattr(obj, name, value)
    with pytest.raises(ValidationError, match=says):
        obj.full_clean()


@pytest.mark.parametrize(("rule", "row", "wrong", "says"), WRONG, ids=IDS)
def test_the_admin_refuses_the_wrong_row(world, admin_client, rule, row, wrong, says):
    obj, values = row(world), wrong(world)
    before = {name: getattr(obj, name) for name in values}
    form_values = {name: "" if value is None else getattr(value, "pk", value) for name, value in values.items()}

    response = submit(admin_client, obj, **form_values)

    assert response.status_code == 200  # the form again, with the refusal
    assert says in response.content.decode().replace("&#x27;", "'")
    obj.refresh_from_db()
    assert {name: getattr(obj, name) for name in before} == before


def test_a_programme_cannot_add_a_flat_rate_on_a_category_budgeted_line_by_line(world, admin_client):
    programme = world.objects["programme"]
    response = submit(
        admin_client,
        programme,
        **{
            "flat_rates-TOTAL_FORMS": 2,
            "flat_rates-1-category": "travel",
            "flat_rates-1-rate": "10.00",
            "flat_rates-1-base": '["staff"]',
        },
    )
    assert response.status_code == 200
    assert "already budget or claim travel line by line" in response.content.decode()
    assert not FlatRate.objects.filter(programme=programme, category="travel").exists()


def test_an_associated_partner_has_no_claim(world):
    associated = PartnerFactory(project=world.project, associated=True)
    with pytest.raises(ValidationError, match="is an associated partner: it claims nothing"):
        PartnerClaimFactory.build(partner=associated, period=world.objects["period"]).full_clean()
