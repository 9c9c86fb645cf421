"""Exchange rates: every signed-in user reads them (to see which rate a claim was converted at), staff
write them, also by importing a month's CSV in the admin."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import ExchangeRate

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:projects_exchangerate_import")


@pytest.mark.parametrize("role", ["coordinator", "partner_same", "partner_other", "auditor", "outsider"])
def test_every_signed_in_user_reads_the_rates(world, client_for, role):
    client = client_for(world.users[role])
    response = client.get("/api/exchange-rates/")
    assert response.status_code == 200
    assert [(r["currency"], r["month"], r["rate"]) for r in response.json()["results"]] == [
        ("PLN", "2026-01", "4.250000")
    ]
    rate = world.objects["exchange_rate"]
    assert client.patch(f"/api/exchange-rates/{rate.pk}/", {"rate": "4.3"}, format="json").status_code == 403


@pytest.fixture
def office(world, admin_client):
    """The cluster office in the admin (a superuser: the admin asks Django's model permissions too)."""
    return admin_client


def test_the_rates_page_offers_the_import(office):
    page = office.get(reverse("admin:projects_exchangerate_changelist")).content.decode()
    assert IMPORT_URL in page and "Import rates from CSV" in page


def test_staff_import_a_months_csv_in_the_admin(office):
    upload = SimpleUploadedFile("rates.csv", b"currency,month,rate\nPLN,2026-11,4.2345\nHUF,2026-11,402.1\n")
    response = office.post(IMPORT_URL, {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "2 rates added, 0 updated, 0 unchanged." in response.content.decode()
    assert ExchangeRate.objects.get(currency="HUF", month=date(2026, 11, 1)).rate == Decimal("402.100000")


def test_a_bad_file_in_the_admin_imports_nothing_and_names_the_line(office):
    upload = SimpleUploadedFile("rates.csv", b"currency,month,rate\nPLN,2026-11,4.2345\nPLN,2026-13,4.3\n")
    response = office.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing imported." in page and "line 3: month &#x27;2026-13&#x27; is not YYYY-MM" in page
    assert not ExchangeRate.objects.filter(month=date(2026, 11, 1)).exists()


def test_the_month_of_an_inforeuro_list_is_given_on_the_form(office):
    content = b"Country;Currency;ISO A3 code;Value\nPoland;Polish zloty;PLN;4,2345\n"
    upload = SimpleUploadedFile("inforeuro.csv", content)
    response = office.post(IMPORT_URL, {"file": upload, "month": "2026-10"}, follow=True)
    assert "1 rates added" in response.content.decode()
    assert ExchangeRate.objects.get(currency="PLN", month=date(2026, 10, 1)).source == "InforEuro"


def test_only_staff_reach_the_import_page(world, client):
    client.force_login(world.users["coordinator"])
    assert client.get(IMPORT_URL).status_code == 302  # to the admin's login: not staff
