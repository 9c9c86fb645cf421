"""Search ignores case in every alphabet, on SQLite as on PostgreSQL."""

import pytest

from tests.factories import OrganisationFactory

NAMES = ["Zespół Szkół Łódź", "ČEBELARSKA ZVEZA SLOVENIJE", "Средно училиште Скопје", "Schule 50% Praxis"]


@pytest.fixture
def organisations(db):
    return {name: OrganisationFactory(name=name, city="Velenje") for name in NAMES}  # the city is searched too


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("łódź", "Zespół Szkół Łódź"),
        ("SZKÓŁ ŁÓDŹ", "Zespół Szkół Łódź"),
        ("čebelarska zveza", "ČEBELARSKA ZVEZA SLOVENIJE"),
        ("скопје", "Средно училиште Скопје"),
        ("УЧИЛИШТЕ", "Средно училиште Скопје"),
    ],
)
def test_search_folds_case_in_every_alphabet(world, client_for, organisations, search, found):
    response = client_for(world.users["staff"]).get("/api/organisations/", {"search": search})
    # The world's own organisations have random Polish cities, Łódź among them at times: look at ours only.
    assert [row["name"] for row in response.json()["results"] if row["name"] in organisations] == [found]


def test_like_wildcards_in_a_search_are_taken_literally(world, client_for, organisations):
    staff = client_for(world.users["staff"])
    assert [row["name"] for row in staff.get("/api/organisations/", {"search": "50%"}).json()["results"]] == [
        "Schule 50% Praxis"
    ]
    assert staff.get("/api/organisations/", {"search": "Ł_dź"}).json()["count"] == 0


def test_every_case_insensitive_lookup_folds_every_alphabet(organisations):
    from projects.models import Organisation

    assert Organisation.objects.filter(name__iexact="zespół szkół łódź").count() == 1
    assert Organisation.objects.filter(name__istartswith="čebelarska").count() == 1
