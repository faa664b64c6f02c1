"""The structural validator and the house Spectral ruleset: the spec passes both, and each house
rule catches the mistake it is written for."""

import copy

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from spec_pipeline.spectral import lint
from tests.support.paths import NODE_BIN, REPO, RULESET


def spectral(path) -> list[dict]:
    return lint([path], RULESET, NODE_BIN)


def test_spec_is_structurally_valid(spec):
    validate(spec.document)


def test_structural_validator_rejects_a_broken_spec(spec):
    broken = copy.deepcopy(spec.document)
    # OpenAPI 2 put bodies in parameters; 3.1 has no `in: body`.
    broken["components"]["parameters"]["Currency"]["in"] = "body"
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


@pytest.mark.slow  # Spectral is a Node command: a process and a second or more a run
@pytest.mark.tool
def test_spec_passes_the_house_ruleset_with_no_result_at_all():
    assert spectral(REPO / "openapi.yaml") == []


def break_every_house_rule(doc: dict) -> dict:
    doc = copy.deepcopy(doc)
    paths, comp = doc["paths"], doc["components"]
    get = paths["/api/2.0/crm/invoice/filter"]["get"]
    delete = paths["/api/2.0/crm/invoice"]["delete"]
    get["operationId"] = "Get_Invoices"
    del get["responses"]["401"]
    del delete["responses"]["400"]
    get["responses"]["200"]["content"] = {
        "text/xml": get["responses"]["200"]["content"]["application/json"],
        **get["responses"]["200"]["content"],
    }
    get["requestBody"] = delete["requestBody"]
    delete["requestBody"] = copy.deepcopy(delete["requestBody"])
    delete["requestBody"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "description": "inline",
        "properties": {},
    }
    del comp["schemas"]["Invoice"]["properties"]["number"]["description"]
    del comp["schemas"]["Currency"]["description"]
    comp["schemas"]["invoice_total"] = {"description": "unused", "type": "number"}
    comp["schemas"]["ShareType"]["x-enum-varnames"].pop()
    del comp["schemas"]["InvoiceStatusInfo"]["properties"]["id"]["title"]
    comp["schemas"]["Invoice"]["properties"]["templateType"] = {
        "$ref": "#/components/schemas/InvoiceTemplateType",
        "description": "closed",
    }
    comp["parameters"]["IssueDateFrom"]["schema"] = {"type": "string", "format": "date-time"}
    del comp["parameters"]["Currency"]["description"]
    comp["examples"]["InvoicePageEmptyXml"]["value"] = "<envelope />"
    comp["responses"]["ForbiddenXml"]["content"]["text/xml"]["schema"] = {"type": "object"}
    comp["examples"]["InvoicePageEmpty"]["value"]["status"] = "ok"
    return doc


HOUSE_RULES = [
    "operation-id-camel-case",
    "operation-documents-400",
    "operation-documents-401",
    "json-media-first",
    "no-get-request-body",
    "body-schema-is-named",
    "xml-body-schema",
    "property-description",
    "component-schema-description",
    "component-schema-name",
    "integer-enum-varnames",
    "open-enum-titled",
    "response-enum-open",
    "no-date-time-in-query",
    "oas3-parameter-description",
    "xml-example-is-result-document",
    "oas3-unused-component",
    "oas3-valid-media-example",
]


@pytest.mark.slow  # Spectral is a Node command: a process and a second or more a run
@pytest.mark.tool
def test_each_house_rule_catches_its_mistake(spec, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(break_every_house_rule(spec.document), sort_keys=False))
    codes = {result["code"] for result in spectral(broken)}
    missing = [rule for rule in HOUSE_RULES if rule not in codes]
    assert missing == []


@pytest.mark.slow  # Spectral is a Node command: a process and a second or more a run
@pytest.mark.tool
def test_enum_member_names_must_be_upper_snake(spec, tmp_path):
    # `None` is a Python keyword: openapi-generator's python client did not import.
    doc = copy.deepcopy(spec.document)
    doc["components"]["schemas"]["ShareType"]["x-enum-varnames"] = ["None", "ReadWrite", "Read"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(doc, sort_keys=False))
    messages = [r["message"] for r in spectral(broken) if r["code"] == "integer-enum-varnames"]
    assert messages == ["x-enum-varnames are not UPPER_SNAKE: None, ReadWrite, Read"]
