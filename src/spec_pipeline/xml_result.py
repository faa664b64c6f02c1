"""Read the portal's XML `<result>` document back into the JSON shape the spec describes.

The portal makes its XML by converting the JSON envelope element by element: one element per
property, a list as repeated elements of the property's name, `true`/`false` for booleans, an
empty element for an empty string or a null. XML has no types, so the conversion back is guided
by the schema: it is what lets XML examples and `.xml` answers be validated against the same
schemas as JSON.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree

from spec_pipeline.errors import PipelineError
from spec_pipeline.spec_document import SpecDocument


class XmlResultError(PipelineError):
    """The text is not a `<result>` document: the response breaks the contract."""


def result_to_json(text: str, schema: Mapping[str, Any], spec: SpecDocument) -> Any:
    """Convert a `<result>` document to JSON-shaped data guided by `schema`."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise XmlResultError(f"not well-formed XML: {exc}") from exc
    if root.tag != "result":
        raise XmlResultError(f"the root element is <{root.tag}>, not <result>")
    return _element(root, schema, spec)


# What each schema of a document reads as, worked out once: an answer of 20 invoices asks it of
# the same few schemas some 500 times. Keyed by the schema's identity, and holding the schema so
# that its identity is not reused while the document lives.
_READINGS: weakref.WeakKeyDictionary[SpecDocument, dict[int, tuple[Any, bool, str, Any]]] = (
    weakref.WeakKeyDictionary()
)


def _reading(schema: Any, spec: SpecDocument) -> tuple[bool, str, Any]:
    """(nullable, kind, the schema that carries the kind) of `schema`."""
    if not schema:  # no schema (an unknown element, an undocumented answer): nothing to keep
        return False, "any", {}
    known = _READINGS.setdefault(spec, {})
    found = known.get(id(schema))
    if found is None:
        found = known[id(schema)] = (schema, _nullable(schema, spec), *_kind(schema, spec))
    return found[1], found[2], found[3]


def _element(element: ElementTree.Element, schema: Any, spec: SpecDocument) -> Any:
    nullable, kind, schema = _reading(schema, spec)
    children = list(element)
    text = element.text or ""
    if kind == "object" or (kind == "any" and children):
        if not children and not text.strip():
            return None if nullable else {}
        return _object(children, schema, spec)
    if not text and nullable and kind != "string":
        return None
    return _scalar(text, kind)


def _object(children: list[ElementTree.Element], schema: Any, spec: SpecDocument) -> Any:
    properties = schema.get("properties", {}) if isinstance(schema, Mapping) else {}
    out: dict[str, Any] = {}
    for child in children:
        prop = properties.get(child.tag, {})
        _, prop_kind, resolved = _reading(prop, spec)
        if prop_kind == "array":
            out.setdefault(child.tag, []).append(_element(child, resolved.get("items", {}), spec))
        else:
            out[child.tag] = _element(child, prop, spec)
    # An empty list becomes no element at all: a required list that is absent was empty.
    for name in schema.get("required", []) if isinstance(schema, Mapping) else []:
        if name not in out and _reading(properties.get(name, {}), spec)[1] == "array":
            out[name] = []
    return out


def _scalar(text: str, kind: str) -> Any:
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            value = float(text)
            return int(value) if value.is_integer() and "." not in text else value
    except ValueError:
        return text  # left as text, so validation names the bad value
    if kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    return text


def _kind(schema: Any, spec: SpecDocument) -> tuple[str, Any]:
    """The JSON type a schema reads as (ignoring null), and the schema that carries it."""
    schema = spec.resolve(schema)
    if not isinstance(schema, Mapping):
        return "any", {}
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    types = [t for t in types if t != "null"]
    if types:
        return types[0], schema
    if "properties" in schema:
        return "object", schema
    if "const" in schema and not isinstance(schema["const"], bool | str):
        return "integer" if isinstance(schema["const"], int) else "number", schema
    for keyword in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(keyword, []):
            kind, resolved = _kind(branch, spec)
            if kind not in {"any", "null"}:
                return kind, resolved
    return "any", schema


def _nullable(schema: Any, spec: SpecDocument) -> bool:
    schema = spec.resolve(schema)
    if not isinstance(schema, Mapping):
        return False
    declared = schema.get("type")
    if declared == "null" or (isinstance(declared, list) and "null" in declared):
        return True
    return any(
        _nullable(branch, spec) for key in ("anyOf", "oneOf") for branch in schema.get(key, [])
    )
