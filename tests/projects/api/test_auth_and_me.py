"""Signing in for a token, brute-force throttling, and what /api/me/ tells a user about themselves."""

from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import ProjectMembership

# The throttle's counters start at zero in every test: the test settings keep them in the database cache,
# whose rows go with each test's transaction.


def test_token_for_the_right_password_opens_the_api(world):
    client = APIClient()
    response = client.post(reverse("auth-token"), {"username": "coordinator", "password": "test-password-123"})
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get(reverse("project-list")).json()["count"] == 1


def test_wrong_password_is_401_and_says_so(world):
    response = APIClient().post(reverse("auth-token"), {"username": "coordinator", "password": "guess"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown username or wrong password."


def test_brute_force_on_the_token_endpoint_gets_429(world, settings):
    client = APIClient()
    statuses = [
        client.post(reverse("auth-token"), {"username": "coordinator", "password": f"guess-{n}"}).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    # Even the right password waits until the window has passed.
    response = client.post(reverse("auth-token"), {"username": "coordinator", "password": "test-password-123"})
    assert response.status_code == 429


def test_anonymous_calls_get_401(db):
    response = APIClient().get(reverse("project-list"))
    assert response.status_code == 401


def test_schema_and_swagger_ui_are_readable_without_login(db):
    client = APIClient()
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_me_lists_memberships_with_roles(world, client_for):
    response = client_for(world.users["partner_other"]).get(reverse("me"))
    assert response.status_code == 200
    body = response.json()
    membership = ProjectMembership.objects.get(user=world.users["partner_other"])
    assert body["username"] == "partner.gmt"
    assert body["is_staff"] is False
    assert body["memberships"] == [
        {
            "id": membership.pk,
            "project": world.project.pk,
            "project_acronym": "CIRCLE",
            "role": "partner",
            "organisation": world.objects["partner_b"].organisation_id,
        }
    ]


def test_a_user_created_by_staff_can_sign_in_and_the_password_is_never_shown(world, client_for):
    response = client_for(world.users["staff"]).post(
        reverse("user-list"), {"username": "newcomer", "password": "A-long-pass-phrase-42"}, format="json"
    )
    assert response.status_code == 201
    assert "password" not in response.json()
    token = APIClient().post(reverse("auth-token"), {"username": "newcomer", "password": "A-long-pass-phrase-42"})
    assert token.status_code == 200
