"""The mock portal as a server of its own, optionally drifted (tests/contract/drift.py) and
recording every request it gets: the portal `make contract` is pointed at in test_runner.py.

    python -m tests.contract.drifted_portal --token T [--drift NAME] [--record FILE]

Listens on a free loopback port and prints `mock_portal.process.READY_LINE` and its URL, so
`ServerProcess` starts it like the mock portal itself. Recorded requests are JSON lines:
method, path, query and body (as Latin-1 text, so any bytes survive).
"""

from __future__ import annotations

import argparse
import json
import socket
from typing import IO, Any

import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_portal import create_app
from mock_portal.process import READY_LINE
from tests.contract import drift
from tests.contract.drift import read_body, replay

# The drifts that need nothing but the app.
DRIFTS = {
    make.__name__: make
    for make in (
        drift.pascal_case,
        drift.without_status_code,
        drift.server_error_on_empty_ids,
        drift.six_digit_dates,
        drift.dotnet_xml_booleans,
        drift.share_type_apart_from_privacy,
        drift.deletable_contacts,
        drift.deletes_what_may_not_be_deleted,
    )
}


class Recorder:
    """Wraps an ASGI app and writes each request down before the app answers it."""

    def __init__(self, app: ASGIApp, sink: IO[str]) -> None:
        self.app, self.sink = app, sink

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        line: dict[str, Any] = {
            "method": scope["method"],
            "path": scope["path"],
            "query": scope["query_string"].decode("latin-1"),
            "body": body.decode("latin-1"),
        }
        self.sink.write(json.dumps(line) + "\n")
        self.sink.flush()
        await self.app(scope, replay(body), send)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.contract.drifted_portal")
    parser.add_argument("--token", required=True, help="the administrator's token")
    parser.add_argument("--invoices", type=int, default=40)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--drift", choices=sorted(DRIFTS))
    parser.add_argument("--record", help="a file to append each request to (JSON lines)")
    args = parser.parse_args(argv)
    app: ASGIApp = create_app(invoices=args.invoices, seed=args.seed, admin_token=args.token)
    if args.drift:
        app = DRIFTS[args.drift](app)
    sink = open(args.record, "a", encoding="utf-8") if args.record else None  # noqa: SIM115
    if sink is not None:
        app = Recorder(app, sink)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections made before uvicorn runs wait in the backlog
    print(f"{READY_LINE}http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if sink is not None:
            sink.close()


if __name__ == "__main__":
    main()
