"""The engine beyond single changes: references, cycles, allOf, the report, the rule table."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from spec_pipeline.breaking import RULES, Report, compare
from spec_pipeline.errors import PipelineError

from .conftest import BATCH, DELETE_OP, GET_OP, INVOICE, JSON, Spec, make_spec
from .test_corpus import CASES, split_invoice

Diff = Callable[..., Report]


def summary(report: Report) -> list[tuple[str, str, str, str]]:
    return sorted((c.severity, c.operation, c.path, c.kind) for c in report.changes)


def test_identical_documents_have_no_changes(base_spec: Spec) -> None:
    report = compare(base_spec, copy.deepcopy(base_spec))
    assert report.changes == []
    assert not report.has_breaking


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


def test_change_inside_an_allof_member_is_reported(diff: Diff) -> None:
    def id_to_string(spec: Spec) -> None:
        spec["components"]["schemas"]["Entity"]["properties"]["id"]["type"] = "string"

    report = diff(id_to_string, base=split_invoice)
    assert summary(report) == [("breaking", GET_OP, f"{INVOICE}.properties.id", "type-changed")]


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


def test_every_rule_of_the_table_is_in_the_corpus(diff: Diff) -> None:
    """A rule no labelled change reaches is untested (or dead): add a case, or drop the rule."""
    found = set()
    for case in CASES:
        mutate, _, base = case.values
        found |= {c.kind for c in diff(mutate, base=base).changes}
    assert [rule.id for rule in RULES if rule.id not in found] == []
