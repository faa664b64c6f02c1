"""The walker itself: references, cycles, allOf, equivalences that must stay silent."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from spec_pipeline.breaking import Report, compare
from spec_pipeline.errors import PipelineError

from .conftest import BATCH, DELETE_OP, FILTER, GET_OP, INVOICE, JSON, Spec, edit_docs, make_spec

Diff = Callable[..., Report]


def summary(report: Report) -> list[tuple[str, str, str, str]]:
    return sorted((c.severity, c.operation, c.path, c.kind) for c in report.changes)


def test_identical_documents_have_no_changes(base_spec: Spec) -> None:
    report = compare(base_spec, copy.deepcopy(base_spec))
    assert report.changes == []
    assert not report.has_breaking


def test_documentation_only_edits_are_not_changes(base_spec: Spec) -> None:
    new = copy.deepcopy(base_spec)
    edit_docs(new)
    new["paths"][BATCH]["delete"]["requestBody"]["description"] = "The invoices to delete"
    new["components"]["schemas"]["Contact"]["example"] = {"id": 1, "displayName": "Ann"}
    assert new != base_spec
    assert compare(base_spec, new).changes == []


def test_referenced_schema_change_is_reported_at_every_operation_using_it(diff: Diff) -> None:
    items_ref = {"$ref": "#/components/schemas/Invoice"}

    def use_invoice_in_delete(spec: Spec) -> None:
        schema = spec["paths"][BATCH]["delete"]["responses"]["200"]["content"][JSON]["schema"]
        schema["properties"]["response"]["items"] = items_ref

    def drop_number(spec: Spec) -> None:
        del spec["components"]["schemas"]["Invoice"]["properties"]["number"]

    report = diff(drop_number, base=use_invoice_in_delete)
    delete_path = f"responses.200.content.{JSON}.schema.properties.response.items.properties.number"
    assert summary(report) == [
        ("breaking", DELETE_OP, delete_path, "property-removed"),
        ("breaking", GET_OP, f"{INVOICE}.properties.number", "property-removed"),
    ]


def test_a_ref_replaced_by_an_equal_inline_schema_is_no_change(base_spec: Spec) -> None:
    new = copy.deepcopy(base_spec)
    schema = new["paths"][FILTER]["get"]["responses"]["200"]["content"][JSON]["schema"]
    schema["properties"]["response"]["items"] = copy.deepcopy(
        new["components"]["schemas"]["Invoice"]
    )
    assert compare(base_spec, new).changes == []


def make_cyclic(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    schemas["Contact"]["properties"]["parent"] = {"$ref": "#/components/schemas/Contact"}
    schemas["Contact"]["properties"]["company"] = {"$ref": "#/components/schemas/Company"}
    schemas["Company"] = {
        "type": "object",
        "properties": {"owner": {"$ref": "#/components/schemas/Contact"}},
    }


def test_ref_cycles_terminate_and_changes_inside_them_are_reported(diff: Diff) -> None:
    def shorten_name(spec: Spec) -> None:
        spec["components"]["schemas"]["Contact"]["properties"]["displayName"]["maxLength"] = 10

    report = diff(shorten_name, base=make_cyclic)
    contact = f"{INVOICE}.properties.contact"
    # Reported where Contact is first reached; the cycle back into Contact is cut.
    assert summary(report) == [
        ("non-breaking", GET_OP, f"{contact}.properties.displayName", "bound-narrowed"),
    ]


def test_identical_cyclic_documents_have_no_changes() -> None:
    spec = make_spec()
    make_cyclic(spec)
    assert compare(spec, copy.deepcopy(spec)).changes == []


def test_recursive_allof_terminates(diff: Diff) -> None:
    def recursive(spec: Spec) -> None:
        spec["components"]["schemas"]["Contact"]["allOf"] = [
            {"$ref": "#/components/schemas/Contact"}
        ]

    def add_email(spec: Spec) -> None:
        spec["components"]["schemas"]["Contact"]["properties"]["email"] = {"type": "string"}

    report = diff(add_email, base=recursive)
    path = f"{INVOICE}.properties.contact.properties.email"
    assert summary(report) == [("non-breaking", GET_OP, path, "optional-property-added")]


def split_invoice(spec: Spec) -> None:
    """Same Invoice, written as allOf of a shared base and an extension."""
    schemas = spec["components"]["schemas"]
    invoice = schemas.pop("Invoice")
    props = invoice["properties"]
    schemas["Entity"] = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": props.pop("id")},
    }
    invoice["required"].remove("id")
    schemas["Invoice"] = {"allOf": [{"$ref": "#/components/schemas/Entity"}, invoice]}


def test_allof_restructuring_without_semantic_change_is_silent(base_spec: Spec) -> None:
    new = copy.deepcopy(base_spec)
    split_invoice(new)
    assert compare(base_spec, new).changes == []


def test_change_inside_an_allof_member_is_reported(diff: Diff) -> None:
    def id_to_string(spec: Spec) -> None:
        spec["components"]["schemas"]["Entity"]["properties"]["id"]["type"] = "string"

    report = diff(id_to_string, base=split_invoice)
    assert summary(report) == [("breaking", GET_OP, f"{INVOICE}.properties.id", "type-changed")]


def test_type_list_order_and_null_spelling_do_not_matter(diff: Diff) -> None:
    def reorder(spec: Spec) -> None:
        props = spec["components"]["schemas"]["Invoice"]["properties"]
        props["description"]["type"] = ["null", "string"]
        # oneOf [X, null] and anyOf [null, X] say the same thing
        props["contact"] = {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Contact"}]}

    assert diff(reorder).changes == []


def test_path_parameter_renamed_in_the_template_is_the_same_operation(diff: Diff) -> None:
    def add_item(spec: Spec) -> None:
        spec["paths"]["/api/2.0/crm/invoice/{invoiceid}"] = {
            "get": {
                "operationId": "getInvoiceById",
                "parameters": [
                    {
                        "name": "invoiceid",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {"200": {"description": "The invoice"}},
            }
        }

    def rename(spec: Spec) -> None:
        item = spec["paths"].pop("/api/2.0/crm/invoice/{invoiceid}")
        item["get"]["parameters"][0]["name"] = "id"
        spec["paths"]["/api/2.0/crm/invoice/{id}"] = item

    assert diff(rename, base=add_item).changes == []


def test_header_names_are_case_insensitive(diff: Diff) -> None:
    def lower(spec: Spec) -> None:
        response = spec["paths"][FILTER]["get"]["responses"]["200"]
        response["headers"] = {"x-total-count": response["headers"]["X-Total-Count"]}

    assert diff(lower).changes == []


def test_read_only_property_is_not_part_of_the_request(diff: Diff) -> None:
    def add_read_only(spec: Spec) -> None:
        schema = spec["paths"][BATCH]["delete"]["requestBody"]["content"][JSON]["schema"]
        schema["properties"]["deletedBy"] = {"type": "string", "readOnly": True}
        schema["required"].append("deletedBy")

    assert diff(add_read_only).changes == []


def test_status_codes_given_as_integers_match_strings(base_spec: Spec) -> None:
    new = copy.deepcopy(base_spec)
    responses = new["paths"][FILTER]["get"]["responses"]
    responses[200] = responses.pop("200")
    assert compare(base_spec, new).changes == []


@pytest.mark.parametrize(
    "ref", ["#/components/schemas/Missing", "other.yaml#/components/schemas/Invoice"]
)
def test_unresolvable_ref_is_an_error(base_spec: Spec, ref: str) -> None:
    new = copy.deepcopy(base_spec)
    new["components"]["schemas"]["Invoice"]["properties"]["id"] = {"$ref": ref}
    with pytest.raises(PipelineError, match="ref"):
        compare(base_spec, new)


def test_report_splits_by_severity(diff: Diff) -> None:
    def two_changes(spec: Spec) -> None:
        del spec["components"]["schemas"]["Invoice"]["properties"]["number"]
        spec["components"]["schemas"]["Invoice"]["properties"]["currency"] = {"type": "string"}

    report = diff(two_changes)
    assert [c.kind for c in report.breaking] == ["property-removed"]
    assert [c.kind for c in report.non_breaking] == ["optional-property-added"]
    assert report.has_breaking
    assert report.breaking[0].as_dict()["severity"] == "breaking"


def test_keywords_next_to_a_union_are_compared(diff: Diff) -> None:
    def constrained(spec: Spec) -> None:
        contact = spec["components"]["schemas"]["Contact"]
        contact["anyOf"] = [{"required": ["id"]}, {"required": ["displayName"]}]

    def drop_name(spec: Spec) -> None:
        del spec["components"]["schemas"]["Contact"]["properties"]["displayName"]

    report = diff(drop_name, base=constrained)
    path = f"{INVOICE}.properties.contact.properties.displayName"
    assert summary(report) == [("breaking", GET_OP, path, "property-removed")]
