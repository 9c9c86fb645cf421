"""``manage.py import_rates``: idempotent, all or nothing, with the bad line named."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import ExchangeRate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def office(db):
    return UserFactory(username="office", staff=True)


def run(path, by: str = "office") -> str:
    out = StringIO()
    call_command("import_rates", str(path), by=by, stdout=out)
    return out.getvalue()


def test_import_is_idempotent_and_updates_a_changed_rate(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,month,rate,source\nPLN,2026-10,4.3265,InforEuro\nCZK,2026-10,24.98,InforEuro\n")
    assert run(path) == "2 rates added, 0 updated, 0 unchanged.\n"
    assert run(path) == "0 rates added, 0 updated, 2 unchanged.\n"
    path.write_text("PLN,2026-10,4.3300,InforEuro\n")
    assert run(path) == "0 rates added, 1 updated, 0 unchanged.\n"
    assert ExchangeRate.objects.get(currency="PLN", month=date(2026, 10, 1)).rate == Decimal("4.330000")


def test_a_bad_line_imports_nothing_and_is_named(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(
        "PLN,2026-10,4.3265,InforEuro\nEUR,2026-10,1,InforEuro\nPLN,2026-13,4.3,InforEuro\nPLN,2026-11,-1,X\n"
    )
    with pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    assert "line 2: 'EUR' is not an ISO 4217 currency other than EUR" in message
    assert "line 3: month '2026-13' is not YYYY-MM" in message
    assert "line 4: rate '-1' is not a positive number" in message
    assert not ExchangeRate.objects.exists()


def test_only_staff_import_rates(tmp_path):
    UserFactory(username="coordinator")
    path = tmp_path / "rates.csv"
    path.write_text("PLN,2026-10,4.3265,InforEuro\n")
    with pytest.raises(
        CommandError, match="Nothing imported: Only the cluster office's staff may change clusters, programmes"
    ):
        run(path, by="coordinator")
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        run(path, by="nobody")
    assert not ExchangeRate.objects.exists()
