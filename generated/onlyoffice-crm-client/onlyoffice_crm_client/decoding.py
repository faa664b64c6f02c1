"""What the generated models use to read an answer fast and to name the field that does not fit.

Each model's `from_dict` reads its fields one by one; when one fails, `at_key` turns the error
into a `FieldError` naming the field, and each enclosing model or list (`decode_list`) adds its
own step, so the API functions can raise `errors.SchemaMismatch` with the path of the field
(`response[0].templateType`). Nothing here runs on an answer that fits: a `try` costs nothing in
Python 3.11+ until something is raised.

Hand-written: the model and union templates only call these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar
from uuid import UUID

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

# Answers name the same few users again and again (creators, access lists). UUID() is pure
# Python and was the slowest step of decoding a page; a UUID is immutable, so each text is
# parsed once and the object shared.
uuid_from_text: Callable[[str], UUID] = lru_cache(maxsize=4096)(UUID)

_MEMBERS: dict[type[Enum], dict[Any, Any]] = {}


def _members(cls: type[E]) -> dict[Any, E]:
    table = _MEMBERS.get(cls)
    if table is None:
        table = _MEMBERS[cls] = {member.value: member for member in cls}
    return table


def enum_member(cls: type[E], value: Any) -> E:
    """The member of `cls` with this value, as `cls(value)` but a dict lookup (decoding is
    faster). Raises ValueError for a value outside the enum."""
    try:
        return _members(cls)[value]
    except (KeyError, TypeError):
        raise ValueError(f"{value!r} is not a valid {cls.__name__}") from None


def coerce(cls: type[E], value: Any, parameter: str) -> E:
    """A member or its plain value (read from a config file or a command line) as the member.

    Raises ValueError naming the parameter and the allowed values, before any request is sent.
    """
    if isinstance(value, cls):
        return value
    try:
        return _members(cls)[value]
    except (KeyError, TypeError):
        allowed = ", ".join(repr(member.value) for member in cls)
        raise ValueError(f"{parameter}: {value!r} is not one of {allowed}") from None


class FieldError(ValueError):
    """A value of an answer that does not fit its schema, with the path down to it.

    A ValueError, so that a union tries its next member, as the generator's own code does.
    """

    def __init__(self, path: list[str | int], reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(reason)

    def where(self) -> str:
        """The path as `response[0].templateType` (empty for the answer itself)."""
        text = ""
        for step in self.path:
            text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
        return text

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.reason}" if where else self.reason


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a number" if isinstance(value, int | float) else type(value).__name__


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def at_key(error: Exception, key: str, src: object) -> Exception:
    """The error to raise when reading member `key` of `src` failed with `error`."""
    if isinstance(error, RecursionError):
        return error
    if isinstance(error, FieldError):
        error.path.insert(0, key)
        return error
    if not isinstance(src, Mapping):
        found = FieldError([], f"expected an object, found {_kind(src)}")
    elif key not in src:
        found = FieldError([key], "required member missing")
    else:
        why = f": {type(error).__name__}: {error}" if str(error) else " its schema"
        found = FieldError([key], f"{_shown(src[key])} ({_kind(src[key])}) does not fit{why}")
    found.__cause__ = error
    return found


def decode_list(decode: Callable[[Any], T], data: Any) -> list[T]:
    """`[decode(item) for item in data]`; a failure names the index of the item."""
    if not isinstance(data, list):
        raise FieldError([], f"expected an array, found {_kind(data)}")
    try:
        return [decode(item) for item in data]
    except RecursionError:
        raise
    except Exception:
        for index, item in enumerate(data):
            try:
                decode(item)
            except Exception as again:
                if isinstance(again, FieldError):
                    again.path.insert(0, index)
                    raise
                located = FieldError([index], f"{type(again).__name__}: {again}")
                raise located from again
        raise


__all__ = ["FieldError", "at_key", "coerce", "decode_list", "enum_member", "uuid_from_text"]
