"""The spec against the documents the project started from: the vendor's seed and its schemas."""

import json
import re

import yaml

from tests.spec.conftest import FIXTURES

INVOICE_LIST = {"$ref": "#/components/schemas/InvoiceListEnvelope"}


def newtonsoft_camel_case(name: str) -> str:
    """The portal's property names: Newtonsoft's CamelCasePropertyNamesContractResolver.

    It lower-cases the leading run of capitals, but leaves the last capital of a run that is
    followed by a lower-case letter (`FileID` -> `fileID`, `IDNumber` -> `idNumber`).
    """
    chars = list(name)
    for i, char in enumerate(chars):
        if not char.isupper():
            break
        if i > 0 and i + 1 < len(chars) and chars[i + 1].islower():
            break
        chars[i] = char.lower()
    return "".join(chars)


def camel_keys(value):
    if isinstance(value, dict):
        return {newtonsoft_camel_case(k): camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel_keys(v) for v in value]
    return value


def seed_response_example() -> dict:
    text = (FIXTURES / "delete-invoices.txt").read_text(encoding="utf-8")
    block = re.search(r"Example Response\s*application/json\s*\n\s*(\{.*?\n\})\s*\n", text, re.S)
    assert block, "the seed's JSON example was not found"
    return json.loads(block.group(1))


def test_camel_case_follows_newtonsoft():
    assert [
        newtonsoft_camel_case(n) for n in ["FileID", "ID", "IsConvertable", "id", "URLPath"]
    ] == ["fileID", "id", "isConvertable", "id", "urlPath"]


def test_seed_example_in_wire_form_is_a_valid_envelope(spec):
    seed = seed_response_example()
    invoices = camel_keys(seed["response"])
    wire = {"count": len(invoices), "status": 0, "statusCode": 200, "response": invoices}
    assert spec.errors(wire, INVOICE_LIST) == []


def test_seed_example_as_the_vendor_prints_it_is_rejected(spec):
    # PascalCase names and a bare status without statusCode: what the vendor docs show.
    errors = spec.errors(seed_response_example(), INVOICE_LIST)
    assert any("statusCode" in e for e in errors)
    assert any("'issueDate' is a required property" in e for e in errors)


def test_every_vendor_property_is_in_the_spec_camel_cased(spec):
    vendor = yaml.safe_load((FIXTURES / "vendor-invoice-fields.yaml").read_text(encoding="utf-8"))
    schemas = spec.document["components"]["schemas"]
    for ours, entry in vendor["schemas"].items():
        properties = schemas[ours]["properties"]
        expected = {newtonsoft_camel_case(p) for p in entry["properties"]}
        assert expected == set(properties), f"{ours} differs from {entry['vendorSchema']}"


def test_info_says_where_the_vendor_docs_differ(spec):
    description = spec.document["info"]["description"]
    section = description.split("## Where the vendor documentation differs", 1)
    assert len(section) == 2, "the section is missing"
    for topic in [
        "camelCase",
        "query parameters",
        "one status",
        "envelope",
        ".xml",
        "JSON numbers",
    ]:
        assert topic in section[1], f"the section does not mention {topic}"
