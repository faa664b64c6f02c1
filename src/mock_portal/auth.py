"""Who is calling: the token as the raw Authorization value, as `Bearer <token>`, or as the
`asc_auth_key` cookie. Tokens are compared in constant time and never logged."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from http.cookies import CookieError, SimpleCookie

COOKIE = "asc_auth_key"


class TokenTable:
    """Token -> user key (admin, user, visitor)."""

    def __init__(self, tokens: Mapping[str, str]) -> None:
        self._tokens = [(t.encode("utf-8"), key) for t, key in tokens.items() if t]

    def lookup(self, candidate: str) -> str | None:
        raw = candidate.encode("utf-8", "replace")
        found = None
        for token, key in self._tokens:
            # every token is compared, so timing does not tell which one was close
            if hmac.compare_digest(raw, token):
                found = key
        return found


def _cookie_value(cookie_header: str) -> str | None:
    if COOKIE not in cookie_header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header)
    except CookieError:
        # a malformed jar: fall back to a plain split
        for part in cookie_header.split(";"):
            name, _, value = part.strip().partition("=")
            if name == COOKIE:
                return value
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel is not None else None


def authenticate(headers: Mapping[str, str], table: TokenTable) -> str | None:
    """The user key the request authenticates as, or None."""
    header = headers.get("authorization")
    if header:
        value = header.strip()
        if value[:7].lower() == "bearer ":
            value = value[7:].strip()
        key = table.lookup(value)
        if key is not None:
            return key
    cookie = headers.get("cookie")
    if cookie:
        token = _cookie_value(cookie)
        if token:
            return table.lookup(token)
    return None


def realm(host_header: str | None) -> str:
    """The host part of the Host header, safe inside a quoted header value."""
    host = host_header or "localhost"
    if host.startswith("["):
        host = host.split("]")[0] + "]"
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return "".join(ch for ch in host if ch >= " " and ch not in '"\\\x7f')
