"""Applying overlays: Overlay 1.0 semantics and the strict failure modes."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spec_pipeline.overlay import (
    OverlayError,
    apply_overlay,
    apply_overlays,
    apply_overlays_with_report,
    load_overlay,
    validate_overlay,
)

Overlay = Callable[..., dict[str, Any]]
INVOICE = "/crm/invoice/{invoiceid}"
GET = f"$.paths['{INVOICE}'].get"


def only_problem(caught: pytest.ExceptionInfo[OverlayError]) -> Any:
    assert len(caught.value.problems) == 1, [str(p) for p in caught.value.problems]
    return caught.value.problems[0]


# --- strict failures ------------------------------------------------------------


def test_target_matching_nothing_names_the_action(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    doc = overlay(
        {"target": "$.info", "update": {"x-a": 1}},
        {"target": "$.info.contact", "update": {"name": "CRM"}, "description": "Add a contact"},
    )
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, doc, source="contact.yaml")
    problem = only_problem(caught)
    assert (problem.action_index, problem.target, problem.description) == (
        1,
        "$.info.contact",
        "Add a contact",
    )
    assert str(problem) == (
        "contact.yaml: actions[1] target '$.info.contact' ('Add a contact'): "
        "the target selects no nodes"
    )


def test_remove_matching_nothing_is_an_error_too(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(
            invoice_spec,
            overlay({"target": "$.servers[?@.description == 'Staging']", "remove": True}),
        )
    assert only_problem(caught).action_index == 0


@pytest.mark.parametrize(
    "target",
    [
        "$.paths[",  # unterminated
        "$.info | $.paths",  # union operator: a python-jsonpath extension
        "$.servers[?@.url =~ /dev/]",  # regex literal: not RFC 9535
        "$.info.x-logo",  # '-' in a shorthand name: not RFC 9535
        "$.servers[?@.description <> 'Dev']",  # '<>': not RFC 9535
        "$.info ",  # trailing whitespace
        "$.servers[?isinstance(@.url, 'str')]",  # non-standard function
    ],
)
def test_non_rfc9535_target_is_rejected_naming_the_action(
    invoice_spec: dict[str, Any], overlay: Overlay, target: str
) -> None:
    doc = overlay({"target": "$.info", "update": {"x-a": 1}}, {"target": target, "update": {}})
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, doc)
    problem = only_problem(caught)
    assert (problem.action_index, problem.target) == (1, target)
    assert problem.message.startswith("invalid JSONPath")


def test_all_static_problems_are_reported_together(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    doc = overlay(
        {"target": "$.info["},
        {"target": "$.info", "update": {"x-ok": 1}},
        {"target": "$.info"},  # no update, no remove
    )
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, doc)
    assert [p.action_index for p in caught.value.problems] == [0, 2]
    assert "neither 'update' nor 'remove: true'" in caught.value.problems[1].message


def test_schema_invalid_overlay_lists_every_error_with_its_location(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    doc = overlay({"target": "$.info", "remove": "yes"}, {"target": "info", "update": {}})
    doc["info"].pop("version")
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, doc)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 3, messages
    assert any("at $.info: 'version' is a required property" in m for m in messages)
    assert any(
        m.startswith("actions[0] target '$.info': at $.actions[0].remove: expected boolean")
        for m in messages
    )
    assert any(m.startswith("actions[1] target 'info': at $.actions[1].target:") for m in messages)


def test_problems_in_a_later_overlay_stop_the_earlier_ones_too(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    good = overlay({"target": "$.info", "update": {"x-a": 1}})
    bad = overlay({"target": "$.info", "update": {"x-b": 1}, "x-unknown": True})
    del bad["info"]["title"]
    with pytest.raises(OverlayError) as caught:
        apply_overlays(invoice_spec, [good, bad], sources=["good.yaml", "bad.yaml"])
    assert {p.source for p in caught.value.problems} == {"bad.yaml"}


def test_update_of_a_primitive_is_an_error(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, overlay({"target": "$.info.title", "update": "Invoices API"}))
    problem = only_problem(caught)
    assert problem.action_index == 0
    assert "$['info']['title'] is a string" in problem.message


def test_non_object_update_on_an_object_is_an_error(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, overlay({"target": "$.info", "update": ["x"]}))
    assert "the update is an array but the target selects objects" in only_problem(caught).message


def test_merging_an_object_onto_a_scalar_is_an_error(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    doc = overlay(
        {
            "target": "$.components.schemas.Invoice",
            "update": {"properties": {"id": {"example": {"v": 1}}}},
        }
    )
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, doc)
    message = only_problem(caught).message
    assert "cannot merge an object into the number at" in message
    assert "['properties']['id']['example']" in message


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        ({"required": "id"}, "a string into the array"),
        ({"properties": "none"}, "a string into the object"),
        ({"type": ["object"]}, "an array into the string"),
        ({"properties": {"id": None}}, "a null into the object"),
    ],
)
def test_merge_type_mismatches_are_errors(
    invoice_spec: dict[str, Any], overlay: Overlay, update: dict[str, Any], expected: str
) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(
            invoice_spec, overlay({"target": "$.components.schemas.Invoice", "update": update})
        )
    assert f"cannot merge {expected} at" in only_problem(caught).message


def test_array_update_on_an_array_is_refused_as_ambiguous(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, overlay({"target": "$.tags", "update": [{"name": "crm"}]}))
    assert (
        "1.0 would append it as one nested item while 1.1 concatenates"
        in only_problem(caught).message
    )


def test_target_mixing_objects_and_arrays_cannot_be_updated(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(
            invoice_spec,
            overlay({"target": f"{GET}['parameters','responses']", "update": {"x-a": 1}}),
        )
    assert "both objects and arrays" in only_problem(caught).message


def test_removing_the_root_is_an_error(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, overlay({"target": "$", "remove": True}))
    assert "root cannot be removed" in only_problem(caught).message


def test_removing_a_primitive_array_item_is_an_error_in_1_0(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    doc = overlay(
        {"target": "$.components.schemas.Invoice.required[?@ == 'number']", "remove": True}
    )
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, doc)
    assert "cannot remove primitive array items individually" in only_problem(caught).message


def test_overlay_1_1_is_refused(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    with pytest.raises(OverlayError) as caught:
        validate_overlay(overlay({"target": "$.info", "update": {}}, version="1.1.0"))
    assert "only Overlay 1.0.x documents can be applied" in only_problem(caught).message


def test_later_patch_versions_of_1_0_are_accepted(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    result = apply_overlay(
        invoice_spec, overlay({"target": "$.info", "update": {"x-a": 1}}, version="1.0.7")
    )
    assert result["info"]["x-a"] == 1


def test_non_json_values_in_the_spec_are_rejected(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    invoice_spec["info"]["x-released"] = datetime.date(2020, 12, 14)
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, overlay({"target": "$.info", "update": {"x-a": 1}}))
    assert "non-JSON value of type date at $['info']['x-released']" in only_problem(caught).message


def test_non_string_keys_in_the_spec_are_rejected(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    # yaml.safe_load turns `200:` into an int key, which `['200']` would never match.
    invoice_spec["paths"][INVOICE]["get"]["responses"][200] = {"description": "OK"}
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, overlay({"target": "$.info", "update": {"x-a": 1}}))
    assert "non-string key 200" in only_problem(caught).message


# --- semantics ------------------------------------------------------------------


def test_input_objects_are_never_mutated(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    doc = overlay(
        {"target": "$.info", "update": {"x-tags": ["a"], "contact": {"name": "CRM"}}},
        {"target": "$.paths..responses['500']", "remove": True},
        {"target": "$.tags", "update": {"name": "crm"}},
    )
    spec_before, doc_before = copy.deepcopy(invoice_spec), copy.deepcopy(doc)
    result = apply_overlay(invoice_spec, doc)
    assert invoice_spec == spec_before
    assert doc == doc_before
    assert result != invoice_spec
    # The result shares nothing with the overlay: editing it leaves the overlay alone.
    result["info"]["contact"]["name"] = "changed"
    result["info"]["x-tags"].append("b")
    result["tags"][-1]["name"] = "changed"
    assert doc == doc_before


def test_input_is_untouched_when_applying_fails(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    before = copy.deepcopy(invoice_spec)
    doc = overlay(
        {"target": "$.info", "update": {"x-a": 1}},
        {"target": "$.servers[?@.description == 'Dev']", "remove": True},
        {"target": "$.nothing", "update": {}},
    )
    with pytest.raises(OverlayError):
        apply_overlay(invoice_spec, doc)
    assert invoice_spec == before


def test_update_merges_recursively(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    doc = overlay(
        {
            "target": "$.components.schemas.Invoice",
            "update": {
                "description": "An invoice",
                "required": ["issueDate"],
                "properties": {"id": {"example": 42, "minimum": 1}, "status": {"type": "string"}},
            },
        }
    )
    invoice = apply_overlay(invoice_spec, doc)["components"]["schemas"]["Invoice"]
    assert invoice["type"] == "object"  # untouched sibling
    assert invoice["description"] == "An invoice"  # added
    assert invoice["required"] == ["id", "number", "issueDate"]  # nested arrays concatenate
    assert invoice["properties"]["id"] == {"type": "integer", "example": 42, "minimum": 1}
    assert invoice["properties"]["number"] == {"type": "string"}
    assert list(invoice["properties"]) == ["id", "number", "issueDate", "status"]


def test_update_appends_to_every_selected_array(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    invoice_spec["paths"][INVOICE]["delete"]["parameters"] = [{"name": "invoiceid", "in": "path"}]
    param = {"name": "X-Tenant", "in": "header"}
    doc = overlay({"target": f"$.paths['{INVOICE}'].*.parameters", "update": param})
    result = apply_overlay(invoice_spec, doc)
    get_params = result["paths"][INVOICE]["get"]["parameters"]
    delete_params = result["paths"][INVOICE]["delete"]["parameters"]
    assert [p["name"] for p in get_params] == ["invoiceid", "fields", "X-Tenant"]
    assert [p["name"] for p in delete_params] == ["invoiceid", "X-Tenant"]
    # Each array received its own copy.
    assert get_params[-1] is not delete_params[-1]
    get_params[-1]["in"] = "query"
    assert delete_params[-1] == param


def test_a_node_selected_twice_is_updated_once(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    result = apply_overlay(
        invoice_spec, overlay({"target": "$['tags','tags']", "update": {"name": "crm"}})
    )
    assert result["tags"] == [{"name": "invoices"}, {"name": "crm"}]


def test_update_on_the_root(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    result = apply_overlay(
        invoice_spec, overlay({"target": "$", "update": {"info": {"x-overlaid": True}}})
    )
    assert result["info"] == {"title": "Invoices", "version": "1.0.0", "x-overlaid": True}


def test_remove_array_items(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    invoice_spec["servers"].append({"url": "https://dev2.example.com", "description": "Dev"})
    result = apply_overlay(
        invoice_spec, overlay({"target": "$.servers[?@.description == 'Dev']", "remove": True})
    )
    assert result["servers"] == [invoice_spec["servers"][0]]


def test_remove_non_adjacent_array_items_by_index(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    invoice_spec["tags"] = [{"name": n} for n in "abcde"]
    result = apply_overlay(invoice_spec, overlay({"target": "$.tags[0,2,-1]", "remove": True}))
    assert result["tags"] == [{"name": "b"}, {"name": "d"}]


def test_remove_object_members_everywhere(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    result = apply_overlay(
        invoice_spec, overlay({"target": "$.paths..responses['500']", "remove": True})
    )
    operations = result["paths"][INVOICE]
    assert list(operations["get"]["responses"]) == ["200", "404"]
    assert list(operations["delete"]["responses"]) == ["200"]


def test_remove_a_primitive_object_member(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    # As in the spec's remove-example compliant set.
    result = apply_overlay(
        invoice_spec,
        overlay({"target": "$.components.schemas.Invoice.properties.id.example", "remove": True}),
    )
    assert result["components"]["schemas"]["Invoice"]["properties"]["id"] == {"type": "integer"}


def test_actions_apply_in_order(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    # Replace a value: remove it, then re-create it; then use what was created.
    doc = overlay(
        {"target": "$.servers", "remove": True},
        {"target": "$", "update": {"servers": [{"url": "http://localhost:8080"}]}},
        {
            "target": "$.servers[?@.url == 'http://localhost:8080']",
            "update": {"description": "Mock"},
        },
    )
    result = apply_overlay(invoice_spec, doc)
    assert result["servers"] == [{"url": "http://localhost:8080", "description": "Mock"}]


def test_a_later_action_does_not_see_what_an_earlier_one_removed(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    doc = overlay(
        {"target": "$.tags", "remove": True},
        {"target": "$.tags", "update": {"name": "crm"}},
    )
    with pytest.raises(OverlayError) as caught:
        apply_overlay(invoice_spec, doc)
    assert only_problem(caught).action_index == 1


def test_remove_wins_over_update_and_is_reported(
    invoice_spec: dict[str, Any], overlay: Overlay
) -> None:
    doc = overlay({"target": "$.servers", "update": {"url": "x"}, "remove": True})
    result, reports = apply_overlays_with_report(invoice_spec, [doc])
    assert "servers" not in result
    (action,) = reports[0].actions
    assert action.operation == "remove"
    assert action.notes == ("'update' is ignored because 'remove' is true",)


def test_report_counts_matched_nodes(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    doc = overlay(
        {"target": "$.paths.*.*", "update": {"x-internal": False}},
        {"target": "$.paths..responses['500']", "remove": True},
    )
    _, (report,) = apply_overlays_with_report(invoice_spec, [doc], sources=["o.yaml"])
    assert report.source == "o.yaml"
    assert report.title == "Test overlay"
    assert [(a.index, a.operation, a.matched) for a in report.actions] == [
        (0, "update", 2),
        (1, "remove", 2),
    ]


def test_overlays_apply_in_sequence(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    first = overlay({"target": "$.info", "update": {"x-audience": "partner"}})
    second = overlay({"target": "$.info[?@ == 'partner']", "remove": True})
    result = apply_overlays(invoice_spec, [first, second])
    assert "x-audience" not in result["info"]
    with pytest.raises(OverlayError):
        apply_overlays(invoice_spec, [second, first])


def test_extends_is_informational(invoice_spec: dict[str, Any], overlay: Overlay) -> None:
    doc = overlay({"target": "$.info", "update": {"x-a": 1}})
    doc["extends"] = "https://unreachable.invalid/openapi.yaml"
    assert apply_overlay(invoice_spec, doc)["info"]["x-a"] == 1


def test_load_overlay_validates_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "o.json"
    path.write_text('{"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": []}')
    with pytest.raises(OverlayError) as caught:
        load_overlay(path)
    assert str(caught.value) == f"{path}: at $.actions: [] should be non-empty"
    path.write_text(
        '{"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": [{"target": "$"}]}'
    )
    assert load_overlay(path)["actions"] == [{"target": "$"}]
