"""The OpenAPI document describes every operation, transitions included, with typed request bodies."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from workflows import registry

RESOURCES = {
    "project": "projects",
    "deliverable": "deliverables",
    "partner_claim": "partner-claims",
    "periodic_report": "periodic-reports",
}


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize("machine", registry.machines(), ids=lambda machine: machine.name)
def test_every_transition_is_an_operation_of_its_resource(schema, machine):
    for declared in machine.transitions:
        operation = schema["paths"][f"/api/{RESOURCES[machine.name]}/{{id}}/transitions/{declared.name}/"]["post"]
        assert operation["summary"] == declared.label
        assert "200" in operation["responses"] and "400" in operation["responses"]


def _body(schema, path: str) -> dict:
    reference = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def test_record_award_documents_its_payload(schema):
    body = _body(schema, "/api/projects/{id}/transitions/record_award/")
    assert set(body["properties"]) == {"comment", "granted_amount", "funder_reference"}
    assert set(body["required"]) == {"granted_amount", "funder_reference"}
    assert body["properties"]["granted_amount"]["format"] == "decimal"


def test_a_transition_that_needs_a_comment_says_so(schema):
    returned = _body(schema, "/api/partner-claims/{id}/transitions/return/")
    assert returned["required"] == ["comment"]
    certified = _body(schema, "/api/partner-claims/{id}/transitions/certify/")
    assert "required" not in certified and set(certified["properties"]) == {"comment"}
