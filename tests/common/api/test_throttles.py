"""The sign-in throttle holds: a client cannot reset it with X-Forwarded-For, a username's budget of failed
attempts holds across addresses, the counters live where every web process sees them, and the admin's
sign-in page counts like the API's token endpoint."""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from common.api.throttles import LoginAddressThrottle

RIGHT = "test-password-123"  # the factories' password


def sign_in(username: str, password: str, **headers):
    return APIClient().post(reverse("auth-token"), {"username": username, "password": password}, **headers)


def test_a_new_x_forwarded_for_does_not_give_a_new_budget(world):
    statuses = [
        sign_in("coordinator", f"guess-{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(12)
    ]
    assert statuses == [401] * 10 + [429] * 2


def test_behind_one_proxy_the_address_it_appends_is_the_client(world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The client writes what it likes in front; our proxy appends the address it saw.
    for n in range(10):
        assert sign_in("coordinator", "guess", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.7").status_code == 401
    assert sign_in("coordinator", "guess", HTTP_X_FORWARDED_FOR="10.9.9.99, 198.51.100.7").status_code == 429
    assert sign_in("coordinator", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200


def test_failed_attempts_on_one_username_from_many_addresses_are_stopped(world):
    for n in range(20):
        assert sign_in("coordinator", f"guess-{n}", REMOTE_ADDR=f"198.51.100.{n}").status_code == 401
    refused = sign_in("coordinator", RIGHT, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429  # even the right password: the guesses must not go on
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["detail"].startswith("Too many sign-in attempts.")
    assert int(refused["Retry-After"]) > 0
    # Another user signs in from the same address.
    assert sign_in("auditor", RIGHT, REMOTE_ADDR="192.0.2.1").status_code == 200


def test_the_username_budget_is_the_same_whatever_the_case(world):
    for n in range(20):
        username = "coordinator" if n % 2 else "COORDINATOR"
        assert sign_in(username, "guess", REMOTE_ADDR=f"198.51.100.{n}").status_code == 401
    assert sign_in("Coordinator", "guess", REMOTE_ADDR="192.0.2.1").status_code == 429


def test_successful_sign_ins_do_not_spend_the_username_budget(world):
    statuses = {sign_in("coordinator", RIGHT, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(25)}
    assert statuses == {200}


def test_the_counters_are_in_the_shared_cache_not_in_the_process(world):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    for _ in range(3):
        sign_in("coordinator", "guess", REMOTE_ADDR="198.51.100.1")
    key = LoginAddressThrottle.cache_format % {"scope": "login", "ident": "198.51.100.1"}
    # A second connection to the cache, as another web process has, sees the three attempts ...
    assert len(caches.create_connection("default").get(key)) == 3
    # ... because they are rows of the cache's table in the database.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(settings.CACHES['default']['LOCATION'])}")
        assert cursor.fetchone()[0] >= 2  # the address's counter and the username's


@pytest.fixture
def admin_sign_in(world):
    def post(username: str, password: str, address: str = "198.51.100.1"):
        return APIClient().post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)

    return post


def test_the_admin_sign_in_page_is_throttled_per_address(admin_sign_in):
    statuses = [admin_sign_in("office", f"guess-{n}").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]  # the form again with an error, then refused
    assert admin_sign_in("office", RIGHT).status_code == 429
    assert admin_sign_in("office", RIGHT, address="198.51.100.2").status_code == 302  # signed in


def test_failures_on_the_admin_page_spend_the_same_username_budget_as_the_api(admin_sign_in):
    for n in range(20):
        assert admin_sign_in("office", "guess", address=f"198.51.100.{n}").status_code == 200
    assert sign_in("office", RIGHT, REMOTE_ADDR="192.0.2.1").status_code == 429
    refused = admin_sign_in("office", RIGHT, address="192.0.2.1")
    assert refused.status_code == 429
    assert "Too many sign-in attempts" in refused.content.decode()
