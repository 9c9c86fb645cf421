"""The OpenAPI document is generated once per process, and the Swagger UI works without the internet."""

import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from common.api.docs import SchemaView


@pytest.fixture
def fresh_schema_cache():
    SchemaView.generated.clear()
    SchemaView.rendered.clear()
    yield
    SchemaView.generated.clear()
    SchemaView.rendered.clear()


def test_the_schema_is_generated_once_and_served_again(db, fresh_schema_cache):
    client = APIClient()
    with mock.patch.object(SchemaGenerator, "get_schema", autospec=True, side_effect=SchemaGenerator.get_schema) as gen:
        first = client.get("/api/schema/")
        second = client.get("/api/schema/")
        as_json = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert gen.call_count == 1
    assert first.status_code == second.status_code == as_json.status_code == 200
    assert first.content == second.content
    assert first["Content-Type"] == second["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert as_json["Content-Type"] == "application/vnd.oai.openapi+json"
    assert as_json.json()["info"]["title"] == "Clusterflow API"
    assert b"/api/projects/{id}/transitions/" in first.content


def test_a_version_or_language_the_instance_does_not_have_makes_no_new_copy(db, fresh_schema_cache):
    client = APIClient()
    with mock.patch.object(SchemaGenerator, "get_schema", autospec=True, side_effect=SchemaGenerator.get_schema) as gen:
        for query in ["", "?version=7", "?lang=xx-nowhere", "?version=8&lang=yy"]:
            assert client.get(f"/api/schema/{query}").status_code == 200
    assert gen.call_count == 1
    assert len(SchemaView.generated) == 1


def test_the_swagger_ui_loads_nothing_from_outside_the_product(db):
    client = APIClient()
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.findall(r"https?://", html), "the page names an outside address"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert not urlsplit(asset).netloc, asset
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content if response.streaming else [response.content])
