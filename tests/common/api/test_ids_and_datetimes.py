"""Ids and datetimes a client can send anywhere — a request body, a filter, a URL — are refused with 400
(or 404 for a URL) naming what is wrong, never a server error: Unicode digits, offsets no time zone has,
moments outside the years 1–9999 in UTC."""

import pytest


@pytest.fixture
def staff(world, client_for):
    client = client_for(world.users["staff"])
    client.raise_request_exception = False  # a server error is an answer to look at, not an exception
    return client


@pytest.mark.parametrize("value", ["²", "١٢", "12a", "-3"])
def test_an_id_in_a_body_must_be_written_in_ascii_digits(world, staff, value):
    response = staff.post("/api/work-packages/", {"project": value, "number": 9, "title": "Pilots"}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["project"]


@pytest.mark.parametrize("value", ["²", "١٢", "1²"])
def test_an_id_in_a_filter_must_be_written_in_ascii_digits(world, staff, value):
    response = staff.get("/api/deliverables/", {"project": value})
    assert response.status_code == 400, response.content
    assert response.json() == {"project": ["Enter a whole number."]}


def test_an_id_in_the_url_in_other_digits_is_not_found(world, staff):
    response = staff.get("/api/projects/²/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-03-01T12:00:00+16:00", "The offset lies beyond ±14:00, which no time zone uses."),
        ("2026-03-01T12:00:00-23:59", "The offset lies beyond ±14:00, which no time zone uses."),
        ("9999-12-31T23:59:59-12:00", "The moment lies outside the years 1–9999 in UTC."),
        ("0001-01-01T00:00:00+01:00", "The moment lies outside the years 1–9999 in UTC."),
        ("0001-01-01T00:00:00", "The moment lies outside the years 1–9999 in UTC."),  # in Warsaw's time
    ],
)
@pytest.mark.parametrize("parameter", ["deadline_after", "deadline_before"])
def test_a_datetime_filter_refuses_moments_the_database_cannot_compare(world, staff, parameter, value, reason):
    response = staff.get("/api/calls/", {parameter: value})
    assert response.status_code == 400, response.content
    assert response.json() == {parameter: [reason]}


@pytest.mark.parametrize("value", ["2026-03-01T12:00:00+14:00", "2026-03-01T12:00:00-12:00", "9999-12-31T12:00:00Z"])
def test_a_datetime_filter_takes_every_real_offset(world, staff, value):
    assert staff.get("/api/calls/", {"deadline_before": value}).status_code == 200


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-03-01T12:00:00+16:00", "The offset lies beyond ±14:00, which no time zone uses."),
        ("9999-12-31T23:59:59-12:00", "The moment lies outside the years 1–9999 in UTC."),
        ("0001-01-01T00:00:00+01:00", "The moment lies outside the years 1–9999 in UTC."),
    ],
)
def test_a_call_deadline_refuses_moments_the_database_cannot_store(world, staff, value, reason):
    response = staff.patch(f"/api/calls/{world.objects['call'].pk}/", {"deadline": value}, format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {"deadline": [reason]}


def test_a_call_deadline_with_a_real_offset_is_stored_as_that_moment(world, staff):
    response = staff.patch(
        f"/api/calls/{world.objects['call'].pk}/", {"deadline": "2026-03-01T23:30:00+14:00"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["deadline"].startswith("2026-03-01T10:30:00")  # 09:30 UTC in Warsaw's winter time


@pytest.mark.parametrize("value", ["0000-01", "2026-13", "٢٠٢٦-11", "2026-1"])
def test_the_exchange_rate_month_filter_refuses_what_is_not_a_month(world, staff, value):
    response = staff.get("/api/exchange-rates/", {"month": value})
    assert response.status_code == 400, response.content
    assert response.json() == {"month": ["Give the month as YYYY-MM, e.g. 2026-11."]}


def test_the_exchange_rate_month_filter_finds_the_month(world, staff):
    response = staff.get("/api/exchange-rates/", {"month": "2026-01"})
    assert [rate["currency"] for rate in response.json()["results"]] == ["PLN"]
