"""The errors the API functions raise for a portal's answer: one base class, one class per case.

`sync()` and `asyncio()` raise them for every answer other than 2xx; `sync_detailed()` and
`asyncio_detailed()` too, unless the client was made with `raise_on_error_status=False`.
"""

import json
from http import HTTPStatus
from typing import Any

import httpx


class PortalError(Exception):
    """The portal answered with a status other than 2xx.

    Attributes:
        status_code: the HTTP status.
        content: the body as received.
        message: the portal's own message when its answer had one, else a description.
    """

    def __init__(self, status_code: int, content: bytes, message: str = "", *, where: str = "") -> None:
        self.status_code = status_code
        self.content = content
        self.message = message or _reason(status_code)
        self.where = where
        super().__init__(self._describe())

    def _describe(self) -> str:
        place = f" for {self.where}" if self.where else ""
        return f"{self.status_code} {_reason(self.status_code)}{place}: {self.message}"


class EnvelopeError(PortalError):
    """An answer in the portal's error envelope: its `message` and `hresult` are kept."""

    def __init__(
        self, status_code: int, content: bytes, message: str = "", *, hresult: int | None = None, where: str = ""
    ) -> None:
        self.hresult = hresult
        super().__init__(status_code, content, message, where=where)

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

    def __init__(self, status_code: int, content: bytes, message: str = "", *, where: str = "") -> None:
        if not message:
            message = content.decode(errors="replace").strip()[:200] or "(no body)"
            if status_code == 404:
                message = (
                    "no such path on this server; the client's base_url must be the portal's "
                    "address alone (https://yourportal.example), without /api/2.0 or another path"
                )
        super().__init__(status_code, content, message, where=where)


_ENVELOPE_ERRORS: dict[int, type[EnvelopeError]] = {400: BadRequest, 402: PaymentRequired, 403: Forbidden}


def error_for(status_code: int, content: bytes, *, where: str = "") -> PortalError:
    """The error for a non-2xx answer, with the envelope's message and hresult when it has them."""
    if status_code == 401:
        return Unauthorized(status_code, content, "the portal did not accept the token", where=where)
    kind = _ENVELOPE_ERRORS.get(status_code)
    if kind is None:
        return UnexpectedStatus(status_code, content, where=where)
    message, hresult = _envelope_error(content)
    return kind(status_code, content, message, hresult=hresult, where=where)


def error_for_response(response: httpx.Response) -> PortalError:
    """The error for a non-2xx httpx answer, naming the request it answered."""
    return error_for(response.status_code, response.content, where=f"{response.request.method} {response.request.url}")


def _envelope_error(content: bytes) -> tuple[str, int | None]:
    try:
        error: Any = json.loads(content)["error"]
        message, hresult = error.get("message"), error.get("hresult")
    except (ValueError, KeyError, TypeError, AttributeError):
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
    "BadRequest",
    "EnvelopeError",
    "Forbidden",
    "PaymentRequired",
    "PortalError",
    "Unauthorized",
    "UnexpectedStatus",
    "error_for",
    "error_for_response",
]
