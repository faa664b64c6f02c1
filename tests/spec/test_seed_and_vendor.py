"""The spec against the documents the project started from: the vendor's seed and its schemas."""

import yaml

from tests.spec.conftest import FIXTURES
from tests.spec.seed import camel_keys, newtonsoft_camel_case, seed_response_example

INVOICE_LIST = {"$ref": "#/components/schemas/InvoiceListEnvelope"}


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
