"""mock-portal: serve the mock ONLYOFFICE CRM invoice operations over HTTP.

Every option can also be set by an environment variable (MOCK_PORTAL_<OPTION>); a command-line
option wins over the variable.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import uvicorn

from .app import DEFAULT_ADMIN_TOKEN, DEFAULT_USER_TOKEN, MAX_BODY, create_app
from .build import DatabaseFileError
from .portal import Portal
from .process import READY_LINE
from .reference import DEFAULT_BASE_URL, DEFAULT_TIMEZONE


def _env(name: str, default: str | None) -> str | None:
    return os.environ.get(f"MOCK_PORTAL_{name}", default)


def _flag(name: str) -> bool:
    return (_env(name, "") or "").strip().lower() in {"1", "true", "yes", "on"}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mock-portal",
        description="A stateful fake of an ONLYOFFICE CRM portal's invoice list and delete "
        "operations, on SQLite. Options default to MOCK_PORTAL_<OPTION> environment variables.",
    )
    p.add_argument("--host", default=_env("HOST", "127.0.0.1"), help="address to bind (127.0.0.1)")
    p.add_argument(
        "--port",
        type=int,
        default=int(_env("PORT", "8080") or 8080),
        help="port to bind; 0 picks a free one (8080)",
    )
    p.add_argument(
        "--db",
        default=_env("DB", "mock-portal.sqlite"),
        help="SQLite file, generated when missing and reused when present; :memory: allowed "
        "(mock-portal.sqlite)",
    )
    p.add_argument(
        "--invoices",
        type=int,
        default=int(_env("INVOICES", "2000") or 2000),
        help="invoices to generate in a new database (2000)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=int(_env("SEED", "1") or 1),
        help="seed of the generated data; the same seed gives the same data (1)",
    )
    p.add_argument(
        "--timezone",
        default=_env("TIMEZONE", DEFAULT_TIMEZONE),
        help=f"the portal's IANA time zone ({DEFAULT_TIMEZONE})",
    )
    p.add_argument(
        "--base-url",
        default=_env("BASE_URL", DEFAULT_BASE_URL),
        help=f"the portal's own address, in contact photo and profile URLs ({DEFAULT_BASE_URL})",
    )
    p.add_argument("--admin-token", default=_env("ADMIN_TOKEN", DEFAULT_ADMIN_TOKEN))
    p.add_argument("--user-token", default=_env("USER_TOKEN", DEFAULT_USER_TOKEN))
    p.add_argument(
        "--visitor-token",
        default=_env("VISITOR_TOKEN", None),
        help="token of a user without access to the CRM module (answers 403); off by default",
    )
    p.add_argument(
        "--unpaid",
        action="store_true",
        default=_flag("UNPAID"),
        help="act as an unpaid portal: 402 on every authenticated request",
    )
    p.add_argument(
        "--max-body",
        type=int,
        default=int(_env("MAX_BODY", str(MAX_BODY)) or MAX_BODY),
        help=f"largest request body in bytes; more answers 413 ({MAX_BODY})",
    )
    return p


class _Server(uvicorn.Server):
    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and sockets:
            host, port = sockets[0].getsockname()[:2]
            shown = f"[{host}]" if ":" in host else host
            print(f"{READY_LINE}http://{shown}:{port}", flush=True)


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.set_inheritable(True)
    return sock


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        build_parser().error(f"unknown time zone: {args.timezone}")
    if args.invoices < 0:
        build_parser().error("--invoices must be 0 or more")

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    existed = args.db != ":memory:" and os.path.exists(args.db)
    try:
        portal = Portal(
            args.db,
            timezone=args.timezone,
            invoices=args.invoices,
            seed=args.seed,
            progress=progress,
            base_url=args.base_url,
        )
    except DatabaseFileError as err:
        print(f"mock-portal: {err}", file=sys.stderr)
        return 1
    if existed:
        progress(f"using the data set already in {args.db} (seed {portal.seed})")
    elif args.invoices:
        progress(f"data set ready in {time.perf_counter() - started:.1f} s")
    app = create_app(
        portal=portal,
        admin_token=args.admin_token,
        user_token=args.user_token,
        visitor_token=args.visitor_token,
        unpaid=args.unpaid,
        max_body=args.max_body,
    )
    sock = _bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    # the one place tokens are printed: once, at startup
    print(f"base URL: http://{shown}:{port}/api/2.0", flush=True)
    print(f"admin token: {args.admin_token}", flush=True)
    print(f"user token: {args.user_token}", flush=True)
    if args.visitor_token:
        print(f"visitor token: {args.visitor_token}", flush=True)
    config = uvicorn.Config(
        app,
        lifespan="off",
        access_log=False,  # request lines carry query strings; nothing per request is logged
        log_level="warning",
        server_header=False,
    )
    try:
        _Server(config).run(sockets=[sock])
    finally:
        portal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
