"""The JSON envelope as XML, the way Newtonsoft's XmlNodeConverter writes it.

Root element <result>; one element per property; an array becomes repeated elements of the same
name (an empty array writes nothing); a null and an empty object become <x />, an empty string
<x></x>; booleans are true/false; whole doubles print without a fraction (1.0 -> 1).
"""

from __future__ import annotations

import re
from typing import Any

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Characters XML 1.0 cannot carry at all; the real portal would fail, the mock substitutes U+FFFD.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    if _INVALID.search(value):
        value = _INVALID.sub("\ufffd", value)
    return value.translate(_ESCAPES)


def scalar_text(value: bool | int | float) -> str:
    """A JSON boolean or number as XmlNodeConverter writes it (request arguments read from a
    JSON body get the same text)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _scalar(value: Any) -> str:
    if isinstance(value, bool | int | float):
        return scalar_text(value)
    return _text(str(value))


def _element(name: str, value: Any, out: list[str]) -> None:
    if isinstance(value, list):
        for item in value:
            _element(name, item, out)
        return
    if isinstance(value, dict):
        if not value:
            out.append(f"<{name} />")
            return
        out.append(f"<{name}>")
        for key, item in value.items():
            _element(key, item, out)
        out.append(f"</{name}>")
        return
    if value is None:
        out.append(f"<{name} />")
        return
    # an empty string is an element with an empty text node, not an empty element
    out.append(f"<{name}>{_scalar(value)}</{name}>")


def to_xml(body: dict[str, Any]) -> str:
    out: list[str] = []
    _element("result", body, out)
    return "".join(out)


def to_xml_bytes(body: dict[str, Any]) -> bytes:
    return to_xml(body).encode("utf-8", "replace")
