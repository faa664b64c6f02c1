"""A delaying TCP proxy on loopback: a portal `delay` seconds away (a neighbouring region).

Every byte the portal sends reaches the client `delay` seconds after the portal sent it (the
answers are delayed, the requests are not), as a network of that latency would deliver them:
bytes in flight are not held back by the delay of earlier ones. It works below HTTP, so
keep-alive, chunked answers and TLS pass unchanged. Both sockets set TCP_NODELAY: without it a
small write after a larger one waits for the peer's delayed ACK (about 40 ms more per request,
see the toolchain notes).

Only loopback: it listens on 127.0.0.1 and forwards to a loopback address only, so it can never
be used to reach or expose anything else.

    python -m bench.delay_proxy --upstream 127.0.0.1:8080 --delay-ms 50   # prints its address
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

READY = "delay proxy ready at http://"
CHUNK = 65536


def _nodelay(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def loopback_host(host: str) -> str:
    """`host` if it is a loopback address or `localhost`; ValueError otherwise."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise ValueError(f"the delay proxy forwards to loopback only, not to {host!r}")


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Copy `reader` to `writer`, each chunk written `delay` seconds after it was read."""
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        loop = asyncio.get_running_loop()
        while True:
            due, chunk = await queue.get()
            if not chunk:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(chunk)
            await writer.drain()

    delivering = asyncio.create_task(deliver())
    loop = asyncio.get_running_loop()
    try:
        while chunk := await reader.read(CHUNK):
            queue.put_nowait((loop.time() + delay, chunk))
    except (ConnectionError, OSError):
        pass
    queue.put_nowait((0.0, b""))
    try:
        await delivering
    except (ConnectionError, OSError):
        pass
    finally:
        with suppress(ConnectionError, OSError, RuntimeError):
            writer.close()


class DelayProxy:
    """The proxy on its own event loop in a background thread; a context manager."""

    def __init__(self, upstream_host: str, upstream_port: int, delay: float) -> None:
        if delay < 0:
            raise ValueError("the delay must not be negative")
        self.upstream = (loopback_host(upstream_host), upstream_port)
        self.delay = delay
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        _nodelay(client_writer)
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            client_writer.close()
            return
        _nodelay(up_writer)
        await asyncio.gather(
            _pump(client_reader, up_writer, 0.0),
            _pump(up_reader, client_writer, self.delay),
        )

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def __enter__(self) -> DelayProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            if self._server is not None:
                self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)


@contextmanager
def delayed(url: str, delay: float) -> Iterator[str]:
    """The address of `url` (a loopback http address) seen `delay` seconds away."""
    rest = url.split("://", 1)[-1].rstrip("/")
    host, _, port = rest.rpartition(":")
    with DelayProxy(host, int(port), delay) as proxy:
        yield proxy.url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.delay_proxy", description=__doc__)
    parser.add_argument("--upstream", required=True, help="HOST:PORT on loopback")
    parser.add_argument("--delay-ms", type=float, default=50.0, help="added to every answer")
    args = parser.parse_args(argv)
    host, _, port = args.upstream.rpartition(":")
    try:
        proxy = DelayProxy(host, int(port), args.delay_ms / 1000)
    except ValueError as exc:
        parser.error(str(exc))
    with proxy:
        print(f"{READY}127.0.0.1:{proxy.port}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
