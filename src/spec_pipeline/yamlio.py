"""Loading and writing OpenAPI-style documents as YAML or JSON.

The YAML loader resolves plain scalars by the YAML 1.2 core schema instead of
PyYAML's YAML 1.1 rules, because YAML 1.1 silently changes data that matters in
API descriptions: ``on``/``yes``/``no`` become booleans, ``2020-12-14`` becomes
a ``date`` (not JSON-serialisable), ``010`` becomes 8 and ``1:30`` becomes 90.
Mapping keys are always kept as the strings written in the source (``200:``
stays ``"200"``, which is what JSONPath ``['200']`` and JSON output expect) and
duplicate keys are an error rather than a silent last-one-wins.

The loaded tree is plain ``dict``/``list``/scalars with no shared nodes: YAML
aliases are expanded into independent copies, so editing one occurrence never
changes another.

Every document is read within limits (``MAX_BYTES``, ``MAX_DEPTH``, ``MAX_ALIAS_NODES``), so a
small hostile file can neither exhaust memory through aliases (a "billion laughs") nor overflow
the stack through nesting; each limit is far above what an API description needs and an input
over it is an error naming the file and the line. docs/limits.md lists them.

The YAML dumper keeps key order and unicode, never emits anchors or aliases,
does not wrap long lines, and quotes any string that a YAML 1.1 *or* 1.2 reader
would otherwise take for a non-string.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Hashable
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml._yaml import CParser

from spec_pipeline.errors import PipelineError
from spec_pipeline.jsontree import copy_tree, first_too_deep, shorten

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_CORE_RESOLVERS: list[tuple[str, re.Pattern[str], list[str]]] = [
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+.0123456789"),
    ),
]

# The limits of every loaded document (docs/limits.md). openapi.yaml is about 53 KB, 10 levels
# deep and 1,200 nodes, with no aliases.
MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64  # nested mappings and sequences
MAX_ALIAS_NODES = 100_000  # nodes that alias references add, counted at their expanded size

# The YAML 1.2 core spellings of infinity and not-a-number (lower-cased), as Python writes them.
_FLOAT_WORDS = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}


class _CoreLoader(
    yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
):
    """Safe loader with YAML 1.2 core scalars, string keys and no duplicate keys, and the
    nesting and alias-expansion limits.

    libyaml's parser (the C extension in PyYAML's wheels) reads the events, five times faster
    than PyYAML's Python one; composing them into nodes stays PyYAML's Python composer (first
    in the bases, so its methods win over the C ones), which is where the limits are checked.
    """

    # Replace (not extend) the YAML 1.1 resolvers inherited from SafeLoader;
    # this also drops merge keys (`<<`), which YAML 1.2 does not have.
    yaml_implicit_resolvers: dict[Any, Any] = {}

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._depth = 0
        self._alias_nodes = 0
        # Every composed node's size with its aliases expanded; a node without one is still
        # being composed, so an alias to it is recursive.
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: Any = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(str(event.anchor))
            if target is not None:
                size = self._sizes.get(id(target))
                if size is None:
                    _refuse(f"recursive alias *{event.anchor}", event.start_mark)
                self._alias_nodes += size
                if self._alias_nodes > MAX_ALIAS_NODES:
                    _refuse(
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes", event.start_mark
                    )
            return super().compose_node(parent, index)
        collection = isinstance(event, yaml.CollectionStartEvent)
        if collection:
            self._depth += 1
            if self._depth > MAX_DEPTH:
                _refuse(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            if collection:
                self._depth -= 1
        if node is not None:
            items = node.value if isinstance(node, yaml.CollectionNode) else []
            if isinstance(node, yaml.MappingNode):
                items = [child for pair in items for child in pair]
            self._sizes[id(node)] = 1 + sum(self._sizes[id(child)] for child in items)
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        mapping: dict[Hashable, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or key in mapping:
                problem = "found a non-scalar key; keys must be strings"
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    problem if key is None else f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_number(self, node: yaml.ScalarNode) -> int | float:
        """An int or float by the core schema; PyYAML's own read `010` as 8 and `1:30` as 90."""
        text = str(self.construct_scalar(node)).replace("_", "")
        try:
            if node.tag == _FLOAT:
                return float(_FLOAT_WORDS.get(text.lower(), text))
            return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)
        except ValueError:
            kind = "float" if node.tag == _FLOAT else "integer"
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid {kind} {shorten(text)!r}", node.start_mark
            ) from None


def _refuse(problem: str, mark: Any) -> NoReturn:
    raise yaml.composer.ComposerError(None, None, problem, mark)


for _tag, _pattern, _first in _CORE_RESOLVERS:
    _CoreLoader.add_implicit_resolver(_tag, _pattern, _first)
_CoreLoader.yaml_constructors = {
    **_CoreLoader.yaml_constructors,
    _INT: _CoreLoader.construct_number,
    _FLOAT: _CoreLoader.construct_number,
}


class _Dumper(yaml.SafeDumper):
    """Safe dumper: no aliases, indented block sequences."""

    def ignore_aliases(self, data: object) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_str(dumper: _Dumper, data: str) -> yaml.ScalarNode:
    # Multi-line text (descriptions) reads best as a literal block; the emitter
    # falls back to a quoted style by itself when a block cannot hold the text.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar(_STR, data, style=style)


# The dumper keeps SafeDumper's YAML 1.1 resolvers and adds the 1.2 core ones,
# so a string such as "on", "2020-12-14", "1e3" or "0o17" is quoted and reads
# back as a string under either YAML version.
for _tag, _pattern, _first in _CORE_RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, _pattern, _first)
_Dumper.add_representer(str, _represent_str)


def load_yaml(text: str, *, source: str = "<string>") -> Any:
    """Parse one YAML document (YAML 1.2 core scalars, string keys, no duplicates), within
    the limits."""
    _check_size(len(text.encode("utf-8", "surrogatepass")), source)
    loader = _CoreLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise PipelineError(f"{source}: invalid YAML: {_yaml_problem(exc)}") from None
    finally:
        loader.dispose()
    # Aliases become independent copies; a recursive one is an error.
    return copy_tree(data, source)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def load_json(text: str, *, source: str = "<string>") -> Any:
    """Parse JSON strictly: duplicate keys and NaN/Infinity are errors; within the limits."""
    _check_size(len(text.encode("utf-8", "surrogatepass")), source)
    too_deep = f"{source}: invalid JSON: nesting deeper than {MAX_DEPTH} levels"
    try:
        data = json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except RecursionError:  # the parser's own guard, far beyond MAX_DEPTH
        raise PipelineError(f"{too_deep} at {_json_too_deep_at(text)}") from None
    except ValueError as exc:  # JSONDecodeError is a ValueError
        raise PipelineError(f"{source}: invalid JSON: {shorten(str(exc))}") from None
    place = first_too_deep(data, MAX_DEPTH)
    if place is not None:
        raise PipelineError(f"{too_deep} at {shorten(place)}")
    return data


def _json_too_deep_at(text: str) -> str:
    """`line L, column C` where JSON text opens its container number MAX_DEPTH + 1."""
    level = 0
    for token in re.finditer(r'"(?:[^"\\]|\\.)*"|[][{}]', text):
        level += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token[0], 0)
        if level > MAX_DEPTH:
            start = token.start()
            line, column = text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
            return f"line {line}, column {column}"
    return "an unknown place"


def _check_size(size: int, source: str) -> None:
    if size > MAX_BYTES:
        raise PipelineError(
            f"{source}: larger than {MAX_BYTES // (1024 * 1024)} MiB ({size:,} bytes); "
            "refused as a document"
        )


def format_for_path(path: str | os.PathLike[str]) -> str:
    """``"json"`` for a ``.json`` path, ``"yaml"`` for ``.yaml``/``.yml``; else an error."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    raise PipelineError(f"{path}: unknown file type {suffix!r}; use .yaml, .yml or .json")


def load_document(path: str | os.PathLike[str]) -> Any:
    """Read a YAML or JSON file (chosen by extension; anything not .json is read as YAML)."""
    try:
        # A named pipe or a device would block or never end: only regular files are read.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise PipelineError(f"{path}: cannot read: not a regular file")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        _check_size(len(raw), str(path))
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PipelineError(
            f"{path}: cannot read: not UTF-8 (byte {exc.start + 1} is not valid)"
        ) from None
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if Path(path).suffix.lower() == ".json":
        return load_json(text, source=str(path))
    return load_yaml(text, source=str(path))


def dump_yaml(data: Any) -> str:
    """Serialise to block-style YAML, keeping key order and unicode, without aliases."""
    try:
        text: str = yaml.dump(
            data,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=1 << 30,  # wide enough that the emitter never folds a line
            indent=2,
        )
    except yaml.YAMLError as exc:
        raise PipelineError(f"cannot write YAML: {' '.join(str(exc).split())}") from None
    return text


def dump_json(data: Any) -> str:
    """Serialise to JSON with two-space indents, unicode kept, NaN/Infinity refused."""
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise PipelineError(f"cannot write JSON: {exc}") from None


def _yaml_problem(exc: Any) -> str:
    """``line L, column C: problem`` for a marked YAML error, else the flattened message."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    if mark is None or problem is None:
        return " ".join(str(exc).split())
    context = getattr(exc, "context", None)
    text = f"{context}, {problem}" if context else problem
    return f"line {mark.line + 1}, column {mark.column + 1}: {text}"
