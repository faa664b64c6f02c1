import asyncio
import email.utils
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any, Self

import httpx
from attrs import define, evolve, field

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
    `budget` seconds in all: when the next wait would cross it, the last answer is returned (and
    raised as an error) or the last connection error raised, at once.

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
            raise ValueError(f"RetryPolicy.attempts must be at least 1 (one try, no retry), not {self.attempts}")
        for name in ("backoff", "max_backoff", "budget"):
            if getattr(self, name) < 0:
                raise ValueError(f"RetryPolicy.{name} must not be negative, not {getattr(self, name)}")

    def wait_before(self, retry: int, retry_after: str | None, elapsed: float) -> float | None:
        """Seconds to wait before retry number `retry` (1, 2, ...), or None to stop here."""
        if retry >= self.attempts:
            return None
        wait = self.jitter() * min(self.max_backoff, self.backoff * 2.0 ** (retry - 1))
        asked = parse_retry_after(retry_after)
        if asked is not None:
            wait = max(wait, asked)
        if elapsed + wait > self.budget:
            return None
        return wait


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds: a number of seconds or an HTTP date; None when absent or unreadable."""
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


class RetryTransport(httpx.BaseTransport):
    """Sends each request through `inner`, again and again as `policy` allows."""

    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self.inner = inner
        self.policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = self.policy
        started = policy.clock()
        retry = 1
        while True:
            try:
                response = self.inner.handle_request(request)
            except RETRYABLE_ERRORS:
                wait = policy.wait_before(retry, None, policy.clock() - started)
                if wait is None:
                    raise
            else:
                if response.status_code not in policy.statuses:
                    return response
                wait = policy.wait_before(retry, response.headers.get("Retry-After"), policy.clock() - started)
                if wait is None:
                    return response
                response.close()
            policy.sleep(wait)
            retry += 1

    def close(self) -> None:
        self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The same as `RetryTransport`, for `httpx.AsyncClient`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self.inner = inner
        self.policy = policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = self.policy
        started = policy.clock()
        retry = 1
        while True:
            try:
                response = await self.inner.handle_async_request(request)
            except RETRYABLE_ERRORS:
                wait = policy.wait_before(retry, None, policy.clock() - started)
                if wait is None:
                    raise
            else:
                if response.status_code not in policy.statuses:
                    return response
                wait = policy.wait_before(retry, response.headers.get("Retry-After"), policy.clock() - started)
                if wait is None:
                    return response
                await response.aclose()
            await policy.async_sleep(wait)
            retry += 1

    async def aclose(self) -> None:
        await self.inner.aclose()


# httpx.Client arguments that configure the transport it would build: they go to ours instead.
_TRANSPORT_ARGS = ("cert", "http1", "http2", "limits", "proxy")


def _split_transport_args(httpx_args: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    client_args = dict(httpx_args)
    transport_args = {name: client_args.pop(name) for name in _TRANSPORT_ARGS if name in client_args}
    if "trust_env" in client_args:
        transport_args["trust_env"] = client_args["trust_env"]
    return client_args, transport_args


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded. Defaults to 5 seconds to connect and 30 seconds
        for each read, write and pool wait, so a portal that never answers does not hang the caller.
        Pass ``httpx.Timeout(None)`` to wait forever.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_error_status: Whether `sync_detailed()` and `asyncio_detailed()` raise an error of
            errors.PortalError for every answer other than 2xx (on by default: a wrong base URL or a refused
            token stops the program where it happened, instead of flowing on as None or an error envelope). With
            False they return every answer for the caller to look at. `sync()` and `asyncio()` always raise, so
            that they return one type.
        retry: When to send a request again after a 429 or 503 answer or a connection error (see
            RetryPolicy); None turns retries off.
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
    """

    raise_on_error_status: bool = field(default=True, kw_only=True)
    retry: RetryPolicy | None = field(factory=RetryPolicy, kw_only=True)
    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(
        factory=lambda: httpx.Timeout(30.0, connect=5.0), kw_only=True, alias="timeout"
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def with_headers(self, headers: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "Client":
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            args = self._httpx_args
            if self.retry is not None:
                args, transport_args = _split_transport_args(args)
                inner = args.pop("transport", None) or httpx.HTTPTransport(verify=self._verify_ssl, **transport_args)
                args["transport"] = RetryTransport(inner, self.retry)
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            args = self._httpx_args
            if self.retry is not None:
                args, transport_args = _split_transport_args(args)
                async_inner = args.pop("transport", None) or httpx.AsyncHTTPTransport(
                    verify=self._verify_ssl, **transport_args
                )
                args["transport"] = AsyncRetryTransport(async_inner, self.retry)
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class AuthenticatedClient:
    """A Client which has been authenticated for use on secured endpoints

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The maximum amount of a time a request can take. API functions will raise
        httpx.TimeoutException if this is exceeded. Defaults to 5 seconds to connect and 30 seconds
        for each read, write and pool wait, so a portal that never answers does not hang the caller.
        Pass ``httpx.Timeout(None)`` to wait forever.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_error_status: Whether `sync_detailed()` and `asyncio_detailed()` raise an error of
            errors.PortalError for every answer other than 2xx (on by default: a wrong base URL or a refused
            token stops the program where it happened, instead of flowing on as None or an error envelope). With
            False they return every answer for the caller to look at. `sync()` and `asyncio()` always raise, so
            that they return one type.
        retry: When to send a request again after a 429 or 503 answer or a connection error (see
            RetryPolicy); None turns retries off.
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document. Can also be provided as a keyword
            argument to the constructor.
        token: The token to use for authentication
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    raise_on_error_status: bool = field(default=True, kw_only=True)
    retry: RetryPolicy | None = field(factory=RetryPolicy, kw_only=True)
    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(
        factory=lambda: httpx.Timeout(30.0, connect=5.0), kw_only=True, alias="timeout"
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    token: str
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "AuthenticatedClient":
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
            args = self._httpx_args
            if self.retry is not None:
                args, transport_args = _split_transport_args(args)
                inner = args.pop("transport", None) or httpx.HTTPTransport(verify=self._verify_ssl, **transport_args)
                args["transport"] = RetryTransport(inner, self.retry)
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._headers[self.auth_header_name] = f"{self.prefix} {self.token}" if self.prefix else self.token
            args = self._httpx_args
            if self.retry is not None:
                args, transport_args = _split_transport_args(args)
                async_inner = args.pop("transport", None) or httpx.AsyncHTTPTransport(
                    verify=self._verify_ssl, **transport_args
                )
                args["transport"] = AsyncRetryTransport(async_inner, self.retry)
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)
