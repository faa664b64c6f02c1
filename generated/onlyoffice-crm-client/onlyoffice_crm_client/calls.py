"""How every API function sends its request and reads the answer, so that each failure is one
of `errors.PortalError`'s classes naming the operation.

`send` (and `asend`) build the request, mark it with the call's deadline and size limit (read
by the retry transport and the deadline stream of `transport.py`), send it through the client's
retries and read the whole answer through the deadline stream; a connection failure left
after the retries becomes `errors.PortalUnreachable` (`errors.PortalTimeout` for a timeout or
the deadline), an answer past the limit
`errors.AnswerTooLarge`, a body cut short `errors.TruncatedAnswer`. `parse` runs the generated
`_parse_response` and turns what a malformed answer makes it raise into `errors.NotJson`,
`errors.WrongContentType`, `errors.AnswerTooDeep`, `errors.TruncatedAnswer` or
`errors.SchemaMismatch` (with the path of the field). The original exception is chained.

Hand-written: the endpoint template only calls these.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from . import errors
from .decoding import FieldError
from .transport import (
    DEADLINE,
    MAX_BYTES,
    AnswerTooLarge,
    AsyncDeadlineStream,
    DeadlineStream,
    cut_timeouts,
)

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client

T = TypeVar("T")


def _request(
    http: httpx.Client | httpx.AsyncClient, client: Any, kwargs: dict[str, Any]
) -> httpx.Request:
    request = http.build_request(**kwargs)
    if client.deadline is not None:
        request.extensions[DEADLINE] = time.monotonic() + client.deadline
    if client.max_answer_bytes is not None:
        request.extensions[MAX_BYTES] = client.max_answer_bytes
    return request


def _sent(operation: str, request: httpx.Request, client: Any) -> None:
    """Cut the first try's timeouts to the deadline (the retry transport cuts the others')."""
    try:
        cut_timeouts(request)
    except httpx.TimeoutException as error:
        raise _failed(operation, request, error, client) from error


def _failed(
    operation: str,
    request: httpx.Request,
    error: Exception,
    client: Any,
    response: httpx.Response | None = None,
) -> errors.PortalError:
    if isinstance(error, AnswerTooLarge):
        return errors.AnswerTooLarge(operation, request, error.limit, error.head, response)
    if isinstance(error, httpx.TimeoutException):
        return errors.PortalTimeout(operation, request, error, deadline=client.deadline)
    return errors.PortalUnreachable(operation, request, error)


def _checked(
    operation: str, request: httpx.Request, response: httpx.Response, client: Any
) -> httpx.Response:
    limit = client.max_answer_bytes
    if limit is not None and len(response.content) > limit:  # decompressed past the limit
        raise errors.AnswerTooLarge(operation, request, limit, response.content[:256], response)
    return response


def _rebuilt(response: httpx.Response, request: httpx.Request, content: bytes) -> httpx.Response:
    """The answer with its decompressed body (and no Content-Encoding, which no longer holds)."""
    dropped = ("content-encoding", "content-length")
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=content,
        request=request,
        extensions=response.extensions,
        history=response.history,
    )


class _Bounded:
    """Decompressed chunks of an answer, joined, at most `limit` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self.chunks.append(chunk)
        if self.size > self.limit:
            raise AnswerTooLarge(self.limit, b"".join(self.chunks)[:256])


def send(
    client: AuthenticatedClient | Client, operation: str, kwargs: dict[str, Any]
) -> httpx.Response:
    """Send the request `kwargs` describe and read the whole answer (any status)."""
    http = client.get_httpx_client()
    request = _request(http, client, kwargs)
    _sent(operation, request, client)
    try:
        response = http.send(request, stream=True)
    except (httpx.TransportError, AnswerTooLarge) as error:
        raise _failed(operation, request, error, client) from error
    body: DeadlineStream | None = None
    if isinstance(response.stream, httpx.SyncByteStream):
        response.stream = body = DeadlineStream(response.stream, request)
    try:
        # The deadline stream counts the bytes on the wire, which decompressing multiplies: a
        # compressed answer is read decompressed, chunk by chunk, against the limit.
        limit = client.max_answer_bytes
        if limit is not None and "Content-Encoding" in response.headers:
            bounded = _Bounded(limit)
            for chunk in response.iter_bytes():
                bounded.add(chunk)
            response = _rebuilt(response, request, b"".join(bounded.chunks))
        else:
            response.read()
    except httpx.DecodingError as error:
        raise errors.NotJson.of(operation, response, f"its Content-Encoding: {error}") from error
    except httpx.RemoteProtocolError as error:
        head = body.reader.head if body is not None else b""
        raise errors.TruncatedAnswer.of(operation, response, error, head) from error
    except (httpx.TransportError, AnswerTooLarge) as error:
        raise _failed(operation, request, error, client, response) from error
    finally:
        response.close()
    return _checked(operation, request, response, client)


async def asend(
    client: AuthenticatedClient | Client, operation: str, kwargs: dict[str, Any]
) -> httpx.Response:
    """The same as `send`, with the client's `httpx.AsyncClient`."""
    http = client.get_async_httpx_client()
    request = _request(http, client, kwargs)
    _sent(operation, request, client)
    try:
        response = await http.send(request, stream=True)
    except (httpx.TransportError, AnswerTooLarge) as error:
        raise _failed(operation, request, error, client) from error
    body: AsyncDeadlineStream | None = None
    if isinstance(response.stream, httpx.AsyncByteStream):
        response.stream = body = AsyncDeadlineStream(response.stream, request)
    try:
        # The deadline stream counts the bytes on the wire, which decompressing multiplies: a
        # compressed answer is read decompressed, chunk by chunk, against the limit.
        limit = client.max_answer_bytes
        if limit is not None and "Content-Encoding" in response.headers:
            bounded = _Bounded(limit)
            async for chunk in response.aiter_bytes():
                bounded.add(chunk)
            response = _rebuilt(response, request, b"".join(bounded.chunks))
        else:
            await response.aread()
    except httpx.DecodingError as error:
        raise errors.NotJson.of(operation, response, f"its Content-Encoding: {error}") from error
    except httpx.RemoteProtocolError as error:
        head = body.reader.head if body is not None else b""
        raise errors.TruncatedAnswer.of(operation, response, error, head) from error
    except (httpx.TransportError, AnswerTooLarge) as error:
        raise _failed(operation, request, error, client, response) from error
    finally:
        await response.aclose()
    return _checked(operation, request, response, client)


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def parse(
    operation: str,
    client: AuthenticatedClient | Client,
    response: httpx.Response,
    parse_response: Callable[..., T],
    *,
    expects_json: bool,
) -> T:
    """`parse_response(client=client, response=response)`, with every way a malformed answer
    makes it fail raised as an `errors.MalformedAnswer`."""
    json_status = expects_json and 200 <= response.status_code <= 299
    if json_status and not _is_json(response.headers.get("Content-Type", "")):
        raise errors.WrongContentType.of(operation, response, "application/json")
    try:
        return parse_response(client=client, response=response)
    except errors.PortalError:
        raise
    except RecursionError as error:
        raise errors.AnswerTooDeep.of(operation, response, error) from error
    except json.JSONDecodeError as error:
        if error.pos >= len(error.doc.rstrip()):
            raise errors.TruncatedAnswer.of(operation, response, error) from error
        raise errors.NotJson.of(operation, response, error) from error
    except UnicodeDecodeError as error:
        raise errors.NotJson.of(operation, response, error) from error
    except FieldError as error:
        raise errors.SchemaMismatch.of(operation, response, error.reason, path=error.where()) from (
            error.__cause__ or error
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        reason = f"{type(error).__name__}: {error}"
        raise errors.SchemaMismatch.of(operation, response, reason, path="") from error
