"""Retries and the per-call deadline, as httpx transports wrapped around the real one.

`RetryTransport` (and `AsyncRetryTransport`) send a request again after a 429 or 503 answer or
a connection error, as a `RetryPolicy` allows. Each API call marks its request with the moment
its deadline passes (`DEADLINE`, a `time.monotonic()` value in the request's extensions); every
try is then given at most the time left (its connect, read, write and pool timeouts are cut to
it) and no wait crosses it. The answer's body is read against it (`DeadlineStream`, put
around the answer by `calls.send`), so a portal that trickles its answer a byte at a time is
cut off too.

Hand-written: the generator's templates only wire these into `client.py`.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
from attrs import define, field

# The request extension holding the call's deadline (a time.monotonic() value).
DEADLINE = "onlyoffice_crm_client.deadline"
# The request extension holding the most bytes the call reads of an answer (None: no limit).
MAX_BYTES = "onlyoffice_crm_client.max_answer_bytes"

# Failures after which sending the same request again is safe and may succeed. Both operations
# may be repeated: a list only reads, and a delete by ids is idempotent.
RETRYABLE_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@define(frozen=True)
class RetryPolicy:
    """When to send a request again, and how long to wait before.

    A request is repeated after a 429 or 503 answer (a portal allows 500 requests in 10 s) and
    after a connection error, up to `attempts` tries in all. The n-th wait is a random time
    between 0 and `backoff * 2**(n-1)` seconds (capped at `max_backoff`: exponential backoff with
    full jitter), or the answer's `Retry-After` when that is longer. The client never waits past
    `budget` seconds in all, nor past the call's deadline (the client's `deadline`): when the
    next wait would cross either, the last answer is returned (and raised as an error) or the
    last connection error raised, at once.

    Pass `retry=None` to the client to turn retries off. `sleep`, `async_sleep`, `clock` and
    `jitter` exist for tests.
    """

    attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 30.0
    budget: float = 60.0
    statuses: frozenset[int] = frozenset({429, 503})
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    jitter: Callable[[], float] = field(default=random.random, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(
                f"RetryPolicy.attempts must be at least 1 (one try, no retry), not {self.attempts}"
            )
        for name in ("backoff", "max_backoff", "budget"):
            if getattr(self, name) < 0:
                raise ValueError(
                    f"RetryPolicy.{name} must not be negative, not {getattr(self, name)}"
                )

    def wait_before(
        self, retry: int, retry_after: str | None, elapsed: float, left: float | None = None
    ) -> float | None:
        """Seconds to wait before retry number `retry` (1, 2, ...), or None to stop here.
        `left` is the time left before the call's deadline (None: no deadline)."""
        if retry >= self.attempts:
            return None
        wait = self.jitter() * min(self.max_backoff, self.backoff * 2.0 ** (retry - 1))
        asked = parse_retry_after(retry_after)
        if asked is not None:
            wait = max(wait, asked)
        if elapsed + wait > self.budget or (left is not None and wait >= left):
            return None
        return wait


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds: a number of seconds or an HTTP date; None when absent or
    unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def time_left(request: httpx.Request) -> float | None:
    """Seconds until the request's call deadline, None when it has none."""
    deadline = request.extensions.get(DEADLINE)
    return None if deadline is None else deadline - time.monotonic()


def cut_timeouts(request: httpx.Request) -> float | None:
    """Cut the request's timeouts to the time left before its deadline, which is returned;
    raise httpx.TimeoutException when the deadline has passed."""
    left = time_left(request)
    if left is None:
        return None
    if left <= 0:
        raise httpx.PoolTimeout("the call's deadline passed before the request was sent")
    timeouts = dict(request.extensions.get("timeout") or {})
    for name in ("connect", "read", "write", "pool"):
        given = timeouts.get(name)
        timeouts[name] = left if given is None else min(given, left)
    request.extensions["timeout"] = timeouts
    return left


class AnswerTooLarge(Exception):
    """Raised while reading an answer longer than the call's limit (errors.AnswerTooLarge is
    what the API functions raise)."""

    def __init__(self, limit: int, head: bytes) -> None:
        self.limit = limit
        self.head = head
        super().__init__(f"the answer is longer than {limit} bytes")


class _Reader:
    def __init__(self, request: httpx.Request) -> None:
        self.deadline: float | None = request.extensions.get(DEADLINE)
        self.limit: int | None = request.extensions.get(MAX_BYTES)
        self.read = 0
        self.head = b""

    def check(self, chunk: bytes) -> bytes:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise httpx.ReadTimeout("the call's deadline passed while the answer was arriving")
        self.read += len(chunk)
        if len(self.head) < 256:
            self.head += chunk[: 256 - len(self.head)]
        if self.limit is not None and self.read > self.limit:
            raise AnswerTooLarge(self.limit, self.head)
        return chunk


class DeadlineStream(httpx.SyncByteStream):
    """An answer's body, read against the call's deadline and size limit."""

    def __init__(self, inner: httpx.SyncByteStream, request: httpx.Request) -> None:
        self.inner = inner
        self.reader = _Reader(request)

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            yield self.reader.check(chunk)

    def close(self) -> None:
        self.inner.close()


class AsyncDeadlineStream(httpx.AsyncByteStream):
    """The same as `DeadlineStream`, for `httpx.AsyncClient`."""

    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self.inner = inner
        self.reader = _Reader(request)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            yield self.reader.check(chunk)

    async def aclose(self) -> None:
        await self.inner.aclose()


class RetryTransport(httpx.BaseTransport):
    """Sends each request through `inner`, again and again as `policy` allows (`policy=None`:
    once), each try within the call's deadline."""

    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy | None) -> None:
        self.inner = inner
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = self.policy
        if policy is None:
            cut_timeouts(request)
            return self.inner.handle_request(request)
        started = policy.clock()
        retry = 1
        while True:
            cut_timeouts(request)
            try:
                response = self.inner.handle_request(request)
            except RETRYABLE_ERRORS:
                wait = policy.wait_before(retry, None, policy.clock() - started, time_left(request))
                if wait is None:
                    raise
            else:
                if response.status_code not in policy.statuses:
                    return response
                wait = policy.wait_before(
                    retry,
                    response.headers.get("Retry-After"),
                    policy.clock() - started,
                    time_left(request),
                )
                if wait is None:
                    return response
                response.close()
            policy.sleep(wait)
            retry += 1

    def close(self) -> None:
        self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The same as `RetryTransport`, for `httpx.AsyncClient`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy | None) -> None:
        self.inner = inner
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = self.policy
        if policy is None:
            cut_timeouts(request)
            return await self.inner.handle_async_request(request)
        started = policy.clock()
        retry = 1
        while True:
            cut_timeouts(request)
            try:
                response = await self.inner.handle_async_request(request)
            except RETRYABLE_ERRORS:
                wait = policy.wait_before(retry, None, policy.clock() - started, time_left(request))
                if wait is None:
                    raise
            else:
                if response.status_code not in policy.statuses:
                    return response
                wait = policy.wait_before(
                    retry,
                    response.headers.get("Retry-After"),
                    policy.clock() - started,
                    time_left(request),
                )
                if wait is None:
                    return response
                await response.aclose()
            await policy.async_sleep(wait)
            retry += 1

    async def aclose(self) -> None:
        await self.inner.aclose()


# httpx.Client arguments that configure the transport it would build: they go to ours instead.
_TRANSPORT_ARGS = ("cert", "http1", "http2", "limits", "proxy")


def wrap_transport(
    httpx_args: dict[str, Any], verify: Any, policy: RetryPolicy | None
) -> dict[str, Any]:
    """The httpx.Client arguments with our transport around the one they name or imply."""
    client_args = dict(httpx_args)
    transport_args = {
        name: client_args.pop(name) for name in _TRANSPORT_ARGS if name in client_args
    }
    if "trust_env" in client_args:
        transport_args["trust_env"] = client_args["trust_env"]
    inner = client_args.pop("transport", None) or httpx.HTTPTransport(
        verify=verify, **transport_args
    )
    client_args["transport"] = RetryTransport(inner, policy)
    return client_args


def wrap_async_transport(
    httpx_args: dict[str, Any], verify: Any, policy: RetryPolicy | None
) -> dict[str, Any]:
    """The httpx.AsyncClient arguments with our transport around the one they name or imply."""
    client_args = dict(httpx_args)
    transport_args = {
        name: client_args.pop(name) for name in _TRANSPORT_ARGS if name in client_args
    }
    if "trust_env" in client_args:
        transport_args["trust_env"] = client_args["trust_env"]
    inner = client_args.pop("transport", None) or httpx.AsyncHTTPTransport(
        verify=verify, **transport_args
    )
    client_args["transport"] = AsyncRetryTransport(inner, policy)
    return client_args


__all__ = [
    "DEADLINE",
    "MAX_BYTES",
    "AnswerTooLarge",
    "AsyncDeadlineStream",
    "AsyncRetryTransport",
    "DeadlineStream",
    "RetryPolicy",
    "RetryTransport",
    "cut_timeouts",
    "parse_retry_after",
    "wrap_async_transport",
    "wrap_transport",
]
