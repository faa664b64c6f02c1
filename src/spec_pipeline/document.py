"""An OpenAPI document as a JSON tree: loading, copying, `$ref` resolution and operations.

The walkers of the pipeline (the breaking-change check, the JSON Schema view, the XML reader)
share these, so a reference resolves, and an operation is found, the same way everywhere.

A reference may only point inside the document itself (`#/...`). Every spec is checked when it
is loaded, before openapi-spec-validator, Spectral or a generator sees it: those tools would
follow a reference to a file or a URL, and print what they found there in their errors. The
check names the reference and its place (a JSON pointer) and never reads what it points at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from spec_pipeline.errors import PipelineError
from spec_pipeline.jsontree import shorten
from spec_pipeline.yamlio import load_document, load_yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


# Keywords that make a JSON Schema or OpenAPI tool look outside the document: a reference, or
# (`$id`) a new base URI against which the document's own `#/...` references would be resolved.
_REFERENCES = ("$ref", "$dynamicRef")


def as_spec(data: Any, source: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PipelineError(f"{source}: not an OpenAPI document (top level is not a mapping)")
    check_references(data, source)
    return data


def check_references(document: Mapping[str, Any], source: str) -> None:
    """Every `$ref` points inside `document` and resolves there; nothing sets another base.

    The first offender is an error naming `source`, its JSON pointer and the reference.
    """
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, Mapping):
            for key in _REFERENCES:
                ref = node.get(key)
                if isinstance(ref, str):
                    _check_local(document, ref, f"{source}: {key} at {pointer or '/'}")
            if isinstance(node.get("$id"), str):
                raise PipelineError(
                    f"{source}: $id at {pointer or '/'}: a document may not set its own "
                    "base URI (references must stay inside this document)"
                )
            children = [(v, f"{pointer}/{_escape(str(k))}") for k, v in node.items()]
        elif isinstance(node, list):
            children = [(v, f"{pointer}/{i}") for i, v in enumerate(node)]
        else:
            continue
        stack.extend(reversed(children))


def _check_local(document: Mapping[str, Any], ref: str, where: str) -> None:
    shown = shorten(ref)
    if not ref.startswith("#/"):
        raise PipelineError(
            f"{where}: {shown!r} is not a local reference; only '#/...' references inside "
            "this document are allowed (no files, no URLs)"
        )
    try:
        _pointer(document, ref, "")
    except PipelineError:
        raise PipelineError(f"{where}: {shown!r} points at nothing in this document") from None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def load_spec(path: str | os.PathLike[str]) -> dict[str, Any]:
    """An OpenAPI document from a YAML or JSON file."""
    return as_spec(load_document(path), str(path))


def parse_spec(text: str, source: str) -> dict[str, Any]:
    """An OpenAPI document from YAML (or JSON, which YAML 1.2 reads alike) text."""
    return as_spec(load_yaml(text, source=source), source)


def resolve(document: Mapping[str, Any], node: Any, where: str = "") -> tuple[Any, str | None]:
    """Follow a chain of local `$ref`s from `node`: (the target, the first reference or None).

    `where` prefixes error messages (e.g. "base document").
    """
    prefix = f"{where}: " if where else ""
    first: str | None = None
    seen: set[str] = set()
    while isinstance(node, Mapping) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise PipelineError(f"{prefix}only local $refs are supported: {ref!r}")
        if ref in seen:
            raise PipelineError(f"{prefix}$ref loop without content at {ref}")
        seen.add(ref)
        first = first or ref
        node = _pointer(document, ref, prefix)
    return node, first


def _pointer(document: Mapping[str, Any], ref: str, prefix: str) -> Any:
    target: Any = document
    for raw in ref[2:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(target, Mapping) and token in target:
            target = target[token]
        elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
            target = target[int(token)]
        else:
            raise PipelineError(f"{prefix}unresolvable $ref {ref}")
    return target


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    item: Mapping[str, Any]  # the path item, its `$ref` followed
    operation: Mapping[str, Any]


def operations(document: Mapping[str, Any], where: str = "") -> Iterator[Operation]:
    """Every operation, in document order of paths and in `METHODS` order within a path."""
    for path, raw in (document.get("paths") or {}).items():
        item, _ = resolve(document, raw, where)
        if not isinstance(item, Mapping):
            continue
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                yield Operation(path, method, item, operation)
