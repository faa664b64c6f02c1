"""A strict applier for OpenAPI Overlay 1.0 documents.

Follows the Overlay Specification 1.0.x (https://spec.openapis.org/overlay/v1.0.0.html)
with RFC 9535 JSONPath targets, and refuses to guess where common tools stay
silent:

* an overlay that fails the Overlay 1.0 JSON schema, uses another Overlay
  version, or has a target that is not RFC 9535 JSONPath is rejected before
  anything is applied, with every problem listed;
* an action whose target selects nothing is an error (the spec allows zero
  matches; here it almost always means a typo or a changed description);
* an action that would do nothing (neither ``update`` nor ``remove: true``) is
  an error;
* an ``update`` whose value does not fit the selected nodes is an error, as is
  an ``update`` of a primitive node (1.0 only updates objects and arrays).

Where 1.0 leaves the merge of nested values open ("recursively merged"), the
rules that Overlay 1.1 wrote down are used: objects merge recursively, arrays
concatenate, a primitive replaces a primitive, and any other combination is an
error. An array ``update`` value on an array target is refused because 1.0
appends it as one nested item while 1.1 concatenates it.

Actions run in order, each on the result of the previous one, on a private copy:
the caller's objects are never modified, and a failure returns nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial
from importlib.resources import files
from typing import Any, Literal

import jsonschema
import jsonschema_rs
from jsonpath import JSONPathEnvironment, JSONPathError, JSONPathMatch
from jsonpath.exceptions import JSONPathSyntaxError
from jsonpath.lex import Lexer
from jsonpath.path import CompoundJSONPath, JSONPath
from jsonpath.token import TOKEN_LG, Token

from spec_pipeline.errors import PipelineError
from spec_pipeline.jsontree import copy_tree, measure, quote_key, shorten
from spec_pipeline.yamlio import MAX_DEPTH, load_document, load_yaml

# What overlays may make of a document (docs/limits.md): a short overlay whose target selects
# many nodes would otherwise multiply its update into a result of any size.
MAX_RESULT_NODES = 250_000

_SUPPORTED_VERSION = re.compile(r"^1\.0\.\d+$")
_VERSION_SHAPE = re.compile(r"^\d+\.\d+\.\d+$")
_MAX_MESSAGE = 240
_KINDS: tuple[tuple[Any, str], ...] = (
    (type(None), "null"),
    (bool, "boolean"),  # before int: a bool is an int to Python
    (int | float, "number"),
    (str, "string"),
    (Mapping, "object"),
    (list, "array"),
)


@dataclass(frozen=True)
class OverlayProblem:
    """One reason an overlay could not be applied, naming the action where there is one."""

    message: str
    source: str | None = None
    action_index: int | None = None
    target: str | None = None
    description: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        if self.action_index is not None:
            where += f"actions[{self.action_index}]"
            where += f" target {self.target!r}" if self.target is not None else ""
            where += f" ({shorten(self.description)!r}): " if self.description else ": "
        return where + self.message


class OverlayError(PipelineError):
    """An overlay is invalid or cannot be applied; nothing is produced. One problem per cause."""

    def __init__(self, problems: Sequence[OverlayProblem]) -> None:
        self.problems: list[OverlayProblem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class ActionReport:
    """What one action did."""

    index: int
    target: str
    description: str | None
    operation: Literal["update", "remove"]
    matched: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class OverlayReport:
    """What one overlay did, action by action."""

    source: str | None
    title: str
    actions: tuple[ActionReport, ...] = ()


# --- JSONPath -----------------------------------------------------------------


class _RFC9535Lexer(Lexer):
    # python-jsonpath's strict mode still accepts two extensions that RFC 9535
    # does not: '-' inside shorthand names ($.x-foo; RFC name-char excludes it,
    # write $['x-foo']) and the '<>' operator. Both are rejected here.
    key_pattern = (
        r"[\u0080-\ud7ff\ue000-\U0010ffffa-zA-Z_][\u0080-\ud7ff\ue000-\U0010ffffa-zA-Z0-9_]*"
    )

    def tokenize(self, path: str) -> Iterator[Token]:
        for token in super().tokenize(path):
            if token.kind == TOKEN_LG:
                raise JSONPathSyntaxError("'<>' is not RFC 9535 JSONPath; use '!='", token=token)
            yield token


class _RFC9535Environment(JSONPathEnvironment):
    lexer_class = _RFC9535Lexer


_JSONPATH = _RFC9535Environment(strict=True)


def compile_target(target: str) -> JSONPath | CompoundJSONPath:
    """Compile an RFC 9535 JSONPath query; raises ``ValueError`` with a one-line reason."""
    try:
        return _JSONPATH.compile(target)
    except JSONPathError as exc:
        raise ValueError(f"invalid JSONPath: {_jsonpath_reason(exc)}") from None


def _jsonpath_reason(exc: JSONPathError) -> str:
    message = str(exc.message if exc.args else type(exc).__name__)
    return message if exc.token is None else f"{message} (at character {exc.token.index + 1})"


# --- validation -----------------------------------------------------------------


@cache
def overlay_schema() -> dict[str, Any]:
    """The vendored Overlay 1.0 JSON schema."""
    text = files("spec_pipeline").joinpath("schemas", "overlay-1.0.yaml").read_text("utf-8")
    schema: dict[str, Any] = load_yaml(text, source="overlay-1.0.yaml")
    return schema


def _json_key(value: Any) -> Hashable:
    """A hashable key under which two JSON values are equal exactly when JSON Schema calls them
    equal: 1 and 1.0 alike, true and 1 apart, object members in any order."""
    if isinstance(value, Mapping):
        return frozenset((key, _json_key(item)) for key, item in value.items())
    if isinstance(value, list):
        return ("array", tuple(_json_key(item) for item in value))
    return (isinstance(value, bool), value)  # 1 == 1.0 and both hash alike


def _unique_items(
    validator: Any, unique: bool, instance: Any, schema: Mapping[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """`uniqueItems` in one pass: jsonschema compares every pair of objects, which takes
    minutes for ten thousand actions."""
    if not unique or not validator.is_type(instance, "array"):
        return
    first_seen: dict[Hashable, int] = {}
    for index, item in enumerate(instance):
        earlier = first_seen.setdefault(_json_key(item), index)
        if earlier != index:
            yield jsonschema.ValidationError(
                f"items [{earlier}] and [{index}] are identical; entries must be unique"
            )
            return


@cache
def _fast_validator() -> jsonschema_rs.Validator:
    """The same schema, compiled by jsonschema-rs: a valid overlay of any length passes in
    milliseconds. Only an invalid one goes through jsonschema, for the detailed messages."""
    return jsonschema_rs.validator_for(overlay_schema())


@cache
def _schema_validator() -> Any:
    schema = overlay_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    linear = jsonschema.validators.extend(cls, {"uniqueItems": _unique_items})  # type: ignore[no-untyped-call]
    return linear(schema)


def _string(mapping: object, key: str) -> str | None:
    value = mapping.get(key) if isinstance(mapping, Mapping) else None
    return value if isinstance(value, str) else None


def _schema_message(error: Any) -> str:
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"expected {expected}, found {_kind_name(error.instance)}"
    return shorten(str(error.message), _MAX_MESSAGE)


def _schema_problems(overlay: Any, source: str | None) -> list[OverlayProblem]:
    if _fast_validator().is_valid(overlay):
        return []
    problems = []
    errors = sorted(
        _schema_validator().iter_errors(overlay),
        key=lambda e: ([str(p) for p in e.absolute_path], e.message),
    )
    for error in errors:
        message = f"at {error.json_path}: {_schema_message(error)}"
        path = error.absolute_path
        if len(path) >= 2 and path[0] == "actions" and isinstance(path[1], int):
            action = overlay["actions"][path[1]]
            target, description = _string(action, "target"), _string(action, "description")
            problems.append(OverlayProblem(message, source, path[1], target, description))
        else:
            problems.append(OverlayProblem(message, source))
    return problems


def validate_overlay(overlay: object, *, source: str | None = None) -> None:
    """Check an overlay document against the Overlay 1.0 JSON schema.

    Raises ``OverlayError`` listing every problem (with its location in the
    overlay, and the action it belongs to). An overlay for another Overlay
    version gets a single "not supported" problem instead of schema noise.
    Targets are checked as JSONPath when the overlay is applied.
    """
    version = _string(overlay, "overlay")
    if version and _VERSION_SHAPE.match(version) and not _SUPPORTED_VERSION.match(version):
        message = f"Overlay version {version!r} is not supported: only Overlay 1.0.x documents "
        raise OverlayError([OverlayProblem(message + "can be applied (overlay: 1.0.0)", source)])
    problems = _schema_problems(overlay, source)
    if problems:
        raise OverlayError(problems)


def load_overlay(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read an overlay file (YAML or JSON) and validate it."""
    document = load_document(path)
    validate_overlay(document, source=str(path))
    assert isinstance(document, dict)
    return document


# --- applying -------------------------------------------------------------------


@dataclass(frozen=True)
class _Action:
    source: str | None
    index: int
    target: str
    description: str | None
    query: JSONPath | CompoundJSONPath
    remove: bool
    has_update: bool
    update: Any

    def problem(self, message: str) -> OverlayProblem:
        return OverlayProblem(message, self.source, self.index, self.target, self.description)


def _prepare(
    overlay: Mapping[str, Any], source: str | None, problems: list[OverlayProblem]
) -> list[_Action]:
    """Compile every action of a schema-valid overlay; its problems go to `problems`."""
    actions: list[_Action] = []
    for index, raw in enumerate(overlay["actions"]):
        where = (source, index, raw["target"], raw.get("description"))
        remove, has_update = raw.get("remove", False) is True, "update" in raw
        try:
            query = compile_target(raw["target"])
            update = copy_tree(raw.get("update"), "the update")
            if not remove and not has_update:
                raise PipelineError(
                    "the action does nothing: it has neither 'update' nor 'remove: true'"
                )
        except (ValueError, PipelineError) as exc:
            problems.append(OverlayProblem(str(exc), *where))
            continue
        actions.append(_Action(*where, query, remove, has_update, update))
    return actions


def apply_overlays_with_report(
    spec: Mapping[str, Any],
    overlays: Sequence[Mapping[str, Any]],
    *,
    sources: Sequence[str] | None = None,
) -> tuple[dict[str, Any], list[OverlayReport]]:
    """Apply overlays in order to a copy of ``spec``; return the result and a report.

    Every overlay is validated and every target compiled before any action
    runs, so those problems are reported together. Applying stops at the first
    action that fails. ``sources`` names the overlays in messages (e.g. file names).
    """
    if sources is not None and len(sources) != len(overlays):
        raise ValueError("sources must name every overlay")
    names: list[str | None] = list(sources) if sources is not None else [None] * len(overlays)

    problems: list[OverlayProblem] = []
    prepared: list[list[_Action]] = []
    for overlay, name in zip(overlays, names, strict=True):
        try:
            validate_overlay(overlay, source=name)
        except OverlayError as exc:
            problems.extend(exc.problems)
        else:
            prepared.append(_prepare(overlay, name, problems))
    if problems:
        raise OverlayError(problems)

    if not isinstance(spec, Mapping):
        raise OverlayError([OverlayProblem("the document to overlay must be an object")])
    try:
        document: dict[str, Any] = copy_tree(spec, "the document to overlay")
    except PipelineError as exc:
        raise OverlayError([OverlayProblem(str(exc))]) from None

    nodes = measure(document)[0]  # an upper bound as the actions run
    reports = []
    for overlay, name, actions in zip(overlays, names, prepared, strict=True):
        action_reports: list[ActionReport] = []
        for action in actions:
            try:
                report, added = _run(document, action, nodes)
            except PipelineError as exc:
                raise OverlayError([action.problem(str(exc))]) from None
            action_reports.append(report)
            nodes += added
        reports.append(OverlayReport(name, str(overlay["info"]["title"]), tuple(action_reports)))
    return document, reports


def apply_overlays(
    spec: Mapping[str, Any],
    overlays: Sequence[Mapping[str, Any]],
    *,
    sources: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Apply overlays in order to a copy of ``spec`` and return the result."""
    return apply_overlays_with_report(spec, overlays, sources=sources)[0]


def apply_overlay(
    spec: Mapping[str, Any], overlay: Mapping[str, Any], *, source: str | None = None
) -> dict[str, Any]:
    """Apply one overlay to a copy of ``spec`` and return the result."""
    return apply_overlays(spec, [overlay], sources=None if source is None else [source])


def _check_growth(matches: list[JSONPathMatch], action: _Action, nodes: int) -> int:
    """Refuse an update that would take the document past the depth or size limits; return the
    nodes it adds at most."""
    update_nodes, update_depth = measure(action.update)
    added = len(matches) * update_nodes
    if nodes + added > MAX_RESULT_NODES:
        raise PipelineError(
            f"the update ({update_nodes:,} nodes) on {len(matches):,} node(s) would grow "
            f"the document past {MAX_RESULT_NODES:,} nodes"
        )
    for match in matches:
        # The root container is level 1; an object update merges at its target's level, an
        # array update becomes an item one level below.
        level = len(match.parts) + (0 if isinstance(match.obj, dict) else 1)
        if level + update_depth > MAX_DEPTH:
            raise PipelineError(
                f"the update would nest {match.path} deeper than {MAX_DEPTH} levels"
            )
    return added


def _run(document: dict[str, Any], action: _Action, nodes: int) -> tuple[ActionReport, int]:
    """Apply one action: its report, and the nodes it added at most."""
    try:
        # A query may select one node more than once ($['a','a']); act on it once.
        matches = list({match.parts: match for match in action.query.finditer(document)}.values())
    except JSONPathError as exc:
        raise PipelineError(f"JSONPath evaluation failed: {_jsonpath_reason(exc)}") from None
    if not matches:
        raise PipelineError("the target selects no nodes")

    report = partial(ActionReport, action.index, action.target, action.description)
    if action.remove:
        _remove(matches)
        # Spec: "This field has no impact if the remove field ... is true".
        notes = ("'update' is ignored because 'remove' is true",) if action.has_update else ()
        return report("remove", len(matches), notes), 0
    added = _check_growth(matches, action, nodes)
    _update(matches, action.update)
    return report("update", len(matches)), added


def _remove(matches: list[JSONPathMatch]) -> None:
    for match in matches:
        if match.parent is None:
            raise PipelineError("the document root cannot be removed")
        if isinstance(match.parent.obj, list) and _is_primitive(match.obj):
            raise PipelineError(
                f"{match.path} is {_a(match.obj)} item of an array; Overlay 1.0 "
                "cannot remove primitive array items individually (remove or rebuild "
                "the whole array instead)"
            )
    # Array items go last-index-first so earlier deletions do not shift later ones.
    for match in sorted(matches, key=lambda m: -m.parts[-1] if isinstance(m.parts[-1], int) else 0):
        assert match.parent is not None
        container: Any = match.parent.obj
        del container[match.parts[-1]]


def _update(matches: list[JSONPathMatch], value: Any) -> None:
    first = next((m for m in matches if _is_primitive(m.obj)), None)
    if first is not None:
        raise PipelineError(
            f"{first.path} is {_a(first.obj)}; Overlay 1.0 can only update "
            "objects and arrays (target the containing object and update the property)"
        )
    objects = [m for m in matches if isinstance(m.obj, dict)]
    if objects and len(objects) != len(matches):
        raise PipelineError(
            "the target selects both objects and arrays; an update must fit all of them"
        )
    if objects:
        if not isinstance(value, dict):
            raise PipelineError(
                f"the update is {_a(value)} but the target selects objects; "
                "an object update is merged into each selected object"
            )
        for match in objects:
            assert isinstance(match.obj, dict)
            _merge(match.obj, value, match.path)
        return
    if isinstance(value, list):
        raise PipelineError(
            "the update is an array and the target selects arrays: Overlay 1.0 would "
            "append it as one nested item while 1.1 concatenates it; to add items, "
            "update the containing object with the array property (arrays are "
            "concatenated in merges) or use one action per item"
        )
    for match in matches:
        array = match.obj
        assert isinstance(array, list)
        array.append(copy_tree(value, "the update"))


def _merge(node: dict[str, Any], update: dict[str, Any], path: str) -> None:
    for key, new in update.items():
        child_path = f"{path}[{quote_key(key)}]"
        if key not in node:
            node[key] = copy_tree(new, "the update")
            continue
        old = node[key]
        if isinstance(old, dict) and isinstance(new, dict):
            _merge(old, new, child_path)
        elif isinstance(old, list) and isinstance(new, list):
            old.extend(copy_tree(new, "the update"))
        elif _is_primitive(old) and _is_primitive(new):
            node[key] = new
        else:
            raise PipelineError(
                f"cannot merge {_a(new)} into the {_kind_name(old)} at "
                f"{child_path}; remove it in an earlier action to replace it"
            )


# --- JSON values ----------------------------------------------------------------


def _is_primitive(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _kind_name(value: Any) -> str:
    return next((name for kind, name in _KINDS if isinstance(value, kind)), type(value).__name__)


def _a(value: Any) -> str:
    kind = _kind_name(value)
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"
