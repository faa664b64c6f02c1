"""Small OpenAPI 3.1 documents for the breaking-change checker.

The base document has one GET with query parameters (one at path-item level) and a
200 JSON response, and one DELETE with a JSON request body.  Tests derive the new
document by mutating a deep copy.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from spec_pipeline.breaking import Report, compare

Spec = dict[str, Any]
Mutation = Callable[[Spec], None]

FILTER = "/api/2.0/crm/invoice/filter"
BATCH = "/api/2.0/crm/invoice"
GET_OP = f"GET {FILTER} (getInvoices)"
DELETE_OP = f"DELETE {BATCH} (deleteBatchInvoices)"
JSON = "application/json"
GET_SCHEMA = f"responses.200.content.{JSON}.schema"
INVOICE = f"{GET_SCHEMA}.properties.response.items"
BODY = f"requestBody.content.{JSON}.schema"
COUNT = {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1000}


def make_spec() -> Spec:
    return {
        "openapi": "3.1.0",
        "info": {"title": "ONLYOFFICE CRM invoices", "version": "1.0.0"},
        "servers": [
            {
                "url": "https://{portal}",
                "variables": {
                    "portal": {
                        "default": "example.onlyoffice.com",
                        "enum": ["example.onlyoffice.com", "example.onlyoffice.eu"],
                    }
                },
            }
        ],
        "security": [{"asc_auth_key": []}],
        "paths": {
            FILTER: {
                "parameters": [
                    {
                        "name": "count",
                        "in": "query",
                        "description": "Page size",
                        "schema": copy.deepcopy(COUNT),
                    }
                ],
                "get": {
                    "operationId": "getInvoices",
                    "summary": "Get filtered invoices",
                    "parameters": [
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"$ref": "#/components/schemas/InvoiceStatus"},
                        },
                        {
                            "name": "search",
                            "in": "query",
                            "schema": {"type": "string", "maxLength": 100},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The invoices",
                            "headers": {"X-Total-Count": {"schema": {"type": "integer"}}},
                            "content": {
                                JSON: {
                                    "schema": {
                                        "type": "object",
                                        "required": ["response"],
                                        "properties": {
                                            "response": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Invoice"},
                                            }
                                        },
                                    }
                                }
                            },
                        }
                    },
                },
            },
            BATCH: {
                "delete": {
                    "operationId": "deleteBatchInvoices",
                    "requestBody": {
                        "required": True,
                        "content": {
                            JSON: {
                                "schema": {
                                    "type": "object",
                                    "required": ["invoiceids"],
                                    "properties": {
                                        "invoiceids": {
                                            "type": "array",
                                            "minItems": 1,
                                            "items": {"type": "integer", "format": "int32"},
                                        },
                                        "reason": {"type": ["string", "null"], "maxLength": 200},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Ids of the deleted invoices",
                            "content": {
                                JSON: {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "response": {
                                                "type": "array",
                                                "items": {"type": "integer"},
                                            }
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                # Shared by the `status` query parameter (request) and Invoice.status (response).
                "InvoiceStatus": {"type": "string", "enum": ["draft", "sent", "paid"]},
                "Invoice": {
                    "type": "object",
                    "required": ["id", "number", "status"],
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": "string", "maxLength": 50},
                        "status": {"$ref": "#/components/schemas/InvoiceStatus"},
                        "issueDate": {"type": "string", "format": "date", "example": "2020-12-14"},
                        "description": {"type": ["string", "null"]},
                        "contact": {
                            "oneOf": [{"$ref": "#/components/schemas/Contact"}, {"type": "null"}]
                        },
                    },
                },
                "Contact": {
                    "type": "object",
                    "properties": {"id": {"type": "integer"}, "displayName": {"type": "string"}},
                },
            },
            "securitySchemes": {
                "asc_auth_key": {"type": "apiKey", "in": "header", "name": "Authorization"}
            },
        },
    }


def edit_docs(spec: Spec) -> None:
    """Documentation-only edits: these must never show up as changes.

    Each edit is skipped when a rule's mutation removed its target.
    """
    spec["info"]["description"] = "Edited description"
    spec["x-generator"] = "hand-written"
    item = spec["paths"].get(FILTER, {})
    for p in item.get("parameters", []):
        p["description"] = "Edited parameter description"
    get = item.get("get", {})
    get["summary"] = "List invoices with a filter"
    get["description"] = "Returns the invoices that match."
    for response in get.get("responses", {}).values():
        response["description"] = "Edited response description"
    invoice = spec["components"]["schemas"]["Invoice"]
    invoice["description"] = "A CRM invoice"
    for name, prop in invoice.get("properties", {}).items():
        prop["description"] = f"The invoice {name}"
        prop["example"] = "2021-01-31"
        prop["title"] = name.title()


@pytest.fixture
def base_spec() -> Spec:
    return make_spec()


@pytest.fixture
def diff() -> Callable[..., Report]:
    """diff(mutate, base=None, docs=True): compare a (mutated) base with a mutated copy.

    ``docs`` also applies the documentation-only edits to the new document, so every
    rule test shows at the same time that such edits add nothing to the report.
    """

    def run(mutate: Mutation, base: Mutation | None = None, docs: bool = True) -> Report:
        old = make_spec()
        if base is not None:
            base(old)
        new = copy.deepcopy(old)
        mutate(new)
        if docs:
            edit_docs(new)
        return compare(old, new)

    return run
