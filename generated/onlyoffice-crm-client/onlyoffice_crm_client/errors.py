# Replaces the generated errors.py: openapi-python-client 0.29.1 templates/errors.py.jinja, a
# static module (one UnexpectedStatus class), rewritten by hand as the PortalError family.
# Pinned: lint/template_forks.py fails when that upstream file changes.
"""Every way an API call can fail, as one family: `PortalError` and its subclasses.

- The portal answered with a status other than 2xx: `BadRequest`, `Unauthorized`,
  `PaymentRequired`, `Forbidden`, `UnexpectedStatus`. `sync()` and `asyncio()` raise them
  always; `sync_detailed()` and `asyncio_detailed()` too, unless the client has
  `raise_on_error_status=False`.
- The answer is not what the contract allows (`MalformedAnswer`): `WrongContentType`, `NotJson`,
  `TruncatedAnswer`, `AnswerTooDeep`, `AnswerTooLarge` (past the client's `max_answer_bytes`),
  `SchemaMismatch` (a missing or mistyped member, with its `path`: `response[0].templateType`).
- The portal could not be reached after the client's retries: `PortalUnreachable`, and
  `PortalTimeout` for a timeout or the call's deadline. These are also `httpx.TransportError`
  (`PortalTimeout` an `httpx.TimeoutException`), as before.

Each names the operation, the status (None when nothing was answered), the content type and the
first bytes of the body; `content` keeps the body as received, and the original exception is
chained (`__cause__`).
"""

import json
from http import HTTPStatus
from typing import Any

import httpx

HEAD = 120  # bytes of the body shown in a message


class PortalError(Exception):
    """A call that failed: an answer other than 2xx, a malformed answer, or no answer at all.

    Attributes:
        operation: the operationId of the call (`getInvoices`), "" when not known.
        status_code: the HTTP status, None when the portal did not answer.
        content_type: the answer's Content-Type ("" when none).
        content: the body as received (up to the size limit for `AnswerTooLarge`).
        message: the portal's own message when its answer had one, else a description.
        where: the request, as `GET https://.../api/2.0/crm/invoice/filter`.
    """

    def __init__(
        self,
        status_code: int | None,
        content: bytes,
        message: str = "",
        *,
        where: str = "",
        operation: str = "",
        content_type: str = "",
    ) -> None:
        self.status_code = status_code
        self.content = content
        self.message = message or (_reason(status_code) if status_code is not None else "no answer")
        self.where = where
        self.operation = operation
        self.content_type = content_type
        Exception.__init__(self, self._describe())

    @property
    def head(self) -> bytes:
        """The first bytes of the body."""
        return self.content[:HEAD]

    def _describe(self) -> str:
        start = f"{self.operation}: " if self.operation else ""
        status = (
            "no answer"
            if self.status_code is None
            else f"{self.status_code} {_reason(self.status_code)}"
        )
        place = f" for {self.where}" if self.where else ""
        return f"{start}{status}{place}: {self.message}"


class EnvelopeError(PortalError):
    """An answer in the portal's error envelope: its `message` and `hresult` are kept."""

    def __init__(
        self,
        status_code: int,
        content: bytes,
        message: str = "",
        *,
        hresult: int | None = None,
        where: str = "",
        operation: str = "",
        content_type: str = "",
    ) -> None:
        self.hresult = hresult
        super().__init__(
            status_code,
            content,
            message,
            where=where,
            operation=operation,
            content_type=content_type,
        )

    def _describe(self) -> str:
        code = f" (hresult {self.hresult})" if self.hresult is not None else ""
        return super()._describe() + code


class BadRequest(EnvelopeError):
    """400: the portal refused an argument (a bad date, an empty id list, ...)."""


class Unauthorized(PortalError):
    """401: no token, or one the portal does not accept (the body is the text `Unauthorized`)."""


class PaymentRequired(EnvelopeError):
    """402: the portal is unpaid or not active."""


class Forbidden(EnvelopeError):
    """403: the user may not use the CRM module."""


class UnexpectedStatus(PortalError):
    """Any other status: one the contract does not list for the operation, such as the 404 of
    a wrong base URL, a 500, or a 429 or 503 still there when the retries ran out."""

    def __init__(
        self,
        status_code: int,
        content: bytes,
        message: str = "",
        *,
        where: str = "",
        operation: str = "",
        content_type: str = "",
    ) -> None:
        if not message:
            message = content.decode(errors="replace").strip()[:200] or "(no body)"
            if status_code == 404:
                message = (
                    "no such path on this server; the client's base_url must be the portal's "
                    "address alone (https://yourportal.example), without /api/2.0 or another path"
                )
        super().__init__(
            status_code,
            content,
            message,
            where=where,
            operation=operation,
            content_type=content_type,
        )


class MalformedAnswer(PortalError):
    """An answer the contract does not allow; the message names what and shows the body's start."""

    @classmethod
    def of(cls, operation: str, response: httpx.Response, reason: str) -> "MalformedAnswer":
        return cls._with_body(operation, response, reason, b"")

    @classmethod
    def _with_body(
        cls, operation: str, response: httpx.Response, reason: str, head: bytes
    ) -> "MalformedAnswer":
        try:
            content = response.content
        except httpx.ResponseNotRead:  # not read (cut short, or not decompressed): what arrived
            content = head
        return cls(
            response.status_code,
            content,
            f"{reason}; the body starts {content[:HEAD]!r}",
            where=_request_of(response),
            operation=operation,
            content_type=response.headers.get("Content-Type", ""),
        )


class WrongContentType(MalformedAnswer):
    """The answer's Content-Type is not the one the operation answers with."""

    @classmethod
    def of(cls, operation: str, response: httpx.Response, reason: str) -> "MalformedAnswer":
        found = response.headers.get("Content-Type", "") or "no Content-Type"
        return super().of(operation, response, f"expected {reason}, found {found}")


class NotJson(MalformedAnswer):
    """The body is not JSON (a proxy's or a maintenance page's HTML, invalid UTF-8, ...)."""

    @classmethod
    def of(cls, operation: str, response: httpx.Response, reason: Any) -> "MalformedAnswer":
        return super().of(operation, response, f"the body is not JSON ({reason})")


class TruncatedAnswer(MalformedAnswer):
    """The body ends before its end: the connection closed early, or the JSON stops midway."""

    @classmethod
    def of(
        cls, operation: str, response: httpx.Response, reason: Any, head: bytes = b""
    ) -> "MalformedAnswer":
        return cls._with_body(operation, response, f"the answer is cut short ({reason})", head)


class AnswerTooDeep(MalformedAnswer):
    """The JSON nests deeper than Python's parser goes (no answer of the contract comes close)."""

    @classmethod
    def of(cls, operation: str, response: httpx.Response, reason: Any) -> "MalformedAnswer":
        return super().of(operation, response, "the JSON nests too deep to read")


class SchemaMismatch(MalformedAnswer):
    """A member of the answer is missing or does not fit its schema.

    Attributes:
        path: where, as `response[0].templateType` ("" for the answer as a whole).
        reason: what is wrong there.
    """

    path: str = ""
    reason: str = ""

    @classmethod
    def of(  # type: ignore[override]
        cls, operation: str, response: httpx.Response, reason: str, *, path: str
    ) -> "SchemaMismatch":
        error = super().of(operation, response, f"{path or 'the answer'}: {reason}")
        assert isinstance(error, SchemaMismatch)
        error.path, error.reason = path, reason
        return error


class AnswerTooLarge(MalformedAnswer):
    """The answer is longer than the client's `max_answer_bytes`; reading stopped there.

    Attributes:
        limit: the limit, in bytes.
    """

    def __init__(
        self,
        operation: str,
        request: httpx.Request,
        limit: int,
        head: bytes,
        response: httpx.Response | None = None,
    ) -> None:
        self.limit = limit
        super().__init__(
            None if response is None else response.status_code,
            head,
            f"the answer is longer than max_answer_bytes={limit}; the body starts {head[:HEAD]!r}",
            where=f"{request.method} {request.url}",
            operation=operation,
            content_type="" if response is None else response.headers.get("Content-Type", ""),
        )


class PortalUnreachable(PortalError, httpx.TransportError):
    """No answer: the connection failed, and the client's retries did too. The httpx error is
    chained (`__cause__`)."""

    def __init__(self, operation: str, request: httpx.Request, error: Exception) -> None:
        PortalError.__init__(
            self,
            None,
            b"",
            f"{type(error).__name__}: {error}".rstrip(": "),
            where=f"{request.method} {request.url}",
            operation=operation,
        )
        self.request = request


class PortalTimeout(PortalUnreachable, httpx.TimeoutException):
    """No complete answer in time: a connect or read timeout of the client, or the call's
    deadline (the client's `deadline`, retries and reading the body included)."""

    def __init__(
        self,
        operation: str,
        request: httpx.Request,
        error: Exception,
        *,
        deadline: float | None = None,
    ) -> None:
        self.deadline = deadline
        super().__init__(operation, request, error)


_ENVELOPE_ERRORS: dict[int, type[EnvelopeError]] = {
    400: BadRequest,
    402: PaymentRequired,
    403: Forbidden,
}


def error_for(
    status_code: int,
    content: bytes,
    *,
    where: str = "",
    operation: str = "",
    content_type: str = "",
) -> PortalError:
    """The error for a non-2xx answer, with the envelope's message and hresult when it has them."""
    named = {"where": where, "operation": operation, "content_type": content_type}
    if status_code == 401:
        return Unauthorized(status_code, content, "the portal did not accept the token", **named)
    kind = _ENVELOPE_ERRORS.get(status_code)
    if kind is None:
        return UnexpectedStatus(status_code, content, **named)
    message, hresult = _envelope_error(content)
    return kind(status_code, content, message, hresult=hresult, **named)


def error_for_response(response: httpx.Response, operation: str = "") -> PortalError:
    """The error for a non-2xx httpx answer, naming the operation and the request it answered."""
    return error_for(
        response.status_code,
        response.content,
        where=_request_of(response),
        operation=operation,
        content_type=response.headers.get("Content-Type", ""),
    )


def _request_of(response: httpx.Response) -> str:
    try:
        return f"{response.request.method} {response.request.url}"
    except RuntimeError:
        return ""


def _envelope_error(content: bytes) -> tuple[str, int | None]:
    try:
        error: Any = json.loads(content)["error"]
        message, hresult = error.get("message"), error.get("hresult")
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return "", None
    return (
        message if isinstance(message, str) else "",
        hresult if isinstance(hresult, int) and not isinstance(hresult, bool) else None,
    )


def _reason(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Unknown status"


__all__ = [
    "AnswerTooDeep",
    "AnswerTooLarge",
    "BadRequest",
    "EnvelopeError",
    "Forbidden",
    "MalformedAnswer",
    "NotJson",
    "PaymentRequired",
    "PortalError",
    "PortalTimeout",
    "PortalUnreachable",
    "SchemaMismatch",
    "TruncatedAnswer",
    "Unauthorized",
    "UnexpectedStatus",
    "WrongContentType",
    "error_for",
    "error_for_response",
]
