"""mock-portal: serve the mock ONLYOFFICE CRM invoice operations over HTTP.

Every option can also be set by an environment variable (MOCK_PORTAL_<OPTION>); a command-line
option wins over the variable. A bad value is one line, `mock-portal: error: ...`, and exit
status 2.

Tokens: unless they are given (options or MOCK_PORTAL_ADMIN_TOKEN / MOCK_PORTAL_USER_TOKEN,
the environment keeping them off the command line), the server makes random ones and prints
them once at startup; `--fixed-tokens` uses the well-known `admin-token` and `user-token`, for
tests. The server answers only requests whose Host is a loopback name or the address it is
bound to (`--allowed-host` adds names), so a web page cannot reach it by DNS rebinding, and it
refuses a request head (request line and headers) over 64 KiB with 431.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .app import DEFAULT_ADMIN_TOKEN, DEFAULT_USER_TOKEN, LOOPBACK_HOSTS, MAX_BODY, create_app
from .build import DatabaseFileError
from .portal import Portal
from .process import READY_LINE
from .reference import DEFAULT_BASE_URL, DEFAULT_TIMEZONE
from .requestlog import RequestLog

SWITCH_INTERVAL = 0.0005  # seconds
MAX_HEAD = 64 * 1024  # bytes of request line and headers; IIS allows 16 KiB per header


def _env(name: str, default: str | None) -> str | None:
    return os.environ.get(f"MOCK_PORTAL_{name}", default)


def _flag(name: str) -> bool:
    return (_env(name, "") or "").strip().lower() in {"1", "true", "yes", "on"}


def _integer(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: an integer from `low` to `high`, with a message saying so."""

    def convert(text: str) -> int:
        try:
            value = int(text.strip(), 10)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not an integer") from None
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise argparse.ArgumentTypeError(f"{value} is out of range: {span}")
        return value

    return convert


def _token(text: str) -> str:
    """Printable ASCII without spaces: what fits an Authorization header and a query string."""
    if not text or any(not "!" <= ch <= "~" for ch in text):
        # never echo the value: it is a secret
        raise argparse.ArgumentTypeError("a token is printable ASCII without spaces")
    return text


def _host(text: str) -> str:
    name = text.strip().lower()
    try:
        ipaddress.ip_address(name.strip("[]"))
        return name.strip("[]")
    except ValueError:
        pass
    if name == "localhost" or (
        0 < len(name) <= 253
        and all(
            part and len(part) <= 63 and part.replace("-", "").isalnum() for part in name.split(".")
        )
        and not name.replace(".", "").isdigit()
    ):
        return name
    raise argparse.ArgumentTypeError(f"{text[:60]!r} is not an IP address or a host name")


def _base_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise argparse.ArgumentTypeError(f"{text[:60]!r} is not an http(s) URL")
    return text


def installed_version() -> str:
    """The version of the installed distribution: the mock portal's wheel, or this repository's
    project when run from a clone."""
    for name in ("onlyoffice-mock-portal", "onlyoffice-invoice-contract"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mock-portal",
        description="A stateful fake of an ONLYOFFICE CRM portal's invoice list and delete "
        "operations, on SQLite. Options default to MOCK_PORTAL_<OPTION> environment variables.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {installed_version()}")
    p.add_argument(
        "--host", type=_host, default=_env("HOST", "127.0.0.1"), help="address to bind (127.0.0.1)"
    )
    p.add_argument(
        "--port",
        type=_integer(0, 65535),
        default=_env("PORT", "8080"),
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
        type=_integer(0, 10_000_000),
        default=_env("INVOICES", "2000"),
        help="invoices to generate in a new database (2000)",
    )
    p.add_argument(
        "--seed",
        type=_integer(0),
        default=_env("SEED", "1"),
        help="seed of the generated data; the same seed gives the same data (1)",
    )
    p.add_argument(
        "--timezone",
        default=_env("TIMEZONE", DEFAULT_TIMEZONE),
        help=f"the portal's IANA time zone ({DEFAULT_TIMEZONE})",
    )
    p.add_argument(
        "--base-url",
        type=_base_url,
        default=_env("BASE_URL", DEFAULT_BASE_URL),
        help=f"the portal's own address, in contact photo and profile URLs ({DEFAULT_BASE_URL})",
    )
    p.add_argument(
        "--admin-token",
        type=_token,
        default=_env("ADMIN_TOKEN", None),
        help="the administrator's token (default: random, printed once; prefer the "
        "environment variable, which other users cannot read)",
    )
    p.add_argument(
        "--user-token",
        type=_token,
        default=_env("USER_TOKEN", None),
        help="the ordinary user's token (default: random, printed once)",
    )
    p.add_argument(
        "--visitor-token",
        type=_token,
        default=_env("VISITOR_TOKEN", None),
        help="token of a user without access to the CRM module (answers 403); off by default",
    )
    p.add_argument(
        "--fixed-tokens",
        action="store_true",
        default=_flag("FIXED_TOKENS"),
        help=f"tokens not given are {DEFAULT_ADMIN_TOKEN!r} and {DEFAULT_USER_TOKEN!r} "
        "instead of random ones (for tests; anyone who knows them can use the portal)",
    )
    p.add_argument(
        "--allowed-host",
        action="append",
        type=_host,
        default=[h for h in (_env("ALLOWED_HOSTS", "") or "").split(",") if h.strip()],
        metavar="NAME",
        help="a Host name to answer besides the loopback names and the bound address "
        "(repeatable; MOCK_PORTAL_ALLOWED_HOSTS: comma-separated)",
    )
    p.add_argument(
        "--unpaid",
        action="store_true",
        default=_flag("UNPAID"),
        help="act as an unpaid portal: 402 on every authenticated request",
    )
    p.add_argument(
        "--request-log",
        default=_env("REQUEST_LOG", None),
        metavar="FILE",
        help="log each request as a JSON line to FILE (- for standard error), tokens redacted, "
        "and serve the log at GET /__mock__/requests; off by default",
    )
    p.add_argument(
        "--max-body",
        type=_integer(1024),
        default=_env("MAX_BODY", str(MAX_BODY)),
        help=f"largest request body in bytes, at least 1024; more answers 413 ({MAX_BODY})",
    )
    return p


class _BoundedHead(HttpToolsProtocol):
    """uvicorn's HTTP protocol, refusing a request head over MAX_HEAD bytes with 431 as soon as
    that much has arrived, instead of reading a head of any size into memory."""

    _head_open = True
    _head_bytes = 0

    def on_message_begin(self) -> None:
        self._head_open, self._head_bytes = True, 0
        super().on_message_begin()

    def on_headers_complete(self) -> None:
        self._head_open = False
        super().on_headers_complete()

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        super().data_received(data)
        if self._head_open:  # the whole chunk went into a head that is still incomplete
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD:
                message = f"Request header fields too large (limit {MAX_HEAD} bytes)".encode()
                self.transport.write(
                    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                    b"content-type: text/plain; charset=utf-8\r\n"
                    b"content-length: " + str(len(message)).encode() + b"\r\n"
                    b"connection: close\r\n\r\n" + message
                )
                self.transport.close()


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
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _tokens(args: argparse.Namespace) -> tuple[str, str]:
    """(admin, user): as given, else fixed with --fixed-tokens, else random."""

    def pick(given: str | None, fixed: str) -> str:
        if given:
            return given
        return fixed if args.fixed_tokens else secrets.token_urlsafe(24)

    return pick(args.admin_token, DEFAULT_ADMIN_TOKEN), pick(args.user_token, DEFAULT_USER_TOKEN)


def _fail(message: str) -> int:
    print(f"mock-portal: error: {message}", file=sys.stderr, flush=True)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        parser.error(f"unknown time zone: {args.timezone[:60]!r}")
    if args.db != ":memory:" and not Path(args.db).resolve().parent.is_dir():
        parser.error(f"--db {args.db}: the folder {Path(args.db).parent} does not exist")
    admin_token, user_token = _tokens(args)
    if len({admin_token, user_token, args.visitor_token or admin_token}) < 2 + bool(
        args.visitor_token
    ):
        parser.error("the admin, user and visitor tokens must differ")
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        return _fail(f"cannot listen on {args.host} port {args.port}: {exc.strerror or exc}")

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
        sock.close()
        return _fail(str(err))
    if existed:
        progress(f"using the data set already in {args.db} (seed {portal.seed})")
    elif args.invoices:
        progress(f"data set ready in {time.perf_counter() - started:.1f} s")
    tokens = [admin_token, user_token, args.visitor_token or ""]
    try:
        log = RequestLog.to(args.request_log, tokens) if args.request_log else None
    except OSError as exc:
        return _fail(f"--request-log {args.request_log}: {exc.strerror or exc}")
    host, port = sock.getsockname()[:2]
    bound = {str(host).lower()} - {"0.0.0.0", "::"}
    app = create_app(
        portal=portal,
        admin_token=admin_token,
        user_token=user_token,
        visitor_token=args.visitor_token,
        unpaid=args.unpaid,
        max_body=args.max_body,
        allowed_hosts=LOOPBACK_HOSTS
        | bound
        | {args.host} - {"0.0.0.0", "::"}
        | set(args.allowed_host),
        request_log=log,
    )
    shown = f"[{host}]" if ":" in host else host
    # the one place tokens are printed: once, at startup
    # what the generated client takes as base_url (it adds /api/2.0/... itself)
    print(f"base URL: http://{shown}:{port}", flush=True)
    # a token that was given (option or environment) is the caller's already: never echoed,
    # so that one kept out of the command line does not land in a CI log either
    for role, token, given in (
        ("admin", admin_token, args.admin_token),
        ("user", user_token, args.user_token),
        ("visitor", args.visitor_token, args.visitor_token),
    ):
        if token:
            print(f"{role} token: {'(as given, not shown)' if given else token}", flush=True)
    # A delete runs on a worker thread; handing the interpreter over every 0.5 ms instead of 5
    # lets the event loop answer small requests between the delete's steps.
    sys.setswitchinterval(SWITCH_INTERVAL)
    config = uvicorn.Config(
        app,
        http=_BoundedHead,
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
