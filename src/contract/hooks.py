"""Schemathesis extensions for the invoice contract, loaded by `schemathesis.toml` (`hooks`).

- XML answers are read back into the JSON shape (through the schema), so the `.xml` operations
  are validated like the JSON ones instead of being skipped.
- A check that an invoice a delete reported never shows up in a later list.
- A check of the portal's permission rules a client sees on the wire (`visible_rights_hold`):
  a contact's `isPrivate` exactly when its `shareType` is 0 and `isShared` otherwise, its
  `accessList` only when private, its `canDelete` false; every invoice a delete reports was
  deletable (`canDelete`) for that token. Kept out of the schema, so that the published spec
  stays plain for other generators.
- Negative cases that fall inside the portal's documented leniency are not failures
  (see contract.portal_acceptance).
- Against a live portal with CONTRACT_DESTRUCTIVE=1, a delete names only the disposable invoices
  the runner picked (contract.disposable); nothing else is ever sent to be deleted.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import schemathesis
from schemathesis import Case as _Case
from schemathesis.core.failures import AcceptedNegativeData, Failure

from contract import (
    COVERAGE_PART_ENV,
    DISPOSABLE_IDS_ENV,
    LIVE_PAGE_ENV,
    PROBES_ENV,
    READ_ONLY_ENV,
    SPEC_ENV,
    pacing,
    portal_acceptance,
    probes,
)
from spec_pipeline.spec_document import SpecDocument
from spec_pipeline.xml_result import XmlResultError, result_to_json

Case = _Case[Any]


@cache
def spec() -> SpecDocument:
    return SpecDocument.from_path(Path(os.environ.get(SPEC_ENV, "openapi.yaml")))


def response_schema(method: str, path: str, status: int, media_type: str) -> Mapping[str, Any]:
    operation = spec().document["paths"][path][method.lower()]
    response = spec().resolve(operation["responses"][str(status)])
    return spec().resolve(response["content"][media_type]["schema"])  # type: ignore[no-any-return]


@schemathesis.deserializer("text/xml")
def read_result_document(ctx: schemathesis.DeserializationContext, response: Any) -> Any:
    operation = ctx.operation
    try:
        schema = response_schema(operation.method, operation.path, response.status_code, "text/xml")
    except KeyError:
        schema = {}  # an undocumented status: status_code_conformance reports it
    try:
        return result_to_json(response.content.decode("utf-8"), schema, spec())
    except (XmlResultError, UnicodeDecodeError) as exc:
        raise ValueError(f"the answer is not a <result> document: {exc}") from exc


class Ledger:
    """What this run has seen: invoices listed, invoices reported deleted."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.listed: set[int] = set()
        self.deleted: set[int] = set()

        self.probed = False  # the list rules of contract.probes were probed in this run

    def reset(self) -> None:
        with self.lock:
            self.listed.clear()
            self.deleted.clear()
            self.probed = False


LEDGER = Ledger()


def _invoice_ids(response: Any) -> list[int] | None:
    try:
        body = response.json()
    except Exception:
        return None
    items = body.get("response") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return None
    return [
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), int)
    ]


@schemathesis.check
def deleted_invoices_stay_deleted(
    ctx: schemathesis.CheckContext, response: Any, case: Case
) -> bool | None:
    """An invoice that a delete reported as deleted is never listed again."""
    if response.status_code != 200 or "json" not in response.headers.get("content-type", [""])[0]:
        return None
    ids = _invoice_ids(response)
    if ids is None:
        return None
    with LEDGER.lock:
        if case.operation.method.upper() == "DELETE":
            LEDGER.deleted.update(ids)
            return None
        LEDGER.listed.update(ids)
        back = sorted(set(ids) & LEDGER.deleted)
    if back:
        raise AssertionError(f"invoices reported deleted earlier are listed again: {back}")
    return None


def _contacts(invoice: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [c for c in (invoice.get("contact"), invoice.get("consignee")) if isinstance(c, dict)]


def rights_violations(items: list[Any], deleted: bool) -> list[str]:
    """What breaks the portal's permission rules in the invoices of one answer."""
    found: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if deleted and item.get("canDelete") is not True:
            found.append(f"invoice {item.get('id')} was deleted though its canDelete is not true")
        for contact in _contacts(item):
            name = f"contact {contact.get('id')} of invoice {item.get('id')}"
            share, private = contact.get("shareType"), contact.get("isPrivate")
            if private is not (share == 0) or contact.get("isShared") is not (share != 0):
                found.append(
                    f"{name}: isPrivate {private}, isShared {contact.get('isShared')} with "
                    f"shareType {share} (private is exactly shareType 0)"
                )
            if ("accessList" in contact) != (private is True):
                found.append(f"{name}: accessList must be present exactly on a private contact")
            if contact.get("canDelete") is not False:
                found.append(f"{name}: canDelete is always false in an invoice")
    return found


@schemathesis.check
def visible_rights_hold(ctx: schemathesis.CheckContext, response: Any, case: Case) -> bool | None:
    """The portal's permission rules a client can see in a 200 answer (JSON)."""
    if response.status_code != 200 or "json" not in response.headers.get("content-type", [""])[0]:
        return None
    try:
        body = response.json()
    except Exception:
        return None  # not JSON: the schema checks report it
    items = body.get("response") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return None
    found = rights_violations(items, deleted=case.operation.method.upper() == "DELETE")
    if found:
        raise AssertionError("; ".join(found[:3]))
    return None


LIST_PATH = "/api/2.0/crm/invoice/filter"


@schemathesis.check
def list_rules_hold(ctx: schemathesis.CheckContext, response: Any, case: Case) -> bool | None:
    """Once a run, from the first JSON list that holds an invoice: filterValue's wildcards and
    sortBy's enum parsing, probed with a few list requests of their own (contract.probes)."""
    if case.operation.path != LIST_PATH or case.operation.method.upper() != "GET":
        return None
    if os.environ.get(PROBES_ENV) == "0":  # a run in parts probes once, in one part
        return None
    if response.status_code != 200:
        return None
    try:
        listed = probes.page_of(response.status_code, response.json())
    except Exception:
        return None  # not JSON: the schema checks report it
    if listed is None or not listed.items:
        return None
    with LEDGER.lock:
        if LEDGER.probed:
            return None
        LEDGER.probed = True
    sent = response.request.headers
    credentials = {name: sent[name] for name in ("Authorization", "Cookie") if name in sent}

    def fetch(query: dict[str, Any]) -> probes.Page | None:
        answer = case.operation.Case(query=query, headers=credentials).call()
        try:
            return probes.page_of(answer.status_code, answer.json())
        except Exception:
            return None

    found = probes.wildcard_violations(fetch, listed.items) + probes.sort_by_violations(fetch)
    if found:
        raise AssertionError("; ".join(found))
    return None


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext, failure: Failure, case: Case, response: Any
) -> bool:
    """Keep every failure but an accepted negative case the portal documents as accepted."""
    kept = not isinstance(failure, AcceptedNegativeData) or not within_portal_leniency(
        case, response.request
    )
    if kept and (pacer := pacing.from_environment()) is not None:
        pacer.failed()  # the runner's progress line counts them
    return kept


def _sent(case: Case) -> str:
    """What `case` sends on the wire, as text (credentials left out): two cases that differ
    only in how a value is typed (1 and "1" in a query) send the same request."""
    kwargs = case.as_transport_kwargs(base_url="http://portal")
    headers = kwargs.get("headers") or {}
    kwargs["headers"] = {k: v for k, v in headers.items() if k.lower() != "authorization"}
    return json.dumps(kwargs, sort_keys=True, default=repr)


class CoveragePart:
    """Which coverage cases this process sends when the runner split the run into parts.

    The coverage phase makes an operation's cases as one fixed list, whatever is sent, and
    every part sees all of it; part k of n keeps the cases whose first appearance in the list
    is at an index i with i % n == k. A case the list holds twice (which one process sends
    once, the second being one it has seen) stays in one part."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.first: dict[str, dict[str, int]] = {}

    def part_of(self, operation: str, sent: str, parts: int) -> int:
        with self.lock:
            first = self.first.setdefault(operation, {})
            index = first.setdefault(sent, len(first))
        return index % parts


COVERAGE_PART = CoveragePart()


@schemathesis.hook
def filter_case(context: schemathesis.HookContext, case: Case) -> bool:
    """In a part of a split run, only this part's share of the coverage cases."""
    part = os.environ.get(COVERAGE_PART_ENV)
    meta = case.meta
    if not part or meta is None or meta.phase.name != "coverage":
        return True
    index, _, parts = part.partition("/")
    return COVERAGE_PART.part_of(case.operation.label, _sent(case), int(parts)) == int(index)


def within_portal_leniency(case: Case, sent: Any) -> bool:
    """Whether the request as it was sent (`sent`: the prepared request, so exactly what the
    portal read, text and repeats included) lies in the portal's documented leniency."""
    operation = spec().document["paths"][case.operation.path][case.operation.method.lower()]
    contract: dict[str, Callable[[Any], bool]] = {
        param["name"]: spec().validator(param["schema"]).is_valid
        for param in (spec().resolve(p) for p in operation.get("parameters", []))
        if param["in"] == "query"
    }
    query: dict[str, list[str]] = {}
    for name, value in parse_qsl(urlsplit(sent.url).query, keep_blank_values=True):
        query.setdefault(name, []).append(value)
    if case.operation.method.upper() == "DELETE" and "requestBody" in operation:
        try:
            body = json.loads(sent.body or b"null")
        except ValueError:
            return False  # not JSON: the portal answers 400
        return portal_acceptance.delete_body_accepted(body) and portal_acceptance.query_accepted(
            query, {}
        )
    if "invoiceids" in contract:  # the .xml delete reads its ids from the query
        ids = query.pop("invoiceids", None)
        if ids is None or not portal_acceptance.delete_body_accepted({"invoiceids": ids}):
            return False
        contract.pop("invoiceids")
    return portal_acceptance.query_accepted(query, _from_text(contract))


def _from_text(
    contract: dict[str, Callable[[Any], bool]],
) -> dict[str, Callable[[Any], bool]]:
    """Query values arrive as text; the contract's schemas are typed (an integer parameter)."""

    def typed(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
        def accepts(text: Any) -> bool:
            if check(text):
                return True
            try:
                return check(json.loads(text))
            except (TypeError, ValueError):
                return False

        return accepts

    return {name: typed(check) for name, check in contract.items()}


def confine_ids(value: Any, allowed: list[int]) -> Any:
    """Every value that a portal could read as an id becomes one of `allowed` (never empty).

    The portal reads ids leniently (" 12", "+12", 12.0), so anything with a digit in it counts.
    The shape of the value is kept, so a positive case stays valid and a negative one invalid.
    """
    if isinstance(value, list):
        return [confine_ids(item, allowed) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            return allowed[0]
        return allowed[int(abs(value)) % len(allowed)]
    if isinstance(value, bytes):
        return re.sub(rb"\d+", str(allowed[len(value) % len(allowed)]).encode(), value)
    if isinstance(value, str):
        if any(char.isdigit() for char in value):
            return str(allowed[len(value) % len(allowed)])
        return value
    if isinstance(value, dict):
        return {key: confine_ids(item, allowed) for key, item in value.items()}
    return allowed[0]


def confine_query(query: Mapping[str, Any], allowed: list[int]) -> dict[str, Any]:
    """`confine_ids` for a query string, where a value is text or a list of texts: a list or an
    object inside a list would be sent as its text ("[[6], [0.5]]"), digits and all, so it
    becomes one allowed id too."""
    confined: dict[str, Any] = {}
    for name, value in query.items():
        value = confine_ids(value, allowed)
        if isinstance(value, list):
            value = [
                str(allowed[i % len(allowed)]) if isinstance(item, list | dict) else item
                for i, item in enumerate(value)
            ]
        confined[name] = value
    return confined


class RefusedRequest(RuntimeError):
    """A request a live run must not send."""


def disposable_ids() -> list[int] | None:
    """The ids a destructive live run may delete; None when deletes are not confined."""
    text = os.environ.get(DISPOSABLE_IDS_ENV)
    if text is None:
        return None
    return [int(part) for part in text.split(",") if part.strip()]


def _small(value: Any, page: int) -> bool:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= page


def small_page(query: Mapping[str, Any] | None, page: int) -> dict[str, Any]:
    """`query` asking for at most `page` invoices: a `count` the portal would ignore (missing,
    negative, not a number, repeated; then it answers 1,000) or a larger one becomes `page`."""
    result = dict(query or {})
    counts = [name for name in result if name.lower() == "count"]  # the portal ignores case
    if len(counts) == 1 and _small(result[counts[0]], page):
        return result
    for name in counts:
        del result[name]
    result["count"] = page
    return result


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: Case, kwargs: dict[str, Any]) -> None:
    """The last gate before a live portal, whatever phase made the case: a read-only run sends
    nothing but GET, with small pages; a destructive one sends DELETE only, naming only
    disposable invoices."""
    method = case.method.upper()
    if method in {"GET", "HEAD"}:
        page = os.environ.get(LIVE_PAGE_ENV)
        if page:  # the portal's leniency on count is tested on the embedded mock
            case.query = small_page(case.query, int(page))
        return
    if os.environ.get(READ_ONLY_ENV) == "1":
        raise RefusedRequest(f"read-only run: refusing to send {method} {case.path}")
    allowed = disposable_ids()
    if allowed is None:
        return
    if method != "DELETE":
        raise RefusedRequest(f"live run: refusing to send {method} {case.path}")
    if not allowed:  # the runner leaves deletes out then; this is the last line of defence
        raise RefusedRequest(f"live run: no disposable invoice, refusing {method} {case.path}")
    # Everything the portal reads ids from: the JSON body and the query string (any name,
    # since names are case-insensitive and `invoiceids[]` counts too).
    if case.body is not None:
        case.body = confine_ids(case.body, allowed)
    if case.query:
        case.query = confine_query(case.query, allowed)
