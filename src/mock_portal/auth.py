"""Who is calling. The token is looked for where the portal looks, first place first: the
`asc_auth_key` query parameter, an `asc_auth_key` form field, the `asc_auth_key` cookie, and
only when none of them is there the Authorization header (`Bearer <token>`, the word matched
case-sensitively, or the raw value). Tokens are compared in constant time and never logged."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Mapping
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


def _named(pairs: Iterable[tuple[str, str]]) -> str | None:
    for name, value in pairs:
        if name.lower() == COOKIE and value:
            return value
    return None


def find_token(
    headers: Mapping[str, str],
    query: Iterable[tuple[str, str]],
    form: Iterable[tuple[str, str]] = (),
) -> str | None:
    """The token the request carries, from the first place that has one."""
    token = _named(query) or _named(form)
    if token is None and headers.get("cookie"):
        token = _cookie_value(headers["cookie"]) or None
    if token is not None:
        return token
    header = headers.get("authorization", "").strip()
    if header.startswith("Bearer "):
        return header[7:].strip()
    return header or None


def authenticate(
    headers: Mapping[str, str],
    table: TokenTable,
    query: Iterable[tuple[str, str]] = (),
    form: Iterable[tuple[str, str]] = (),
) -> str | None:
    """The user key the request authenticates as, or None."""
    token = find_token(headers, query, form)
    return table.lookup(token) if token else None


def realm(host_header: str | None) -> str:
    """The host part of the Host header, safe inside a quoted header value."""
    host = host_header or "localhost"
    if host.startswith("["):
        host = host.split("]")[0] + "]"
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return "".join(ch for ch in host if ch >= " " and ch not in '"\\\x7f')
