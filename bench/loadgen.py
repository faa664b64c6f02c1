"""A small HTTP/1.1 load generator on asyncio streams: keep-alive connections, one request in
flight per connection, bodies read in full (Content-Length or chunked) and then dropped.

It is kept minimal so that the client spends as little of the shared CPU as possible:
no header objects, no decoding. Used in-process for latency (one connection, requests in
sequence) and as a child process for throughput:

    python -m bench.loadgen --url http://127.0.0.1:PORT --path /api/2.0/crm/invoice/filter \
        --header "Authorization: admin-token" --concurrency 8 --duration 20

prints one JSON object: requests, errors, seconds, rps, bytes, p50_ms, p99_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from urllib.parse import urlsplit

from bench.measure import median, p99


class HttpError(Exception):
    pass


class Connection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1."""

    def __init__(self, host: str, port: int) -> None:
        if host not in ("127.0.0.1", "localhost"):
            raise ValueError("the load generator only talks to 127.0.0.1")
        self.host, self.port = "127.0.0.1", port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(
            self.host, self.port, limit=1 << 20
        )

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await self.writer.wait_closed()
            self.reader = self.writer = None

    async def request(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str]] = (),  # type: ignore[assignment]
        body: bytes = b"",
    ) -> tuple[int, bytes]:
        if self.writer is None:
            await self.open()
        assert self.reader is not None and self.writer is not None
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers]
        if body or method not in ("GET", "HEAD"):
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, _, rest = head.partition(b"\r\n")
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            raise HttpError(f"bad status line {status_line!r}")
        status = int(parts[1])
        length = None
        chunked = close = False
        for line in rest.split(b"\r\n"):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        if chunked:
            data = await self._chunked()
        elif length is not None:
            data = await self.reader.readexactly(length)
        else:
            data = await self.reader.read()
            close = True
        if close:
            await self.close()
        return status, data

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        pieces = []
        while True:
            size_line = await self.reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")  # no trailers expected
                return b"".join(pieces)
            pieces.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


def split_url(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"only http://127.0.0.1 is allowed, not {url}")
    return parts.hostname, parts.port or 80


async def _throughput(
    url: str,
    path: str,
    headers: list[tuple[str, str]],
    concurrency: int,
    duration: float,
) -> dict[str, float]:
    host, port = split_url(url)
    latencies: list[float] = []
    counts = {"requests": 0, "errors": 0, "bytes": 0}
    connections = [Connection(host, port) for _ in range(concurrency)]
    for conn in connections:
        await conn.open()
    started = time.perf_counter()
    deadline = started + duration

    async def worker(conn: Connection) -> None:
        clock = time.perf_counter
        while True:
            t0 = clock()
            if t0 >= deadline:
                return
            try:
                status, data = await conn.request("GET", path, headers)
            except (OSError, asyncio.IncompleteReadError, HttpError, ValueError):
                counts["errors"] += 1
                await conn.close()
                continue
            t1 = clock()
            if 200 <= status < 300:
                counts["requests"] += 1
                counts["bytes"] += len(data)
                latencies.append(t1 - t0)
            else:
                counts["errors"] += 1

    await asyncio.wait_for(asyncio.gather(*(worker(c) for c in connections)), timeout=duration + 30)
    elapsed = time.perf_counter() - started
    for conn in connections:
        await conn.close()
    return {
        "requests": counts["requests"],
        "errors": counts["errors"],
        "bytes": counts["bytes"],
        "seconds": elapsed,
        "rps": counts["requests"] / elapsed,
        "p50_ms": median(latencies) * 1000 if latencies else 0.0,
        "p99_ms": p99(latencies) * 1000 if latencies else 0.0,
    }


async def latencies(
    url: str,
    requests: list[tuple[str, str, list[tuple[str, str]], bytes]],
    warmup: int = 0,
    expect: int = 200,
) -> list[float]:
    """Send `requests` (method, target, headers, body) one after another on one keep-alive
    connection; the wall time of each after `warmup` unmeasured ones."""
    host, port = split_url(url)
    conn = Connection(host, port)
    await conn.open()
    times = []
    clock = time.perf_counter
    try:
        for i, (method, target, headers, body) in enumerate(requests):
            t0 = clock()
            status, data = await conn.request(method, target, headers, body)
            t1 = clock()
            if status != expect:
                raise HttpError(f"{method} {target}: {status} {data[:200]!r}")
            if i >= warmup:
                times.append(t1 - t0)
    finally:
        await conn.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen")
    parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--path", required=True, help="the request target, with its query")
    parser.add_argument("--header", action="append", default=[], help="'Name: value'")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20.0)
    args = parser.parse_args(argv)
    headers = []
    for item in args.header:
        name, _, value = item.partition(":")
        headers.append((name.strip(), value.strip()))
    result = asyncio.run(_throughput(args.url, args.path, headers, args.concurrency, args.duration))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
