"""Deliberately drifted portals: the mock portal behind an ASGI middleware that breaks one rule.

Each drift is what a portal upgrade, a proxy or a wrong reading of the docs could do; the
contract checks must report every one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

JSON_TYPE = "application/json; charset=UTF-8"
Rewrite = Callable[[Request, bytes, Response], Awaitable[Response]]


class Drift:
    """Buffers the inner app's answer and lets `rewrite` change it (or answer instead)."""

    def __init__(self, app: ASGIApp, rewrite: Rewrite) -> None:
        self.app, self.rewrite = app, rewrite

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        request = Request(scope)
        inner = await call(self.app, scope, body)
        answer = await self.rewrite(request, body, inner)
        await answer(scope, replay(b""), send)


async def call(app: ASGIApp, scope: Scope, body: bytes) -> Response:
    status, headers, chunks = 500, [], []

    async def collect(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], message.get("headers", [])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, replay(body), collect)
    response = Response(b"".join(chunks), status_code=status)
    response.raw_headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    response.raw_headers.append((b"content-length", str(len(response.body)).encode()))
    return response


async def read_body(receive: Receive) -> bytes:
    """The whole request body, however many messages it came in."""
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    return body


def replay(body: bytes) -> Receive:
    """A `receive` that hands an already-read body to the next app."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def with_json(response: Response, change: Callable[[Any], Any]) -> Response:
    if b"json" not in dict(response.raw_headers).get(b"content-type", b""):
        return response
    body = change(json.loads(response.body))
    return Response(json.dumps(body), status_code=response.status_code,
                    media_type="application/json; charset=UTF-8")  # fmt: skip


def pascal_case(app: ASGIApp) -> ASGIApp:
    """Answers with the C# names the vendor documentation prints (IssueDate, IsCompany)."""

    def rename(value: Any) -> Any:
        if isinstance(value, dict):
            return {k[:1].upper() + k[1:]: rename(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v) for v in value]
        return value

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        return with_json(inner, rename)

    return Drift(app, rewrite)


def without_status_code(app: ASGIApp) -> ASGIApp:
    """Drops `statusCode` from every envelope."""

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        return with_json(inner, lambda d: {k: v for k, v in d.items() if k != "statusCode"})

    return Drift(app, rewrite)


def server_error_on_empty_ids(app: ASGIApp) -> ASGIApp:
    """Crashes on an empty id list instead of answering 400."""

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        if request.method == "DELETE" and inner.status_code == 400:
            return Response("Internal Server Error", status_code=500, media_type="text/plain")
        return inner

    return Drift(app, rewrite)


def no_token_needed(app: ASGIApp, token: str) -> ASGIApp:
    """Serves a request that has no credentials as if the administrator had sent it."""

    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
            headers.append((b"authorization", token.encode()))
            scope = {**scope, "headers": headers}
        await app(scope, receive, send)

    return handle


def six_digit_dates(app: ASGIApp) -> ASGIApp:
    """Writes dates the way Python's isoformat() does, not the portal's seven digits."""
    seven = re.compile(rb"(\d{2}:\d{2}:\d{2}\.\d{6})\d")

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        inner.body = seven.sub(rb"\1", inner.body)
        inner.raw_headers = [(k, v) for k, v in inner.raw_headers if k != b"content-length"]
        inner.raw_headers.append((b"content-length", str(len(inner.body)).encode()))
        return inner

    return Drift(app, rewrite)


def dotnet_xml_booleans(app: ASGIApp) -> ASGIApp:
    """Writes XML booleans as .NET's ToString() does (True/False), as the vendor docs print."""

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        if request.url.path.endswith(".xml"):
            inner.body = inner.body.replace(b">true<", b">True<").replace(b">false<", b">False<")
        return inner

    return Drift(app, rewrite)


def keeps_deleted_invoices(app: ASGIApp) -> ASGIApp:
    """Reports invoices as deleted but keeps them: the answer comes from a list, not a delete."""

    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        deleting = scope["type"] == "http" and scope["method"] == "DELETE"
        if deleting and not scope["path"].endswith(".xml"):
            chunks = await read_body(receive)
            try:
                ids = json.loads(chunks or b"{}").get("invoiceids")
            except (ValueError, AttributeError):
                ids = None
            int32 = range(-(2**31), 2**31)
            if (
                isinstance(ids, list)
                and ids
                and all(isinstance(i, int) and i in int32 for i in ids)
            ):
                listing = {
                    **scope,
                    "method": "GET",
                    "path": "/api/2.0/crm/invoice/filter",
                    "raw_path": b"/api/2.0/crm/invoice/filter",
                    "query_string": b"",
                }
                found = await call(app, listing, b"")
                if found.status_code != 200:  # no or bad token: the portal's own answer
                    await app(scope, replay(chunks), send)
                    return
                data = json.loads(found.body)
                kept = [{**inv, "cost": 0} for inv in data["response"] if inv["id"] in ids]
                envelope = {"count": len(kept), "status": 0, "statusCode": 200, "response": kept}
                if not kept:
                    envelope.pop("count")
                answer = Response(
                    json.dumps(envelope), media_type="application/json; charset=UTF-8"
                )
                await answer(scope, replay(b""), send)
                return
            await app(scope, replay(chunks), send)
            return
        await app(scope, receive, send)

    return handle


def _contacts_of(body: Any) -> list[dict[str, Any]]:
    items = body.get("response") if isinstance(body, dict) else None
    return [
        item[slot]
        for item in (items if isinstance(items, list) else [])
        for slot in ("contact", "consignee")
        if isinstance(item, dict) and isinstance(item.get(slot), dict)
    ]


def share_type_apart_from_privacy(app: ASGIApp) -> ASGIApp:
    """Keeps `isPrivate` and `shareType` apart, as the mock portal's data once did: a private
    contact says it is shared Read."""

    def change(body: Any) -> Any:
        for contact in _contacts_of(body):
            if contact.get("isPrivate"):
                contact["shareType"] = 2
        return body

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        return with_json(inner, change)

    return Drift(app, rewrite)


def deletable_contacts(app: ASGIApp) -> ASGIApp:
    """Offers to delete the contacts embedded in an invoice (`canDelete` true), which the
    portal's short contact form never does."""

    def change(body: Any) -> Any:
        for contact in _contacts_of(body):
            contact["canDelete"] = True
        return body

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        return with_json(inner, change)

    return Drift(app, rewrite)


def deletes_what_may_not_be_deleted(app: ASGIApp) -> ASGIApp:
    """Reports deleted invoices whose `canDelete` is false for the token: a portal that deletes
    beyond the user's rights (or misreports them)."""

    def change(body: Any) -> Any:
        for item in body.get("response") or [] if isinstance(body, dict) else []:
            if isinstance(item, dict):
                item["canDelete"] = False
        return body

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        return with_json(inner, change) if request.method == "DELETE" else inner

    return Drift(app, rewrite)


def escaped_wildcards(app: ASGIApp) -> ASGIApp:
    """Escapes `%` and `_` in filterValue, as a careful SQL layer would and the portal does not:
    a search holding either finds nothing (invoice numbers hold neither)."""

    async def rewrite(request: Request, body: bytes, inner: Response) -> Response:
        text = request.query_params.get("filterValue") or ""
        if ("%" in text or "_" in text) and inner.status_code == 200:
            return with_json(inner, _nothing_found)
        return inner

    return Drift(app, rewrite)


def _nothing_found(body: Any) -> Any:
    kept = {k: v for k, v in body.items() if k not in ("count", "nextIndex")}
    return {**kept, "total": body.get("startIndex", 0), "response": []}


def sort_by_names_only(app: ASGIApp) -> ASGIApp:
    """Reads sortBy as a name only, as the mock portal once did: a number (`2`) or a comma list
    (`number,status`) is no sort key and sorts by number."""

    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/2.0/crm/invoice/filter"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            names_only = [
                (k, "number" if k.lower() == "sortby" and (v[:1].isdigit() or "," in v) else v)
                for k, v in pairs
            ]
            scope = {**scope, "query_string": urlencode(names_only).encode("latin-1")}
        await app(scope, receive, send)

    return handle
