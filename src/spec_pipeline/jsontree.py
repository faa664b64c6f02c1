"""Copying a JSON tree: the loaders and the overlay applier must never share a node."""

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
