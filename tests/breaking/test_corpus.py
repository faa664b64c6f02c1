"""One case per rule: a base document, a mutation, and exactly the changes expected.

Every case also applies documentation-only edits to the new document (see ``diff``), so
the exact comparison shows that those edits contribute nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from spec_pipeline.breaking import Report

from .conftest import BATCH, BODY, COUNT, DELETE_OP, FILTER, GET_OP, INVOICE, JSON, Mutation, Spec

B, N = "breaking", "non-breaking"


def get(spec: Spec) -> Any:
    return spec["paths"][FILTER]["get"]


def delete(spec: Spec) -> Any:
    return spec["paths"][BATCH]["delete"]


def param(spec: Spec, name: str) -> Any:
    item = spec["paths"][FILTER]
    return next(p for p in [*item["parameters"], *item["get"]["parameters"]] if p["name"] == name)


def schemas(spec: Spec) -> Any:
    return spec["components"]["schemas"]


def invoice(spec: Spec) -> Any:
    return schemas(spec)["Invoice"]["properties"]


def body(spec: Spec) -> Any:
    return delete(spec)["requestBody"]["content"][JSON]["schema"]


def response(spec: Spec) -> Any:
    return get(spec)["responses"]["200"]


def setter(target: Callable[[Spec], Any], key: str, value: Any) -> Callable[[Spec], None]:
    def mutate(spec: Spec) -> None:
        target(spec)[key] = value

    return mutate


def deleter(target: Callable[[Spec], Any], key: str) -> Callable[[Spec], None]:
    def mutate(spec: Spec) -> None:
        del target(spec)[key]

    return mutate


def appender(target: Callable[[Spec], Any], value: Any) -> Callable[[Spec], None]:
    def mutate(spec: Spec) -> None:
        target(spec).append(value)

    return mutate


def both(*mutations: Callable[[Spec], None]) -> Callable[[Spec], None]:
    def mutate(spec: Spec) -> None:
        for m in mutations:
            m(spec)

    return mutate


def remover(target: Callable[[Spec], Any], value: Any) -> Callable[[Spec], None]:
    def mutate(spec: Spec) -> None:
        target(spec).remove(value)

    return mutate


def get_params(spec: Spec) -> Any:
    return get(spec)["parameters"]


def count_schema(spec: Spec) -> Any:
    return param(spec, "count")["schema"]


def search_schema(spec: Spec) -> Any:
    return param(spec, "search")["schema"]


def reason(spec: Spec) -> Any:
    return body(spec)["properties"]["reason"]


def ids(spec: Spec) -> Any:
    return body(spec)["properties"]["invoiceids"]


def status_enum(spec: Spec) -> Any:
    return schemas(spec)["InvoiceStatus"]["enum"]


def contact_branches(spec: Spec) -> Any:
    return invoice(spec)["contact"]["oneOf"]


def inv(name: str) -> Callable[[Spec], Any]:
    return lambda spec: invoice(spec)[name]


def inv_path(name: str) -> str:
    return f"{INVOICE}.properties.{name}"


def extract(target: Callable[[Spec], Any], key: Any, folder: str, name: str) -> Mutation:
    """Move target(spec)[key] into components/<folder>/<name> and refer to it: same meaning."""

    def mutate(spec: Spec) -> None:
        spec["components"].setdefault(folder, {})[name] = target(spec)[key]
        target(spec)[key] = {"$ref": f"#/components/{folder}/{name}"}

    return mutate


def total_count(spec: Spec) -> Any:
    return response(spec)["headers"]["X-Total-Count"]


def inline_invoice(spec: Spec) -> None:
    items = response(spec)["content"][JSON]["schema"]["properties"]["response"]
    items["items"] = copy.deepcopy(schemas(spec)["Invoice"])


def split_invoice(spec: Spec) -> None:
    """The same Invoice, written as allOf of a shared base and an extension."""
    invoice = schemas(spec).pop("Invoice")
    schemas(spec)["Entity"] = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": invoice["properties"].pop("id")},
    }
    invoice["required"].remove("id")
    schemas(spec)["Invoice"] = {"allOf": [{"$ref": "#/components/schemas/Entity"}, invoice]}


def reorder_invoice(spec: Spec) -> None:
    schemas(spec)["Invoice"]["properties"] = dict(reversed(invoice(spec).items()))
    schemas(spec)["Invoice"]["required"].reverse()


def by_id(spec: Spec) -> None:
    spec["paths"]["/api/2.0/crm/invoice/{invoiceid}"] = {
        "get": {
            "operationId": "getInvoiceById",
            "parameters": [
                {"name": "invoiceid", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "responses": {"200": {"description": "The invoice"}},
        }
    }


def rename_path_parameter(spec: Spec) -> None:
    item = spec["paths"].pop("/api/2.0/crm/invoice/{invoiceid}")
    item["get"]["parameters"][0]["name"] = "id"
    spec["paths"]["/api/2.0/crm/invoice/{id}"] = item


def respelled_nulls(spec: Spec) -> None:
    invoice(spec)["description"]["type"] = ["null", "string"]
    # oneOf [X, null] and anyOf [null, X] say the same thing
    invoice(spec)["contact"] = {
        "anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Contact"}]
    }


def xml_answer(spec: Spec) -> None:
    response(spec)["content"]["text/xml"] = {"schema": {"type": "string", "xml": {"name": "r"}}}


def read_only_required(spec: Spec) -> None:
    body(spec)["properties"]["deletedBy"] = {"type": "string", "readOnly": True}
    body(spec)["required"].append("deletedBy")


PARAMS = "parameters.query"
OPEN_STATUS = {"anyOf": [{"type": "string", "enum": ["draft", "sent", "paid"]}, {"type": "string"}]}
INT_OR_STRING = {"oneOf": [{"type": "integer", "format": "int32"}, {"type": "string"}]}
FORM, DOC = "application/x-www-form-urlencoded", "(document)"
STATUS_REF = {"$ref": "#/components/schemas/InvoiceStatus"}


def case(name: str, mutate: Any, *expected: tuple[str, str, str, str], base: Any = None) -> Any:
    """A labelled change: mutate (a copy of the base), expected [(label, operation, path, rule)]."""
    return pytest.param(mutate, list(expected), base, id=name)


# fmt: off
CASES = [
    # ---- request: parameters
    case("new required query parameter",
         appender(get_params, {"name": "from", "in": "query", "required": True}),
         (B, GET_OP, f"{PARAMS}.from", "required-parameter-added")),
    case("new optional query parameter",
         appender(get_params, {"name": "from", "in": "query", "schema": {"type": "string"}}),
         (N, GET_OP, f"{PARAMS}.from", "optional-parameter-added")),
    case("new required header parameter",
         appender(get_params, {"name": "X-Tenant", "in": "header", "required": True}),
         (B, GET_OP, "parameters.header.X-Tenant", "required-parameter-added")),
    case("parameter becomes required", setter(lambda s: param(s, "search"), "required", True),
         (B, GET_OP, f"{PARAMS}.search", "parameter-became-required")),
    case("parameter becomes optional", deleter(lambda s: param(s, "search"), "required"),
         (N, GET_OP, f"{PARAMS}.search", "parameter-became-optional"),
         base=setter(lambda s: param(s, "search"), "required", True)),
    case("operation-level parameter removed", lambda s: get_params(s).pop(),
         (B, GET_OP, f"{PARAMS}.search", "parameter-removed")),
    case("path-item-level parameter removed", lambda s: s["paths"][FILTER]["parameters"].clear(),
         (B, GET_OP, f"{PARAMS}.count", "parameter-removed")),
    case("path-item parameter overridden as required at operation level",
         appender(get_params, {"name": "count", "in": "query", "required": True,
                               "schema": dict(COUNT)}),
         (B, GET_OP, f"{PARAMS}.count", "parameter-became-required")),
    case("parameter serialization changed", setter(lambda s: param(s, "search"), "explode", False),
         (B, GET_OP, f"{PARAMS}.search", "parameter-style-changed")),
    # ---- request: types
    case("request type changed integer to string", setter(count_schema, "type", "string"),
         (B, GET_OP, f"{PARAMS}.count.schema", "type-changed")),
    case("request type removed from a type list", setter(search_schema, "type", "string"),
         (B, GET_OP, f"{PARAMS}.search.schema", "type-narrowed"),
         base=setter(search_schema, "type", ["string", "integer"])),
    case("request type widened integer to number", setter(count_schema, "type", "number"),
         (N, GET_OP, f"{PARAMS}.count.schema", "type-widened")),
    case("request type narrowed number to integer", setter(count_schema, "type", "integer"),
         (B, GET_OP, f"{PARAMS}.count.schema", "type-narrowed"),
         base=setter(count_schema, "type", "number")),
    case("request field no longer nullable", setter(reason, "type", "string"),
         (B, DELETE_OP, f"{BODY}.properties.reason", "nullable-removed")),
    case("request field becomes nullable", setter(ids, "type", ["array", "null"]),
         (N, DELETE_OP, f"{BODY}.properties.invoiceids", "nullable-added")),
    # ---- enums and const: the shared InvoiceStatus is read in a request and a response
    case("enum value removed: narrowing breaks the request only", remover(status_enum, "paid"),
         (B, GET_OP, f"{PARAMS}.status.schema", "enum-value-removed"),
         (N, GET_OP, inv_path("status"), "enum-value-removed")),
    case("enum value added: widening breaks the closed response enum only",
         appender(status_enum, "overdue"),
         (N, GET_OP, f"{PARAMS}.status.schema", "enum-value-added"),
         (B, GET_OP, inv_path("status"), "enum-value-added")),
    case("value added to an open response enum",
         lambda s: invoice(s)["status"]["anyOf"][0]["enum"].append("overdue"),
         (N, GET_OP, f"{inv_path('status')}.anyOf[0]", "open-enum-value-changed"),
         base=setter(invoice, "status", OPEN_STATUS)),
    case("value removed from an open request enum",
         lambda s: param(s, "status")["schema"]["anyOf"][0]["enum"].remove("paid"),
         (N, GET_OP, f"{PARAMS}.status.schema.anyOf[0]", "open-enum-value-changed"),
         base=setter(lambda s: param(s, "status"), "schema", OPEN_STATUS)),
    case("enum constraint added to a request field", setter(search_schema, "enum", ["a", "b"]),
         (B, GET_OP, f"{PARAMS}.search.schema", "enum-narrowed")),
    case("const changed in a request body",
         setter(lambda s: body(s)["properties"], "mode", {"const": "hard"}),
         (B, DELETE_OP, f"{BODY}.properties.mode", "enum-value-removed"),
         (N, DELETE_OP, f"{BODY}.properties.mode", "enum-value-added"),
         base=setter(lambda s: body(s)["properties"], "mode", {"const": "soft"})),
    # ---- bounds, pattern, format
    case("request minimum raised", setter(count_schema, "minimum", 5),
         (B, GET_OP, f"{PARAMS}.count.schema", "bound-narrowed")),
    case("request minimum lowered", setter(count_schema, "minimum", 0),
         (N, GET_OP, f"{PARAMS}.count.schema", "bound-widened")),
    case("request maximum lowered", setter(count_schema, "maximum", 50),
         (B, GET_OP, f"{PARAMS}.count.schema", "bound-narrowed")),
    case("request maximum raised", setter(count_schema, "maximum", 5000),
         (N, GET_OP, f"{PARAMS}.count.schema", "bound-widened")),
    case("request maxLength lowered", setter(search_schema, "maxLength", 20),
         (B, GET_OP, f"{PARAMS}.search.schema", "bound-narrowed")),
    case("request maxLength removed", deleter(search_schema, "maxLength"),
         (N, GET_OP, f"{PARAMS}.search.schema", "bound-widened")),
    case("request minLength added", setter(search_schema, "minLength", 3),
         (B, GET_OP, f"{PARAMS}.search.schema", "bound-narrowed")),
    case("request minItems raised", setter(ids, "minItems", 2),
         (B, DELETE_OP, f"{BODY}.properties.invoiceids", "bound-narrowed")),
    case("request maxItems added", setter(ids, "maxItems", 100),
         (B, DELETE_OP, f"{BODY}.properties.invoiceids", "bound-narrowed")),
    case("request pattern added", setter(search_schema, "pattern", "^[a-z]+$"),
         (B, GET_OP, f"{PARAMS}.search.schema", "pattern-narrowed")),
    case("request pattern changed", setter(search_schema, "pattern", "^[a-z0-9]+$"),
         (B, GET_OP, f"{PARAMS}.search.schema", "pattern-changed"),
         base=setter(search_schema, "pattern", "^[a-z]+$")),
    case("request pattern removed", deleter(search_schema, "pattern"),
         (N, GET_OP, f"{PARAMS}.search.schema", "pattern-widened"),
         base=setter(search_schema, "pattern", "^[a-z]+$")),
    case("request format added", setter(search_schema, "format", "email"),
         (B, GET_OP, f"{PARAMS}.search.schema", "format-narrowed")),
    case("request format widened int32 to int64",
         setter(lambda s: ids(s)["items"], "format", "int64"),
         (N, DELETE_OP, f"{BODY}.properties.invoiceids.items", "format-widened")),
    case("request format narrowed int64 to int32",
         setter(lambda s: ids(s)["items"], "format", "int32"),
         (B, DELETE_OP, f"{BODY}.properties.invoiceids.items", "format-narrowed"),
         base=setter(lambda s: ids(s)["items"], "format", "int64")),
    # ---- request body
    case("new required request body field",
         both(setter(lambda s: body(s)["properties"], "force", {"type": "boolean"}),
              appender(lambda s: body(s)["required"], "force")),
         (B, DELETE_OP, f"{BODY}.properties.force", "required-property-added")),
    case("new optional request body field",
         setter(lambda s: body(s)["properties"], "force", {"type": "boolean"}),
         (N, DELETE_OP, f"{BODY}.properties.force", "optional-property-added")),
    case("request body field becomes required", appender(lambda s: body(s)["required"], "reason"),
         (B, DELETE_OP, f"{BODY}.properties.reason", "property-became-required")),
    case("request body field becomes optional", setter(body, "required", []),
         (N, DELETE_OP, f"{BODY}.properties.invoiceids", "property-became-optional")),
    case("request body field removed", deleter(lambda s: body(s)["properties"], "reason"),
         (B, DELETE_OP, f"{BODY}.properties.reason", "property-removed")),
    case("request body closed to additional properties",
         setter(body, "additionalProperties", False),
         (B, DELETE_OP, f"{BODY}.additionalProperties", "additional-properties-narrowed")),
    case("request body becomes required",
         setter(lambda s: delete(s)["requestBody"], "required", True),
         (B, DELETE_OP, "requestBody", "request-body-became-required"),
         base=setter(lambda s: delete(s)["requestBody"], "required", False)),
    case("request body becomes optional",
         setter(lambda s: delete(s)["requestBody"], "required", False),
         (N, DELETE_OP, "requestBody", "request-body-became-optional")),
    case("request body removed", deleter(delete, "requestBody"),
         (B, DELETE_OP, "requestBody", "request-body-removed")),
    case("required request body added",
         lambda s: get(s).__setitem__("requestBody", {"required": True, "content": {JSON: {}}}),
         (B, GET_OP, "requestBody", "required-request-body-added")),
    case("request media type replaced",
         lambda s: delete(s)["requestBody"].__setitem__("content", {FORM: {"schema": body(s)}}),
         (B, DELETE_OP, f"requestBody.content.{JSON}", "media-type-removed"),
         (N, DELETE_OP, f"requestBody.content.{FORM}", "media-type-added")),
    case("request oneOf branch removed",
         setter(ids, "items", {"type": "integer", "format": "int32"}),
         (B, DELETE_OP, f"{BODY}.properties.invoiceids.items.oneOf[1]", "union-branch-removed"),
         base=setter(ids, "items", INT_OR_STRING)),
    case("request oneOf branch added",
         setter(ids, "items", INT_OR_STRING),
         (N, DELETE_OP, f"{BODY}.properties.invoiceids.items.oneOf[1]", "union-branch-added")),
    # ---- responses: fields
    case("response field removed", deleter(invoice, "number"),
         (B, GET_OP, inv_path("number"), "property-removed")),
    case("response field renamed",
         lambda s: invoice(s).__setitem__("invoiceNumber", invoice(s).pop("number")),
         (B, GET_OP, inv_path("number"), "property-removed"),
         (N, GET_OP, inv_path("invoiceNumber"), "optional-property-added")),
    case("new optional response field", setter(invoice, "currency", {"type": "string"}),
         (N, GET_OP, inv_path("currency"), "optional-property-added")),
    case("response field no longer required",
         remover(lambda s: schemas(s)["Invoice"]["required"], "number"),
         (B, GET_OP, inv_path("number"), "property-became-optional")),
    case("response field becomes required",
         appender(lambda s: schemas(s)["Invoice"]["required"], "issueDate"),
         (N, GET_OP, inv_path("issueDate"), "property-became-required")),
    case("response field becomes nullable by a type list",
         setter(inv("id"), "type", ["integer", "null"]),
         (B, GET_OP, inv_path("id"), "nullable-added")),
    case("response field becomes nullable by oneOf with null",
         setter(invoice, "status", {"oneOf": [STATUS_REF, {"type": "null"}]}),
         (B, GET_OP, inv_path("status"), "nullable-added")),
    case("response field no longer nullable", setter(inv("description"), "type", "string"),
         (N, GET_OP, inv_path("description"), "nullable-removed")),
    case("response type changed", setter(inv("id"), "type", "string"),
         (B, GET_OP, inv_path("id"), "type-changed")),
    case("response type widened by a type list", setter(inv("id"), "type", ["integer", "string"]),
         (B, GET_OP, inv_path("id"), "type-widened")),
    case("response type narrowed", setter(inv("id"), "type", "integer"),
         (N, GET_OP, inv_path("id"), "type-narrowed"), base=setter(inv("id"), "type", "number")),
    case("response maxLength raised", setter(inv("number"), "maxLength", 100),
         (B, GET_OP, inv_path("number"), "bound-widened")),
    case("response maxLength lowered", setter(inv("number"), "maxLength", 20),
         (N, GET_OP, inv_path("number"), "bound-narrowed")),
    case("response format removed", deleter(inv("issueDate"), "format"),
         (B, GET_OP, inv_path("issueDate"), "format-widened")),
    case("response format changed", setter(inv("issueDate"), "format", "date-time"),
         (B, GET_OP, inv_path("issueDate"), "format-changed")),
    case("response opened to additional properties",
         deleter(lambda s: schemas(s)["Invoice"], "additionalProperties"),
         (B, GET_OP, f"{INVOICE}.additionalProperties", "additional-properties-widened"),
         base=setter(lambda s: schemas(s)["Invoice"], "additionalProperties", False)),
    case("response oneOf branch removed", remover(contact_branches, {"type": "string"}),
         (N, GET_OP, f"{inv_path('contact')}.oneOf[1]", "union-branch-removed"),
         base=lambda s: contact_branches(s).insert(1, {"type": "string"})),
    case("response oneOf branch added",
         lambda s: contact_branches(s).insert(1, {"type": "string"}),
         (B, GET_OP, f"{inv_path('contact')}.oneOf[1]", "union-branch-added")),
    # ---- responses: codes, media types, headers
    case("response status code removed", deleter(lambda s: get(s)["responses"], "404"),
         (B, GET_OP, "responses.404", "response-removed"),
         base=setter(lambda s: get(s)["responses"], "404", {"description": "No such portal"})),
    case("response status code added",
         setter(lambda s: get(s)["responses"], "404", {"description": "No such portal"}),
         (N, GET_OP, "responses.404", "response-added")),
    case("response media type removed",
         lambda s: response(s).__setitem__("content", {"text/xml": response(s)["content"][JSON]}),
         (B, GET_OP, f"responses.200.content.{JSON}", "media-type-removed"),
         (N, GET_OP, "responses.200.content.text/xml", "media-type-added")),
    case("response media type added",
         lambda s: response(s)["content"].__setitem__("text/xml", {"schema": {"type": "string"}}),
         (N, GET_OP, "responses.200.content.text/xml", "media-type-added")),
    case("response header removed", deleter(lambda s: response(s)["headers"], "X-Total-Count"),
         (B, GET_OP, "responses.200.headers.X-Total-Count", "response-header-removed")),
    case("response header added",
         setter(lambda s: response(s)["headers"], "X-Rate-Limit", {"schema": {"type": "integer"}}),
         (N, GET_OP, "responses.200.headers.X-Rate-Limit", "response-header-added")),
    case("response header type widened",
         setter(lambda s: response(s)["headers"]["X-Total-Count"], "schema", {"type": "number"}),
         (B, GET_OP, "responses.200.headers.X-Total-Count.schema", "type-widened")),
    # ---- operations, servers, security
    case("operation removed", lambda s: s["paths"].pop(BATCH),
         (B, DELETE_OP, f"paths.{BATCH}.delete", "operation-removed")),
    case("operation added",
         setter(lambda s: s["paths"][BATCH], "post",
                {"operationId": "createInvoice", "responses": {"200": {"description": "ok"}}}),
         (N, f"POST {BATCH} (createInvoice)", f"paths.{BATCH}.post", "operation-added")),
    case("operationId changed", setter(delete, "operationId", "deleteInvoices"),
         (B, f"DELETE {BATCH} (deleteInvoices)", "operationId", "operation-id-changed")),
    case("operation deprecated", setter(delete, "deprecated", True),
         (N, DELETE_OP, "deprecated", "operation-deprecated")),
    case("server removed",
         lambda s: s["servers"].__setitem__(0, {"url": "https://api.example.com"}),
         (B, "(document)", "servers.https://{portal}", "server-removed"),
         (N, "(document)", "servers.https://api.example.com", "server-added")),
    case("server variable enum value removed",
         remover(lambda s: s["servers"][0]["variables"]["portal"]["enum"], "example.onlyoffice.eu"),
         (B, DOC, "servers.https://{portal}.variables.portal", "server-variable-narrowed")),
    case("server variable removed", lambda s: s["servers"][0]["variables"].clear(),
         (B, "(document)", "servers.https://{portal}.variables.portal", "server-variable-removed")),
    case("security scheme removed", lambda s: s["components"].pop("securitySchemes"),
         (B, "(document)", "components.securitySchemes.asc_auth_key", "security-scheme-removed")),
    case("security scheme moved from header to query",
         setter(lambda s: s["components"]["securitySchemes"]["asc_auth_key"], "in", "query"),
         (B, "(document)", "components.securitySchemes.asc_auth_key", "security-scheme-changed")),
    case("operation requires an extra credential",
         setter(get, "security", [{"asc_auth_key": [], "csrf": []}]),
         (B, GET_OP, "security", "security-requirement-changed"),
         (N, GET_OP, "security", "security-alternative-added")),
    case("anonymous access allowed", setter(get, "security", [{}, {"asc_auth_key": []}]),
         (N, GET_OP, "security", "security-alternative-added")),
    # ---- defaults: what the server assumes when a client leaves the value out
    case("parameter default changed (count 1000 to 100)", setter(count_schema, "default", 100),
         (B, GET_OP, f"{PARAMS}.count.schema", "default-changed")),
    case("request body field default changed", setter(reason, "default", "other"),
         (B, DELETE_OP, f"{BODY}.properties.reason", "default-changed"),
         base=setter(reason, "default", "duplicate")),
    case("response field default changed", setter(inv("number"), "default", "B-1"),
         (N, GET_OP, inv_path("number"), "default-changed"),
         base=setter(inv("number"), "default", "A-1")),
    case("parameter default stated", setter(search_schema, "default", ""),
         (N, GET_OP, f"{PARAMS}.search.schema", "default-added")),
    case("parameter default no longer stated", deleter(count_schema, "default"),
         (N, GET_OP, f"{PARAMS}.count.schema", "default-removed")),
    case("parameter default 1000 written 1000.0", setter(count_schema, "default", 1000.0)),
    case("boolean default false becomes 0", setter(search_schema, "default", 0),
         (B, GET_OP, f"{PARAMS}.search.schema", "default-changed"),
         base=setter(search_schema, "default", False)),
    # ---- renames, reorderings, documentation
    case("query parameter renamed", setter(lambda s: param(s, "search"), "name", "query"),
         (B, GET_OP, f"{PARAMS}.search", "parameter-removed"),
         (N, GET_OP, f"{PARAMS}.query", "optional-parameter-added")),
    case("request body field renamed",
         lambda s: body(s)["properties"].__setitem__("why", body(s)["properties"].pop("reason")),
         (B, DELETE_OP, f"{BODY}.properties.reason", "property-removed"),
         (N, DELETE_OP, f"{BODY}.properties.why", "optional-property-added")),
    case("parameters reordered", lambda s: get_params(s).reverse()),
    case("properties and required list reordered", reorder_invoice),
    case("enum values reordered", lambda s: status_enum(s).reverse()),
    case("documentation only (descriptions, summaries, examples, x-*)", lambda s: None),
    case("type list order and null spelled as a union", respelled_nulls),
    case("header name case changed",
         setter(response, "headers", {"x-total-count": {"schema": {"type": "integer"}}})),
    case("path parameter renamed in the template", rename_path_parameter, base=by_id),
    case("status code written as an integer",
         lambda s: get(s)["responses"].__setitem__(200, get(s)["responses"].pop("200"))),
    case("read-only property required in a request body", read_only_required),
    # ---- $ref refactors with the same meaning
    case("request body schema moved to a named component",
         extract(lambda s: delete(s)["requestBody"]["content"][JSON], "schema", "schemas", "Ids")),
    case("text/xml answer given a named schema",
         extract(lambda s: response(s)["content"]["text/xml"], "schema", "schemas", "XmlAnswer"),
         base=xml_answer),
    case("parameter moved to components/parameters",
         extract(lambda s: get_params(s), 1, "parameters", "Search")),
    case("response moved to components/responses",
         extract(lambda s: get(s)["responses"], "200", "responses", "Invoices")),
    case("named schema inlined", inline_invoice),
    case("schema split into allOf of a shared base", split_invoice),
    # ---- what a newer portal answers, and open enums
    case("401 answer added",
         setter(lambda s: get(s)["responses"], "401", {"description": "Unauthorized", "content": {
             "text/html": {"schema": {"type": "string"}}}}),
         (N, GET_OP, "responses.401", "response-added")),
    case("open request enum closed", setter(lambda s: param(s, "status"), "schema", STATUS_REF),
         (B, GET_OP, f"{PARAMS}.status.schema.anyOf[1]", "union-branch-removed"),
         base=setter(lambda s: param(s, "status"), "schema", OPEN_STATUS)),
    case("open response enum closed", setter(invoice, "status", STATUS_REF),
         (N, GET_OP, f"{inv_path('status')}.anyOf[1]", "union-branch-removed"),
         base=setter(invoice, "status", OPEN_STATUS)),
    case("closed response enum opened", setter(invoice, "status", OPEN_STATUS),
         (B, GET_OP, f"{inv_path('status')}.anyOf[1]", "union-branch-added")),
    # ---- the rest of the table
    case("server variable default changed",
         setter(lambda s: s["servers"][0]["variables"]["portal"], "default", "example.com"),
         (N, DOC, "servers.https://{portal}.variables.portal", "server-variable-default-changed")),
    case("security scheme added",
         setter(lambda s: s["components"]["securitySchemes"], "bearer", {"type": "http"}),
         (N, DOC, "components.securitySchemes.bearer", "security-scheme-added")),
    case("operationId given", setter(delete, "operationId", "deleteBatchInvoices"),
         (N, DELETE_OP, "operationId", "operation-id-added"), base=deleter(delete, "operationId")),
    case("optional request body added", setter(get, "requestBody", {"content": {JSON: {}}}),
         (N, GET_OP, "requestBody", "optional-request-body-added")),
    case("response header no longer always sent", deleter(total_count, "required"),
         (B, GET_OP, "responses.200.headers.X-Total-Count", "response-header-became-optional"),
         base=setter(total_count, "required", True)),
    case("response header now always sent", setter(total_count, "required", True),
         (N, GET_OP, "responses.200.headers.X-Total-Count", "response-header-became-required")),
    case("enum lifted: widening breaks the response only",
         deleter(lambda s: schemas(s)["InvoiceStatus"], "enum"),
         (N, GET_OP, f"{PARAMS}.status.schema", "enum-widened"),
         (B, GET_OP, inv_path("status"), "enum-widened")),
    case("request multipleOf added", setter(count_schema, "multipleOf", 10),
         (B, GET_OP, f"{PARAMS}.count.schema", "multipleof-narrowed")),
    case("request multipleOf 10 to 5", setter(count_schema, "multipleOf", 5),
         (N, GET_OP, f"{PARAMS}.count.schema", "multipleof-widened"),
         base=setter(count_schema, "multipleOf", 10)),
    case("request multipleOf 10 to 3", setter(count_schema, "multipleOf", 3),
         (B, GET_OP, f"{PARAMS}.count.schema", "multipleof-changed"),
         base=setter(count_schema, "multipleOf", 10)),
    case("request items must be unique", setter(ids, "uniqueItems", True),
         (B, DELETE_OP, f"{BODY}.properties.invoiceids", "unique-items-added")),
    case("request items may repeat", deleter(ids, "uniqueItems"),
         (N, DELETE_OP, f"{BODY}.properties.invoiceids", "unique-items-removed"),
         base=setter(ids, "uniqueItems", True)),
]
# fmt: on


@pytest.mark.parametrize(("mutate", "expected", "base"), CASES)
def test_rule(
    diff: Callable[..., Report],
    mutate: Any,
    expected: list[tuple[str, str, str, str]],
    base: Any,
) -> None:
    report = diff(mutate, base=base)
    found = [(c.severity, c.operation, c.path, c.kind) for c in report.changes]
    assert sorted(found) == sorted(expected)
    assert all(c.message for c in report.changes)
