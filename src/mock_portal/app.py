"""The ASGI application: authentication, routing and the two invoice operations."""

from __future__ import annotations

import sys
import traceback
import uuid
from collections.abc import Collection
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from . import errors, params
from .auth import TokenTable, authenticate, realm
from .build import Progress
from .control import control_routes
from .errors import ApiError
from .listing import generic_filters, only_fields, smart_list
from .portal import Portal
from .reference import DEFAULT_BASE_URL, DEFAULT_TIMEZONE, User
from .requestlog import RecordRequests, RequestLog
from .wire import JSON_CONTENT_TYPE, XML_CONTENT_TYPE, envelope, error_body, to_json_bytes
from .xmlwire import to_xml_bytes

DEFAULT_ADMIN_TOKEN = "admin-token"
DEFAULT_USER_TOKEN = "user-token"
MAX_BODY = 1 << 20  # 1 MiB
FORM = "application/x-www-form-urlencoded"
UNAUTHORIZED_TYPE = "text/html; charset=utf-8"
CACHE_CONTROL = "private, max-age=0"
# The names every server answers to: a page that rebinds its own DNS name to 127.0.0.1 sends
# that name in Host, so a request naming anything else is refused (as IIS does, with 400).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
BAD_HOST_BODY = b"<h1>Bad Request - Invalid Hostname</h1>"

FILTER_PATH = "/api/2.0/crm/invoice/filter"
DELETE_PATH = "/api/2.0/crm/invoice"
ROUTES = {FILTER_PATH: "GET", DELETE_PATH: "DELETE"}


# A format suffix routes only in lower case: `.XML` is no suffix, and no route has that name.
SUFFIXES = {".json": False, ".xml": True, ".tml": True}


def _operation(path: str) -> tuple[str | None, bool]:
    """(route, answers in XML) for a request path: `.json`, `.xml` and `.tml` suffixes allowed."""
    xml = False
    for suffix, is_xml in SUFFIXES.items():
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            xml = is_xml
            break
    lowered = path.lower()  # the route itself is case-insensitive, as on IIS
    return (lowered if lowered in ROUTES else None), xml


def host_name(header: str | None) -> str:
    """The name in a Host header, without its port or IPv6 brackets, lower-cased."""
    host = (header or "").strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


class PortalEndpoint:
    """Every path and method lands here, so that authentication comes first everywhere."""

    def __init__(
        self,
        portal: Portal,
        tokens: TokenTable,
        unpaid: bool,
        max_body: int,
        allowed_hosts: Collection[str] | None = None,
    ) -> None:
        # unpaid: every authenticated request answers 402 after its arguments convert
        # allowed_hosts: the Host names answered (None: any, for in-process tests)
        self.portal = portal
        self.tokens = tokens
        self.unpaid = unpaid
        self.max_body = max_body
        self.allowed_hosts = None if allowed_hosts is None else frozenset(allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if self.allowed_hosts is not None and (
            host_name(request.headers.get("host")) not in self.allowed_hosts
        ):
            response = Response(BAD_HOST_BODY, 400, media_type=UNAUTHORIZED_TYPE)
        else:
            try:
                response = await self.handle(request)
            except Exception:  # never expected; the portal's generic 500, not Starlette's
                traceback.print_exc(file=sys.stderr)
                error = ApiError(500, "Internal server error")
                response = self._error(error, _operation(request.url.path)[1])
        await response(scope, receive, send)

    def _reply(
        self, body: dict[str, Any], status: int, xml: bool, headers: dict[str, str] | None = None
    ) -> Response:
        # ApiHttpHandlerBase.RespondTo: a new random ETag (a GUID, "N" format) and max-age 0 on
        # every answer it writes, errors included
        headers = {**(headers or {}), "ETag": uuid.uuid4().hex, "Cache-Control": CACHE_CONTROL}
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
        query = params.Args(request.query_params.multi_items())
        media = _media_type(request)
        body, body_error = b"", None
        try:
            body = await self._read_body(request)
        except ApiError as err:
            body_error = err
        form = params.form_pairs(body) if media == FORM else []
        user_key = authenticate(request.headers, self.tokens, query.all_pairs(), form)
        if user_key is None or user_key not in self.portal.users_by_key:
            headers = {}
            if "authorization" in request.headers:
                headers["WWW-Authenticate"] = f'Basic Realm="{realm(request.headers.get("host"))}"'
            # the portal's handler sets no content type: ASP.NET's default goes out
            return Response(b"Unauthorized", 401, headers, media_type=UNAUTHORIZED_TYPE)
        user = self.portal.user(user_key)
        route, xml = _operation(request.url.path)
        # the portal answers XML for .xml paths unless the request body is JSON
        xml = xml and media != "application/json"
        page = params.list_params(query)  # an error answer repeats the startIndex sent
        if route is None:
            return self._error(errors.not_found(), xml, page.start_index)
        allowed = ROUTES[route]
        if request.method != allowed:
            return self._error(
                errors.method_not_allowed(), xml, page.start_index, headers={"Allow": allowed}
            )
        try:
            if body_error is not None:
                raise body_error
            run = (request, route, user, query, page, body, media, form)
            if route == DELETE_PATH:
                # A delete of many ids takes seconds: it runs on a worker thread, one writer at
                # a time (the store's write lock) in one transaction, while the event loop
                # answers other requests from their own read snapshots.
                result = await anyio.to_thread.run_sync(self._run, *run)
            else:
                result = self._run(*run)
        except ApiError as err:
            return self._error(err, xml, page.start_index)
        except Exception:  # never expected; answer like the portal's generic 500
            traceback.print_exc(file=sys.stderr)
            return self._error(ApiError(500, "Internal server error"), xml, page.start_index)
        return self._reply(result, 200, xml)

    def _run(
        self,
        request: Request,
        route: str,
        user: User,
        query: params.Args,
        page: params.ListParams,
        body: bytes,
        media: str,
        form: list[tuple[str, str]],
    ) -> dict[str, Any]:
        """Convert the arguments (400), run the payment (402) and product (403) filters, then
        the operation with its own checks (400)."""
        args = params.Args(query.all_pairs())
        if media == "application/json":
            args.extend(params.json_body_pairs(body))
        elif request.method != "GET" and media == FORM:
            args.extend(form)
        flt, ids = None, []
        if route == FILTER_PATH:
            flt = params.invoice_filter(args, page.filter_value, self.portal.clock)
        else:
            ids = params.invoice_ids(args)
        if self.unpaid and request.headers.get("payment-info", "").strip().lower() != "false":
            raise errors.payment_required()
        if not user.crm_access:
            raise errors.forbidden()
        if flt is None:
            params.require_ids(ids)
            return smart_list(self.portal.delete_invoices(user, ids), page)
        params.check_entity_type(flt)
        # the store runs on the event loop: its SQLite calls take well under the cost of a
        # hop to a worker thread and back (one process, the GIL serialises them)
        items, total, next_index = self.portal.list_invoices(user, flt, page)
        filtered = generic_filters(items, page)
        if len(filtered) != len(items):
            next_index = None  # written only for a page still holding `count` items
        items = only_fields(filtered, page)
        return envelope(
            200,
            response=items,
            has_response=True,
            count=len(items),
            start_index=page.start_index,
            next_index=next_index,
            total=total,
        )

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


def create_app(
    *,
    portal: Portal | None = None,
    db: str = ":memory:",
    invoices: int = 0,
    seed: int = 1,
    timezone: str = DEFAULT_TIMEZONE,
    base_url: str = DEFAULT_BASE_URL,
    admin_token: str = DEFAULT_ADMIN_TOKEN,
    user_token: str = DEFAULT_USER_TOKEN,
    visitor_token: str | None = None,
    unpaid: bool = False,
    max_body: int = MAX_BODY,
    progress: Progress | None = None,
    allowed_hosts: Collection[str] | None = None,
    request_log: RequestLog | None = None,
) -> Starlette:
    """The mock portal as an ASGI app.

    Pass a hand-built `portal`, or let it build one (`db`, `invoices`, `seed`, `timezone`,
    `base_url`: the portal's own address in photo and profile URLs).
    `allowed_hosts`: the Host names it answers (the server passes the loopback names and its
    own address); None answers any, for in-process clients.
    `request_log`: a RequestLog to record every request in (off by default).
    The app's `state.portal` is the Portal behind it."""
    if portal is None:
        portal = Portal(
            db,
            timezone=timezone,
            invoices=invoices,
            seed=seed,
            progress=progress,
            base_url=base_url,
        )
    tokens = {admin_token: "admin", user_token: "user"}
    if visitor_token:
        tokens[visitor_token] = "visitor"
    endpoint = PortalEndpoint(portal, TokenTable(tokens), unpaid, max_body, allowed_hosts)
    # control endpoints (/__mock__/...) first: health, reset, the request log
    hosts = endpoint.allowed_hosts
    host_ok = lambda host: hosts is None or host_name(host) in hosts  # noqa: E731
    routes = [*control_routes(portal, host_ok), Route("/{path:path}", endpoint=endpoint)]
    app = Starlette(routes=routes)
    app.state.portal = portal
    app.state.request_log = request_log
    if request_log is not None:
        app.add_middleware(RecordRequests, log=request_log)
    return app
