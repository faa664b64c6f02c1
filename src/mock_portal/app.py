"""The ASGI application: authentication, routing and the two invoice operations."""

from __future__ import annotations

import sys
import traceback
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from . import errors, params
from .auth import TokenTable, authenticate, realm
from .build import Progress
from .errors import ApiError
from .portal import Portal
from .reference import DEFAULT_TIMEZONE
from .wire import JSON_CONTENT_TYPE, XML_CONTENT_TYPE, envelope, error_body, to_json_bytes
from .xmlwire import to_xml_bytes

DEFAULT_ADMIN_TOKEN = "admin-token"
DEFAULT_USER_TOKEN = "user-token"
MAX_BODY = 1 << 20  # 1 MiB

FILTER_PATH = "/api/2.0/crm/invoice/filter"
DELETE_PATH = "/api/2.0/crm/invoice"
ROUTES = {FILTER_PATH: "GET", DELETE_PATH: "DELETE"}


def _operation(path: str) -> tuple[str | None, bool]:
    """(route, answers in XML) for a request path: `.json` and `.xml` suffixes allowed."""
    lowered = path.lower()  # routes are case-insensitive, as on IIS
    xml = False
    for suffix in (".json", ".xml"):
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)]
            xml = suffix == ".xml"
            break
    return (lowered if lowered in ROUTES else None), xml


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


class PortalEndpoint:
    """Every path and method lands here, so that authentication comes first everywhere."""

    def __init__(self, portal: Portal, tokens: TokenTable, unpaid: bool, max_body: int) -> None:
        self.portal = portal
        self.tokens = tokens
        self.unpaid = unpaid
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handle(Request(scope, receive))
        await response(scope, receive, send)

    def _reply(
        self, body: dict[str, Any], status: int, xml: bool, headers: dict[str, str] | None = None
    ) -> Response:
        if xml:
            return Response(to_xml_bytes(body), status, headers, media_type=XML_CONTENT_TYPE)
        return Response(to_json_bytes(body), status, headers, media_type=JSON_CONTENT_TYPE)

    def _error(
        self, err: ApiError, xml: bool, start_index: int = 0, headers: dict[str, str] | None = None
    ) -> Response:
        body = envelope(
            err.status, error=error_body(err.message, err.hresult), start_index=start_index
        )
        return self._reply(body, err.status, xml, headers)

    async def handle(self, request: Request) -> Response:
        user_key = authenticate(request.headers, self.tokens)
        if user_key is None or user_key not in self.portal.users_by_key:
            headers = {}
            if "authorization" in request.headers:
                headers["WWW-Authenticate"] = f'Basic Realm="{realm(request.headers.get("host"))}"'
            return Response(b"Unauthorized", 401, headers, media_type="text/plain; charset=utf-8")
        user = self.portal.user(user_key)
        route, xml = _operation(request.url.path)
        # the portal answers XML for .xml paths unless the request body is JSON
        xml = xml and _media_type(request) != "application/json"
        if self.unpaid:
            return self._error(errors.payment_required(), xml)
        if route is None:
            return self._error(errors.not_found(), xml)
        allowed = ROUTES[route]
        if request.method != allowed:
            return self._error(errors.method_not_allowed(), xml, headers={"Allow": allowed})
        if not user.crm_access:
            return self._error(errors.access_denied(), xml)

        query = params.Args(request.query_params.multi_items())
        page = params.list_params(query)
        try:
            body = await self._read_body(request)
            args = params.Args(query.all_pairs())
            media = _media_type(request)
            if media == "application/json":
                args.extend(params.json_body_pairs(body))
            elif request.method != "GET" and media == "application/x-www-form-urlencoded":
                args.extend(params.form_pairs(body))
            if route == FILTER_PATH:
                flt = params.invoice_filter(args, page.filter_value, self.portal.clock)
                # the store runs on the event loop: its SQLite calls take well under the cost
                # of a hop to a worker thread and back (one process, the GIL serialises them)
                items, total, next_index = self.portal.list_invoices(user, flt, page)
                result = envelope(
                    200,
                    response=items,
                    has_response=True,
                    count=len(items),
                    start_index=page.start_index,
                    next_index=next_index,
                    total=total,
                )
            else:
                ids = params.invoice_ids(args)
                deleted = self.portal.delete_invoices(user, ids)
                result = _smart_list(deleted, page)
        except ApiError as err:
            start = page.start_index if err.status == 400 else 0
            return self._error(err, xml, start)
        except Exception:  # never expected; answer like the portal's generic 500
            traceback.print_exc(file=sys.stderr)
            return self._error(ApiError(500, "Internal server error"), xml)
        return self._reply(result, 200, xml)

    async def _read_body(self, request: Request) -> bytes:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            raise errors.too_large(self.max_body)
        chunks = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body:
                raise errors.too_large(self.max_body)
            chunks.append(chunk)
        return b"".join(chunks)


def _smart_list(items: list[dict[str, Any]], page: params.ListParams) -> dict[str, Any]:
    """The portal's generic list post-processing, which DELETE's answer goes through: the
    total only when there are more items than `count`, a skip only then, and `count` items."""
    total = None
    shown = items
    if page.count < len(items):
        total = len(items)
        shown = shown[min(page.start_index, len(items)) :]
    if page.count > 0:
        shown = shown[: page.count]
    next_index = None
    if len(shown) == page.count and len(items) - page.start_index > page.count:
        next_index = page.start_index + page.count + 1
    return envelope(
        200,
        response=shown,
        has_response=True,
        count=len(shown),
        start_index=page.start_index,
        next_index=next_index,
        total=total,
    )


def create_app(
    *,
    portal: Portal | None = None,
    db: str = ":memory:",
    invoices: int = 0,
    seed: int = 1,
    timezone: str = DEFAULT_TIMEZONE,
    admin_token: str = DEFAULT_ADMIN_TOKEN,
    user_token: str = DEFAULT_USER_TOKEN,
    visitor_token: str | None = None,
    unpaid: bool = False,
    max_body: int = MAX_BODY,
    progress: Progress | None = None,
) -> Starlette:
    """The mock portal as an ASGI app.

    Pass a hand-built `portal`, or let it build one (`db`, `invoices`, `seed`, `timezone`).
    The app's `state.portal` is the Portal behind it."""
    if portal is None:
        portal = Portal(db, timezone=timezone, invoices=invoices, seed=seed, progress=progress)
    tokens = {admin_token: "admin", user_token: "user"}
    if visitor_token:
        tokens[visitor_token] = "visitor"
    endpoint = PortalEndpoint(portal, TokenTable(tokens), unpaid, max_body)
    app = Starlette(routes=[Route("/{path:path}", endpoint=endpoint)])
    app.state.portal = portal
    return app
