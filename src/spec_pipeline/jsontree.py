"""Copying a JSON tree (the loaders and the overlay applier must never share a node), its
measures, and the one way a message quotes a value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spec_pipeline.errors import PipelineError


def copy_tree(
    value: Any, what: str, path: str = "$", ancestors: frozenset[int] = frozenset()
) -> Any:
    """Copy a JSON tree with no shared containers, rejecting non-JSON values and cycles.

    Unlike ``copy.deepcopy`` this does not preserve aliasing, so a YAML alias or a reused
    Python object can never make one edit show up in two places. `what` names the tree in
    messages ("the update", "spec.yaml").
    """
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Mapping | list):
        if id(value) in ancestors:
            raise PipelineError(
                f"{what} contains a cycle at {path} (a recursive alias or a reused object)"
            )
        inner = ancestors | {id(value)}
        if isinstance(value, list):
            return [copy_tree(v, what, f"{path}[{i}]", inner) for i, v in enumerate(value)]
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise PipelineError(
                    f"{what} has a non-string key {key!r} at {path}; JSON object keys are strings"
                )
            result[key] = copy_tree(item, what, f"{path}[{quote_key(key)}]", inner)
        return result
    raise PipelineError(f"{what} has a non-JSON value of type {type(value).__name__} at {path}")


def quote_key(key: str) -> str:
    """`key` as a JSONPath name selector: ``'a\\'b'``."""
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def shorten(text: str, limit: int = 80) -> str:
    """`text` on one line, and enough of a value to find it, never the whole of a hostile one."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def first_too_deep(value: Any, limit: int) -> str | None:
    """The JSONPath of the first container nested more than `limit` levels deep (the root
    container is level 1), or None. Iterative, so a deep tree cannot overflow the stack."""
    stack: list[tuple[Any, str, int]] = [(value, "$", 1)]
    while stack:
        node, path, level = stack.pop()
        if not isinstance(node, Mapping | list):
            continue
        if level > limit:
            return path
        if isinstance(node, list):
            stack.extend((child, f"{path}[{i}]", level + 1) for i, child in enumerate(node))
        else:
            stack.extend((v, f"{path}[{quote_key(str(k))}]", level + 1) for k, v in node.items())
    return None


def measure(value: Any) -> tuple[int, int]:
    """(nodes, levels) of a tree of dicts, lists and scalars: every node, the root included, and
    the levels of nested containers (0 for a scalar, 1 for a flat dict or list). Level by level,
    so a deep tree cannot overflow the stack."""
    nodes = levels = 0
    level = [value]
    while level:
        nodes += len(level)
        containers = [node for node in level if isinstance(node, dict | list)]
        levels += bool(containers)
        level = [
            child
            for node in containers
            for child in (node.values() if isinstance(node, dict) else node)
        ]
    return nodes, levels
