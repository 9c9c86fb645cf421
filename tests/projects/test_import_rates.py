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


def test_three_columns_are_a_months_rates_from_inforeuro(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,month,rate\nPLN,2026-11,4.2345\nCZK,2026-11,25.115\n")
    assert run(path) == "2 rates added, 0 updated, 0 unchanged.\n"
    pln = ExchangeRate.objects.get(currency="PLN", month=date(2026, 11, 1))
    assert (pln.rate, pln.source) == (Decimal("4.234500"), "InforEuro")


# The Commission's InforEuro monthly download: one row per country, semicolons, decimal commas; the
# euro area at 1 and currencies several countries share (USD) on several rows.
INFOREURO = """Country;Currency;ISO A3 code;ISO A2 code;Value;Start date;End date
Poland;Polish zloty;PLN;PL;4,2345;01/11/2026;30/11/2026
Czechia;Czech koruna;CZK;CZ;25,115;01/11/2026;30/11/2026
Slovenia;Euro;EUR;SI;1;01/11/2026;30/11/2026
United States;US dollar;USD;US;1,0821;01/11/2026;30/11/2026
Ecuador;US dollar;USD;EC;1,0821;01/11/2026;30/11/2026
"""


def test_the_inforeuro_download_is_read_as_it_is(tmp_path):
    path = tmp_path / "inforeuro-2026-11.csv"
    path.write_text(INFOREURO, encoding="utf-8-sig")
    assert run(path) == "3 rates added, 0 updated, 0 unchanged.\n"
    rates = {r.currency: (r.month, r.rate, r.source) for r in ExchangeRate.objects.all()}
    assert rates == {
        "PLN": (date(2026, 11, 1), Decimal("4.234500"), "InforEuro"),
        "CZK": (date(2026, 11, 1), Decimal("25.115000"), "InforEuro"),
        "USD": (date(2026, 11, 1), Decimal("1.082100"), "InforEuro"),
    }


def test_an_inforeuro_list_without_dates_takes_the_month_given(tmp_path):
    path = tmp_path / "inforeuro.csv"
    path.write_text("Country,Currency,ISO A3 code,ISO A2 code,Value,Comment\nPoland,Polish zloty,PLN,PL,4.2345,\n")
    with pytest.raises(CommandError, match=r"says no month: give the month the rates are for \(YYYY-MM\)"):
        run(path)
    out = StringIO()
    call_command("import_rates", str(path), by="office", month="2026-12", stdout=out)
    assert out.getvalue() == "1 rates added, 0 updated, 0 unchanged.\n"
    assert ExchangeRate.objects.get(currency="PLN").month == date(2026, 12, 1)


def test_a_bad_inforeuro_line_imports_nothing_and_is_named(tmp_path):
    path = tmp_path / "inforeuro.csv"
    path.write_text(
        INFOREURO + "Nowhere;Nothing;XXQ;XX;2,5;01/11/2026;30/11/2026\n"
        "Ecuador;US dollar;USD;EC;1,0900;01/11/2026;30/11/2026\n"
    )
    with pytest.raises(CommandError) as error:
        run(path)
    assert "line 7: 'XXQ' is not an ISO 4217 currency other than EUR" in str(error.value)
    assert "line 8: USD 2026-11 is 1.0900 here but 1.0821 on line 5" in str(error.value)
    assert not ExchangeRate.objects.exists()
