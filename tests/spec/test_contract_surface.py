"""The contract's surface, frozen: an operationId, parameter or enum value that is added or
removed fails here until this file is updated too, so every change to the contract is deliberate.
"""

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


def test_operations_and_their_parameters(spec):
    found = {}
    for path, method, op in spec.operations():
        names = [spec.resolve(p)["name"] for p in op.get("parameters", [])]
        found[op["operationId"]] = (f"{method.upper()} {path}", names)
    assert found == SURFACE


def test_delete_body(spec):
    body = spec.document["components"]["schemas"]["DeleteInvoicesRequest"]
    assert body["required"] == ["invoiceids"]
    assert list(body["properties"]) == ["invoiceids"]
    assert body["properties"]["invoiceids"]["minItems"] == 1


def test_enums(spec):
    schemas = spec.document["components"]["schemas"]
    found = {
        name: (schema["enum"], schema.get("x-enum-varnames"))
        for name, schema in schemas.items()
        if "enum" in schema
    }
    assert found == ENUMS
