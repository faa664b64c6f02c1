"""Control endpoints for tests and CI, outside the portal's own paths (as moto's are):

- `GET /__mock__/health`: `{"status": "ok", "invoices": N}` once the portal answers;
- `POST /__mock__/reset`: the generated data set back (`--invoices`, `--seed`), as it was
  before any delete; anything added since is gone (moto's reset, for one data set);
- `GET /__mock__/requests`: the request log (when it is on; see requestlog), tokens redacted;
  `DELETE /__mock__/requests` empties it.

They answer only the Host names the portal answers and need no token: the mock listens on
loopback by default, and nothing here reveals a token.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .build import build
from .portal import Portal

PREFIX = "/__mock__"


def reset_data(portal: Portal) -> int:
    """Every table back to the generated data set the database was built with (its stored seed
    and invoice count), in one write transaction; the caches dropped. Returns the invoices."""
    with portal.db.read() as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    before = portal.invoice_ids()
    with portal.db.write() as conn:
        tables = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for (table,) in tables:
            conn.execute(f'DELETE FROM "{table}"')  # noqa: S608 (the database's own tables)
        build(conn, int(meta.get("invoices", "0")), int(meta.get("seed", str(portal.seed))))
        if "complete" in meta:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('complete', ?)", (meta["complete"],)
            )
    portal.counts.invoices_changed()
    portal.number_search.rows_inserted()
    portal.renderer.forget(before)
    return portal.count("invoice")


def control_routes(portal: Portal, host_allowed: Callable[[str | None], bool]) -> list[Route]:
    """The control endpoints of `portal`; `host_allowed(Host header)` as the portal decides."""

    def guarded(
        handler: Callable[[Request], Response],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            if not host_allowed(request.headers.get("host")):
                return Response("Bad Request: unknown Host", 400, media_type="text/plain")
            return handler(request)

        return endpoint

    def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "invoices": portal.count("invoice")})

    async def reset_endpoint(request: Request) -> Response:
        if not host_allowed(request.headers.get("host")):
            return Response("Bad Request: unknown Host", 400, media_type="text/plain")
        invoices = await anyio.to_thread.run_sync(reset_data, portal)
        log = getattr(request.app.state, "request_log", None)
        if log is not None:
            log.clear()
        return JSONResponse({"status": "reset", "invoices": invoices})

    def requests(request: Request) -> Response:
        log = getattr(request.app.state, "request_log", None)
        if log is None:
            return JSONResponse(
                {"error": "the request log is off (mock-portal --request-log)"}, 404
            )
        if request.method == "DELETE":
            log.clear()
            return Response(status_code=204)
        return JSONResponse(log.entries())

    return [
        Route(f"{PREFIX}/health", guarded(health), methods=["GET"]),
        Route(f"{PREFIX}/reset", reset_endpoint, methods=["POST"]),
        Route(f"{PREFIX}/requests", guarded(requests), methods=["GET", "DELETE"]),
    ]
