"""Hostile files for the file tools: each is the real spec or overlay with one attack added,
and names what an error about it must mention (the place)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_pipeline.yamlio import dump_yaml, load_document
from tests.support.paths import OVERLAYS, SPEC

SECRET = "TOP-SECRET-first-line-of-a-private-file"


@dataclass(frozen=True)
class Hostile:
    name: str
    path: Path
    place: str  # what the one error line must say about where the problem is


def first_ref(node: Any, pointer: str = "") -> tuple[str, dict[str, Any]] | None:
    """(JSON pointer, mapping) of the first `$ref` in document order."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            return pointer, node
        items: Iterator[tuple[str, Any]] = iter(node.items())
    elif isinstance(node, list):
        items = ((str(i), v) for i, v in enumerate(node))
    else:
        return None
    for key, child in items:
        token = key.replace("~", "~0").replace("/", "~1")
        found = first_ref(child, f"{pointer}/{token}")
        if found is not None:
            return found
    return None


def spec_with_ref(folder: Path, name: str, ref: str) -> Hostile:
    spec = load_document(SPEC)
    found = first_ref(spec)
    assert found is not None, "the spec has a $ref to replace"
    pointer, node = found
    node["$ref"] = ref
    path = folder / f"{name}.yaml"
    path.write_text(dump_yaml(spec))
    return Hostile(name, path, f"$ref at {pointer}")


def spec_text() -> str:
    """The spec as block-style YAML written by our own dumper: text that an attack can be
    appended to at the top level, whatever the formatting of openapi.yaml itself."""
    return dump_yaml(load_document(SPEC))


def spec_text_with(
    folder: Path, name: str, extra: str, place: str, suffix: str = ".yaml"
) -> Hostile:
    path = folder / f"{name}{suffix}"
    path.write_text(spec_text() + extra)
    return Hostile(name, path, place)


def alias_bomb(indent: str = "  ") -> str:
    """Nine levels of ten aliases each: 10⁹ leaves from under 1 KB."""
    lines = [f"{indent}a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{indent}{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]")
    return "\n".join(lines) + "\n"


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def spec_line_count() -> int:
    return len(spec_text().splitlines())


def hostile_specs(folder: Path, secret: Path, url: str) -> list[Hostile]:
    after = spec_line_count()
    return [
        spec_with_ref(folder, "ref-file-url", secret.as_uri()),
        spec_with_ref(folder, "ref-absolute-path", str(secret)),
        spec_with_ref(folder, "ref-relative-file", f"{secret.name}#/components"),
        spec_with_ref(folder, "ref-http-url", url),
        spec_with_ref(folder, "ref-dangling", "#/components/schemas/NoSuchSchema"),
        spec_text_with(folder, "alias-bomb", "x-bomb:\n" + alias_bomb(), f"line {after + 6}"),
        spec_text_with(folder, "deep-yaml", f"x-deep: {deep(400)}\n", f"line {after + 1}"),
        Hostile("deep-json", write_deep_json(folder), "nesting deeper than 64 levels at line 1"),
        Hostile("not-utf8", write_not_utf8(folder), "byte"),
    ]


def write_deep_json(folder: Path) -> Path:
    path = folder / "deep-json.json"
    path.write_text('{"openapi": "3.1.0", "x-deep": ' + deep(5000) + "}")
    return path


def write_not_utf8(folder: Path) -> Path:
    path = folder / "not-utf8.yaml"
    path.write_bytes(spec_text().encode().replace(b"openapi", b"open\xffapi", 1))
    return path


def overlay_with(folder: Path, name: str, text: str, place: str) -> Hostile:
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return Hostile(name, path, place)


def hostile_overlays(folder: Path) -> list[Hostile]:
    head = 'overlay: 1.0.0\ninfo: {title: hostile, version: "1"}\n'
    bomb = head + "x-bomb:\n" + alias_bomb() + "actions:\n  - target: $.info\n    update: {x: *i}\n"
    nested = head + f"actions:\n  - target: $.info\n    update: {{x: {deep(1000)}}}\n"
    return [
        overlay_with(folder, "overlay-alias-bomb", bomb, "line 8"),
        overlay_with(folder, "overlay-deep", nested, "line 5"),
    ]


def client_overlay() -> Path:
    return OVERLAYS / "client.yaml"


Builder = Callable[[Path], list[Hostile]]
