"""The opt-in request log (`mock-portal --request-log FILE`, or `-` for standard error): one
JSON line per request (time, method, path, query, which credential was used, status,
milliseconds), kept in memory for `GET /__mock__/requests` as well. Token values are never
written: the credential is named, not shown, and any token text in the path or query is
replaced by `[token]`."""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Collection
from typing import IO, Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTROL_PREFIX = "/__mock__/"
KEPT = 10_000  # entries served by /__mock__/requests; the file keeps everything


class RequestLog:
    def __init__(self, sink: IO[str] | None, secrets: Collection[str]) -> None:
        self.sink = sink
        self.secrets = sorted((s for s in secrets if s), key=len, reverse=True)
        self.lock = threading.Lock()
        self._entries: deque[dict[str, Any]] = deque(maxlen=KEPT)

    @classmethod
    def to(cls, target: str, secrets: Collection[str]) -> RequestLog:
        """A log written to the file `target` (appended), or standard error for `-`."""
        sink = sys.stderr if target == "-" else open(target, "a", encoding="utf-8")  # noqa: SIM115
        return cls(sink, secrets)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[token]")
        return text

    def add(self, entry: dict[str, Any]) -> None:
        line = orjson.dumps(entry).decode()
        with self.lock:
            self._entries.append(entry)
            if self.sink is not None:
                self.sink.write(line + "\n")
                self.sink.flush()

    def entries(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._entries)

    def clear(self) -> None:
        with self.lock:
            self._entries.clear()


def credential(headers: list[tuple[bytes, bytes]]) -> str | None:
    """Which credential a request carried (`Authorization: Bearer`, `Authorization`, the
    `asc_auth_key` cookie), never its value."""
    for name, value in headers:
        if name == b"authorization":
            return "bearer" if value[:7].lower() == b"bearer " else "authorization"
    for name, value in headers:
        if name == b"cookie" and b"asc_auth_key" in value:
            return "cookie"
    return None


class RecordRequests:
    """ASGI middleware writing each HTTP request to a RequestLog as it is answered. The entry is
    written before the last byte of the answer is handed on, so a client that has its answer
    already finds the request in the log."""

    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app, self.log = app, log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)  # the log is of the portal's traffic
            return
        started = time.perf_counter()
        status = 0
        logged = False

        def record() -> None:
            nonlocal logged
            if logged:
                return
            logged = True
            query = scope.get("query_string", b"").decode("latin-1")
            self.log.add(
                {
                    "time": round(time.time(), 3),
                    "method": scope["method"],
                    "path": self.log.redact(scope["path"]),
                    "query": self.log.redact(query),
                    "credential": credential(scope.get("headers", [])),
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                }
            )

        async def recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                record()
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            record()  # an answer that never finished is logged too
