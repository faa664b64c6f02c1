"""The contract's surface, frozen: an operationId, parameter or enum value that is added or
removed fails here until this file is updated too, so every change to the contract is deliberate.

A failure lists each difference (operation, parameter, enum value) and says how to accept it.
"""

from __future__ import annotations

import pytest

FILTERS = [
    "status", "issueDateFrom", "issueDateTo", "dueDateFrom", "dueDateTo", "entityType",
    "entityid", "currency", "count", "startIndex", "sortBy", "sortOrder", "filterValue",
]  # fmt: skip
SURFACE = {
    "getInvoices": ("GET /api/2.0/crm/invoice/filter", FILTERS),
    "getInvoicesXml": ("GET /api/2.0/crm/invoice/filter.xml", FILTERS),
    "deleteInvoices": ("DELETE /api/2.0/crm/invoice", []),
    "deleteInvoicesXml": ("DELETE /api/2.0/crm/invoice.xml", ["invoiceids"]),
}

ENUMS = {
    "InvoiceStatus": ([1, 2, 3, 4, 5], ["DRAFT", "SENT", "REJECTED", "PAID", "ARCHIVED"]),
    "InvoiceTemplateType": ([0, 1], ["EUR", "RUS"]),
    "ShareType": ([0, 1, 2], ["NONE", "READ_WRITE", "READ"]),
    "InvoiceEntityType": (["contact", "opportunity", "case"], None),
    "InvoiceSortBy": (["number", "issueDate", "contact", "dueDate", "status", "id"], None),
    "SortOrder": (["ascending", "descending"], None),
}

HOW_TO_ACCEPT = (
    "If the change is on purpose, update SURFACE or ENUMS in tests/spec/test_contract_surface.py "
    "to the new surface, note it under `## [Unreleased]` in CHANGELOG.md, and run `make "
    "breaking` to see whether it needs a major version."
)


def surface_changes(expected: dict[str, tuple], found: dict[str, tuple], kind: str) -> list[str]:
    """One line per difference: a missing or new entry, then its members in order."""
    lines = [f"{kind} {name}: removed" for name in expected if name not in found]
    lines += [f"{kind} {name}: added {found[name]!r}" for name in found if name not in expected]
    for name in expected.keys() & found.keys():
        (old_head, old_items), (new_head, new_items) = expected[name], found[name]
        if old_head != new_head:
            lines.append(f"{kind} {name}: {old_head!r} -> {new_head!r}")
        old_items, new_items = list(old_items or []), list(new_items or [])
        lines += [f"{kind} {name}: {item!r} removed" for item in old_items if item not in new_items]
        lines += [f"{kind} {name}: {item!r} added" for item in new_items if item not in old_items]
        if not set(old_items) ^ set(new_items) and old_items != new_items:
            lines.append(f"{kind} {name}: order {old_items!r} -> {new_items!r}")
    return sorted(lines)


def fail_on_changes(lines: list[str]) -> None:
    if lines:
        listed = "\n".join(f"  {line}" for line in lines)
        pytest.fail(f"the contract's surface changed:\n{listed}\n{HOW_TO_ACCEPT}", pytrace=False)


def test_operations_and_their_parameters(spec):
    found = {}
    for path, method, op in spec.operations():
        names = [spec.resolve(p)["name"] for p in op.get("parameters", [])]
        found[op["operationId"]] = (f"{method.upper()} {path}", names)
    fail_on_changes(surface_changes(SURFACE, found, "operation"))


def test_delete_body(spec):
    body = spec.document["components"]["schemas"]["DeleteInvoicesRequest"]
    assert body["required"] == ["invoiceids"]
    assert list(body["properties"]) == ["invoiceids"]
    assert body["properties"]["invoiceids"]["minItems"] == 1


def test_enums(spec):
    schemas = spec.document["components"]["schemas"]
    found = {}
    for name, schema in schemas.items():
        if "enum" in schema:
            # The values, and the member names generators give them, as one list per enum.
            names = schema.get("x-enum-varnames")
            members = list(zip(schema["enum"], names, strict=False)) if names else schema["enum"]
            found[name] = ("enum", members)
    expected = {
        name: ("enum", list(zip(values, names, strict=True)) if names else values)
        for name, (values, names) in ENUMS.items()
    }
    fail_on_changes(surface_changes(expected, found, "enum"))


def test_a_changed_surface_is_named_with_the_way_to_accept_it():
    expected = {
        "getInvoices": ("GET /filter", ["status", "count"]),
        "getInvoicesXml": ("GET /filter.xml", ["status", "count"]),
        "deleteInvoices": ("DELETE /invoice", []),
        "deleteInvoicesXml": ("DELETE /invoice.xml", ["invoiceids"]),
    }
    found = {
        "getInvoices": ("GET /filter", ["status", "count", "contactName"]),
        "deleteInvoices": ("DELETE /invoice", []),
        "getInvoicesXml": ("GET /filter.xml", ["count"]),
    }
    lines = surface_changes(expected, found, "operation")
    assert lines == [
        "operation deleteInvoicesXml: removed",
        "operation getInvoices: 'contactName' added",
        "operation getInvoicesXml: 'status' removed",
    ]
    with pytest.raises(pytest.fail.Exception) as failed:
        fail_on_changes(lines)
    message = str(failed.value)
    assert "'contactName' added" in message and "tests/spec/test_contract_surface.py" in message
    assert "Omitting" not in message
