"""Direction-aware breaking-change check between two OpenAPI 3.1 documents, as a table of rules.

A request schema must keep accepting what it accepted (a narrowing breaks), a response schema
must not produce anything new (a widening breaks): each schema rule has a level per side.  As in
oasdiff's checker, a walk pairs up elements (``None`` on the side that lacks one) and hands each
pair to the small checks of its scope, whose findings name rules of ``RULES``.  What is and is
not compared: docs/breaking-changes.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from spec_pipeline import document as openapi
from spec_pipeline.errors import PipelineError

Level = Literal["ERR", "WARN", "INFO"]
Direction = Literal["request", "response"]
Effect = Literal["narrow", "widen", "both"]
ERR = "ERR"
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
WIDER_FORMATS = {("int32", "int64"), ("float", "double")}  # the reverse narrows
DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}
PAST = {"narrow": "narrowed", "widen": "widened", "both": "changed"}


@dataclass(frozen=True)
class Change:
    kind: str  # the id of the rule in RULES
    level: Level
    operation: str
    path: str
    message: str

    @property
    def severity(self) -> str:
        return "breaking" if self.level == ERR else "non-breaking"

    def as_dict(self) -> dict[str, str]:
        return {**asdict(self), "severity": self.severity}


@dataclass
class Report:
    changes: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.breaking = [c for c in self.changes if c.level == ERR]
        self.non_breaking = [c for c in self.changes if c.level != ERR]
        self.has_breaking = bool(self.breaking)


# -- the walk: pairs of elements handed to the checks of their scope ---------------------------


@dataclass
class Walk:
    docs: dict[str, Mapping[str, Any]]  # by side: "base" and "new"
    changes: list[Change] = field(default_factory=list)
    op: str = "(document)"
    # (base ref, new ref, direction) on the current descent: cuts $ref cycles.
    active: set[tuple[str | None, str | None, Direction]] = field(default_factory=set)

    def resolve(self, side: str, obj: Any) -> Any:
        return openapi.resolve(self.docs[side], obj, f"{side} document")[0]


@dataclass(frozen=True)
class Here:
    walk: Walk
    direction: Direction = "request"
    name: str = ""
    open_enum: bool = False


Op = openapi.Operation
Finding = tuple[str, str, str]  # rule id, path below the pair's path ("" for the same), message
Check = Callable[[Any, Any, Here], Iterator[Finding]]


def compare(base: Mapping[str, Any], new: Mapping[str, Any]) -> Report:
    """Changes from ``base`` to ``new``, judged from an existing client's point of view."""
    w = Walk({"base": base, "new": new})
    servers = [{str(s.get("url")): s for s in doc.get("servers") or []} for doc in (base, new)]
    list(each(w, "server", servers, "servers", Here(w)))
    schemes = [(doc.get("components") or {}).get("securitySchemes") for doc in (base, new)]
    list(each(w, "security-scheme", schemes, "components.securitySchemes", Here(w), True))
    # Path parameter names do not matter on the wire: /a/{id} is /a/{invoiceId}.
    ops = [
        {(re.sub(r"\{[^}]*\}", "{}", o.path), o.method): o for o in openapi.operations(doc, side)}
        for doc, side in ((base, "base document"), (new, "new document"))
    ]
    for _, b, n in pairs(*ops):
        x = n or b
        op_id = x.operation.get("operationId")
        w.op = f"{x.method.upper()} {x.path}" + (f" ({op_id})" if op_id else "")
        # One side only: reported at its place; the checks of a pair name their keyword.
        where = "" if b and n else f"paths.{x.path}.{x.method}"
        if visit(w, "operation", b, n, where, Here(w)):
            walk_operation(w, b, n)
    return Report(w.changes)


def visit(w: Walk, scope: str, b: Any, n: Any, path: str, here: Here) -> bool:
    """Hand a pair to the checks of ``scope``; True when both sides have it (to descend).

    An element on one side only goes to the presence check alone.
    """
    if b is None and n is None:
        return False
    for check in CHECKS[scope]:
        if (b is None or n is None) and not isinstance(check, Presence):
            continue
        for rule_id, below, message in check(b, n, here):
            rule = BY_ID[rule_id]
            level = rule.request if here.direction == "request" else rule.response
            w.changes.append(Change(rule_id, level, w.op, path + below, message))
    return b is not None and n is not None


def pairs(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> Iterator[tuple[Any, Any, Any]]:
    """Every key of either side with its value on each side (``None`` where it is missing)."""
    for key, value in old.items():
        yield key, value, new.get(key)
    for key, value in new.items():
        if key not in old:
            yield key, None, value


def each(
    w: Walk, scope: str, sides: Sequence[Any], path: str, here: Here, resolve: bool = False
) -> Iterator[tuple[str, Any, Any]]:
    """Visit the pairs of two mappings by key; yield (path, base, new) of those on both sides."""
    for key, b, n in pairs(sides[0] or {}, sides[1] or {}):
        if resolve:
            b, n = w.resolve("base", b), w.resolve("new", n)
        if visit(w, scope, b, n, f"{path}.{key}", replace(here, name=str(key))):
            yield f"{path}.{key}", b, n


def parameters(w: Walk, side: str, o: Op) -> dict[tuple[str, str], Any]:
    """Effective parameters; operation level overrides path-item level (by name + in)."""
    names = re.findall(r"\{([^}]*)\}", o.path)
    result: dict[tuple[str, str], Any] = {}
    for raw in [*(o.item.get("parameters") or []), *(o.operation.get("parameters") or [])]:
        p = w.resolve(side, raw)
        name, loc = str(p.get("name")), str(p.get("in"))
        if loc == "path" and name in names:
            result[(loc, f"#{names.index(name)}")] = p  # matched by place in the template
        else:
            result[(loc, name.lower() if loc == "header" else name)] = p
    return result


def walk_operation(w: Walk, b_op: Op, n_op: Op) -> None:
    for _, b, n in pairs(parameters(w, "base", b_op), parameters(w, "new", n_op)):
        p = n or b
        path, name = f"parameters.{p['in']}.{p['name']}", f"{p['in']} parameter '{p['name']}'"
        if visit(w, "parameter", b, n, path, Here(w, name=name)):
            schema(w, _param_schema(b), _param_schema(n), f"{path}.schema", "request")
    b, n = (
        w.resolve(s, o.operation.get("requestBody")) for s, o in (("base", b_op), ("new", n_op))
    )
    if visit(w, "request-body", b, n, "requestBody", Here(w)):
        walk_content(w, b.get("content"), n.get("content"), "requestBody.content", "request")
    codes = [
        {str(k): v for k, v in (o.operation.get("responses") or {}).items()} for o in (b_op, n_op)
    ]
    for path, b, n in each(w, "response", codes, "responses", Here(w, "response"), True):
        walk_content(w, b.get("content"), n.get("content"), f"{path}.content", "response")
        old, new = b.get("headers") or {}, n.get("headers") or {}
        # Header names are case-insensitive: both sides take the new document's spelling.
        names = {str(k).lower(): str(k) for k in [*old, *new]}
        headers = [{names[str(k).lower()]: v for k, v in h.items()} for h in (old, new)]
        here = Here(w, "response")
        for where, hb, hn in each(w, "header", headers, f"{path}.headers", here, True):
            schema(w, _param_schema(hb), _param_schema(hn), f"{where}.schema", "response")


def walk_content(w: Walk, old: Any, new: Any, path: str, d: Direction) -> None:
    for where, b, n in each(w, "media-type", (old, new), path, Here(w, d)):
        schema(w, b.get("schema", {}), n.get("schema", {}), f"{where}.schema", d)


# -- schemas: a view with $ref followed, allOf merged and null split off -----------------------


@dataclass(frozen=True)
class Node:
    schema: Mapping[str, Any]
    ref: str | None = None
    types: frozenset[str] | None = None  # without "null"; None: no type constraint
    nullable: bool = False
    union: tuple[Any, ...] | None = None  # oneOf/anyOf branches other than the null branch
    union_kw: str = "oneOf"


def view(w: Walk, side: str, schema: Any) -> Node:
    if isinstance(schema, Node):
        return schema
    target, ref = openapi.resolve(w.docs[side], schema, f"{side} document")
    if target is True or target is None:
        target = {}
    if not isinstance(target, Mapping):
        raise PipelineError(f"{side} document: not a schema: {target!r} ({ref or 'inline'})")
    if "allOf" in target:
        target = flatten(w, side, target, frozenset({ref} if ref else ()))
    raw = target.get("type")
    types = None if raw is None else frozenset(_as_list(raw))
    nullable = target.get("nullable") is True or (types is not None and "null" in types)
    types = None if types is None else types - {"null"}
    for kw in ("oneOf", "anyOf"):
        branches = target.get(kw)
        if isinstance(branches, list):
            rest = [x for x in branches if not _is_null(w.resolve(side, x))]
            nullable = nullable or len(rest) < len(branches)
            if len(rest) == 1:  # `oneOf: [X, {type: 'null'}]` is a nullable X
                inner = view(w, side, rest[0])
                return replace(inner, nullable=inner.nullable or nullable)
            return Node(target, ref, types, nullable, tuple(rest), kw)
    return Node(target, ref, types, nullable)


def flatten(w: Walk, side: str, schema: Mapping[str, Any], seen: frozenset[str]) -> dict[str, Any]:
    """Merge ``allOf`` members into one schema (a recursive ``allOf`` stops expanding).

    Every member applies, so constraints intersect.
    """
    merged = {k: v for k, v in schema.items() if k != "allOf"}
    for member in schema["allOf"]:
        part, ref = openapi.resolve(w.docs[side], member, f"{side} document")
        if (ref is not None and ref in seen) or not isinstance(part, Mapping):
            continue
        if "allOf" in part:
            part = flatten(w, side, part, seen | ({ref} if ref else set()))
        for key, value in part.items():
            old = merged.setdefault(key, value)
            if old is value:
                continue
            if key == "properties":
                shared = {k: {"allOf": [old[k], s]} for k, s in value.items() if k in old}
                merged[key] = {**old, **value, **shared}
            elif key == "required":
                merged[key] = list(dict.fromkeys([*old, *value]))
            elif key == "type":
                merged[key] = [t for t in _as_list(old) if _covered(t, frozenset(_as_list(value)))]
            elif key == "enum":
                merged[key] = [v for v in old if v in value]
            elif key in LOWER_BOUNDS + UPPER_BOUNDS and None not in (_number(old), _number(value)):
                merged[key] = max(old, value) if key in LOWER_BOUNDS else min(old, value)
            else:
                merged[key] = value
    return merged


def schema(
    w: Walk, b_raw: Any, n_raw: Any, path: str, d: Direction, open_enum: bool = False
) -> None:
    b, n = view(w, "base", b_raw), view(w, "new", n_raw)
    key = (b.ref, n.ref, d)
    if b.ref or n.ref:
        if key in w.active:
            return
        w.active.add(key)
    try:
        here = Here(w, d, open_enum=open_enum)
        visit(w, "nullability", b, n, path, here)
        if b.union is not None or n.union is not None:
            walk_union(w, b, n, path, d)
            if b.union is None or n.union is None:
                return  # the plain side was compared as a branch; not twice
        # Keywords next to a oneOf/anyOf (shared properties, say) apply to every branch.
        visit(w, "schema", b, n, path, here)
        walk_properties(w, b, n, path, d)
        old_extra = b.schema.get("additionalProperties", True)
        new_extra = n.schema.get("additionalProperties", True)
        if _additional_kind(old_extra) == _additional_kind(new_extra) == "schema":
            schema(w, old_extra, new_extra, f"{path}.additionalProperties", d)
        if "items" in b.schema or "items" in n.schema:
            schema(w, b.schema.get("items", {}), n.schema.get("items", {}), f"{path}.items", d)
    finally:
        w.active.discard(key)


@dataclass(frozen=True)
class Prop:
    schema: Any
    required: bool


def walk_properties(w: Walk, b: Node, n: Node, path: str, d: Direction) -> None:
    """Properties that travel in this direction (clients do not send readOnly ones)."""
    hidden = "readOnly" if d == "request" else "writeOnly"
    props: list[dict[str, Prop]] = [{}, {}]
    for side, node, found in (("base", b, props[0]), ("new", n, props[1])):
        required = set(node.schema.get("required", []))
        for name, raw in (node.schema.get("properties") or {}).items():
            both = (raw, w.resolve(side, raw))
            if not any(isinstance(x, Mapping) and x.get(hidden) is True for x in both):
                found[name] = Prop(raw, name in required)
    for where, bp, np in each(w, "property", props, f"{path}.properties", Here(w, d)):
        schema(w, bp.schema, np.schema, where, d)


def walk_union(w: Walk, b: Node, n: Node, path: str, d: Direction) -> None:
    """``oneOf``/``anyOf`` as sets of branches; a plain side is a one-branch set."""
    kw = n.union_kw if n.union is not None else b.union_kw
    old = list(b.union) if b.union is not None else [replace(b, ref=None, nullable=False)]
    new = list(n.union) if n.union is not None else [replace(n, ref=None, nullable=False)]
    olds, news = [view(w, "base", x) for x in old], [view(w, "new", x) for x in new]
    open_enum = _is_open(olds) and _is_open(news)
    matched, free_old, free_new = [], list(range(len(old))), list(range(len(new)))
    # Branches pair up by the name of their $ref first (never by a missing one), then by shape.
    for key in (lambda x: _ref_name(x.ref), lambda x: (x.types, _allowed(x.schema) is None)):
        for i in list(free_old):
            j = next((j for j in free_new if key(olds[i]) == key(news[j]) is not None), None)
            if j is not None:
                matched.append((i, j))
                free_old.remove(i)
                free_new.remove(j)
    lone = [(i, olds[i], True) for i in free_old] + [(j, news[j], False) for j in free_new]
    for k, x, removed in lone:
        name = f"{kw} branch {_ref_name(x.ref) or _fmt(x.types)}"
        b_x, n_x = (x, None) if removed else (None, x)
        visit(w, "branch", b_x, n_x, f"{path}.{kw}[{k}]", Here(w, d, name=name))
    for i, j in sorted(matched, key=lambda p: p[1]):
        schema(w, old[i], new[j], f"{path}.{kw}[{j}]", d, open_enum)


# -- checks: one small function each, yielding (rule id, path below, message) ------------------


@dataclass(frozen=True)
class Presence:
    """An element that may be on one side only: ``<rule>-removed`` / ``<rule>-added``.

    With ``required``, a pair is ``<rule>-became-required`` / ``<rule>-became-optional`` when
    that changes, and (with ``split``) an added element is ``required-<rule>-added`` or
    ``optional-<rule>-added``.
    """

    rule: str
    label: str
    required: Callable[[Any], bool] | None = None
    split: bool = True

    def __call__(self, b: Any, n: Any, here: Here) -> Iterator[Finding]:
        name = self.label.format(name=here.name, direction=here.direction)
        now = None if self.required is None or n is None else self.required(n)
        if n is None:
            yield f"{self.rule}-removed", "", f"{name} removed"
        elif b is None:
            which = "" if now is None or not self.split else "required " if now else "optional "
            yield f"{which.replace(' ', '-')}{self.rule}-added", "", f"{which}{name} added"
        elif self.required is not None and self.required(b) != now:
            said = "became required" if now else "no longer required"
            yield f"{self.rule}-became-{'required' if now else 'optional'}", "", f"{name} {said}"


def _required_key(element: Mapping[str, Any]) -> bool:
    return bool(element.get("required"))


def server_variables(b: Any, n: Any, here: Here) -> Iterator[Finding]:
    new_vars = n.get("variables") or {}
    for name, old in (b.get("variables") or {}).items():
        new, where = new_vars.get(name), f".variables.{name}"
        if new is None:
            yield "server-variable-removed", where, f"server variable '{name}' removed"
            continue
        old_enum, new_enum = old.get("enum"), new.get("enum")
        lost = [v for v in (old_enum or []) if v not in (new_enum or [])]
        if new_enum is not None and (old_enum is None or lost):
            message = f"server variable '{name}' no longer accepts {lost or 'any value'}"
            yield "server-variable-narrowed", where, message
        if old.get("default") != new.get("default"):
            message = f"default changed from {old.get('default')!r} to {new.get('default')!r}"
            yield "server-variable-default-changed", where, message


def security_scheme_changed(b: Any, n: Any, here: Here) -> Iterator[Finding]:
    for key in ("type", "scheme", "in", "name", "openIdConnectUrl"):
        old, new = b.get(key), n.get(key)
        # HTTP auth scheme names are case-insensitive
        if (str(old).lower() != str(new).lower()) if key == "scheme" else old != new:
            yield "security-scheme-changed", "", f"{key} changed from {old!r} to {new!r}"
    new_flows = n.get("flows") or {}
    for flow, old_flow in (b.get("flows") or {}).items():
        new_flow, where = new_flows.get(flow), f".flows.{flow}"
        if new_flow is None:
            yield "security-scheme-changed", where, f"OAuth flow '{flow}' removed"
            continue
        for key in ("authorizationUrl", "tokenUrl"):
            if old_flow.get(key) != new_flow.get(key):
                yield "security-scheme-changed", where, f"{key} changed"
        lost = set(old_flow.get("scopes") or {}) - set(new_flow.get("scopes") or {})
        if lost:
            yield "security-scheme-changed", where, f"scopes removed: {', '.join(sorted(lost))}"


def operation_id(b: Op, n: Op, here: Here) -> Iterator[Finding]:
    old, new = b.operation.get("operationId"), n.operation.get("operationId")
    if old != new:
        rule = "operation-id-changed" if old is not None else "operation-id-added"
        yield rule, "operationId", f"operationId changed from {old!r} to {new!r}"


def operation_deprecated(b: Op, n: Op, here: Here) -> Iterator[Finding]:
    if n.operation.get("deprecated") and not b.operation.get("deprecated"):
        yield "operation-deprecated", "deprecated", "operation deprecated"


def operation_security(b: Op, n: Op, here: Here) -> Iterator[Finding]:
    """A client met one old alternative; it must still meet some new one.

    No requirement at all is the anonymous alternative; a client that meets ``alt`` meets
    ``other`` when ``other`` asks for no scheme and no scope beyond ``alt``'s.
    """
    old, new = (
        [{k: frozenset(v or []) for k, v in alt.items()} for alt in requirements or [{}]]
        for requirements in (
            b.operation.get("security", here.walk.docs["base"].get("security")),
            n.operation.get("security", here.walk.docs["new"].get("security")),
        )
    )
    for alt in old:
        if not any(all(k in alt and v <= alt[k] for k, v in other.items()) for other in new):
            message = f"requests authorised with {_fmt_alt(alt)} are no longer accepted"
            yield "security-requirement-changed", "security", message
    for alt in new:
        if alt not in old:
            yield "security-alternative-added", "security", f"alternative {_fmt_alt(alt)} added"


def parameter_style(b: Any, n: Any, here: Here) -> Iterator[Finding]:
    old, new = _serialization(b), _serialization(n)
    if old != new:
        yield "parameter-style-changed", "", f"serialization changed from {old} to {new}"


def nullability(b: Node, n: Node, here: Here) -> Iterator[Finding]:
    free = [x.types is None and x.union is None and not x.nullable for x in (b, n)]
    if not any(free) and b.nullable != n.nullable:
        if n.nullable:
            yield "nullable-added", "", "became nullable"
        else:
            yield "nullable-removed", "", "no longer nullable"


def types(b: Node, n: Node, here: Here) -> Iterator[Finding]:
    if b.types is None and n.types is not None:
        yield "type-narrowed", "", f"type restricted to {_fmt(n.types)}"
    elif n.types is None and b.types is not None:
        yield "type-widened", "", f"type {_fmt(b.types)} lifted"
    elif b.types is not None and n.types is not None:
        lost = {t for t in b.types if not _covered(t, n.types)}
        gained = {t for t in n.types if not _covered(t, b.types)}
        if lost or gained:
            effect: Effect = "both" if lost and gained else "narrow" if lost else "widen"
            message = f"type {PAST[effect]} from {_fmt(b.types)} to {_fmt(n.types)}"
            yield f"type-{PAST[effect]}", "", message


def enum_values(b: Node, n: Node, here: Here) -> Iterator[Finding]:
    """``enum`` and ``const`` (a one-value enum); null is left to the nullability check."""
    old, new = _allowed(b.schema), _allowed(n.schema)
    if old is None and new is not None:
        yield "enum-narrowed", "", f"values restricted to {_fmt(new)}"
    elif new is None and old is not None:
        yield "enum-widened", "", f"value restriction {_fmt(old)} lifted"
    elif old is not None and new is not None:
        # In an open enum the listed values only document the known ones: the plain sibling
        # branch accepts the rest, so neither direction can break.
        suffix = " (open enum)" if here.open_enum else ""
        for value in [v for v in old if v not in new]:
            rule = "open-enum-value-changed" if here.open_enum else "enum-value-removed"
            yield rule, "", f"value {value} no longer listed{suffix}"
        for value in [v for v in new if v not in old]:
            rule = "open-enum-value-changed" if here.open_enum else "enum-value-added"
            yield rule, "", f"value {value} added{suffix}"


def keywords(b: Node, n: Node, here: Here) -> Iterator[Finding]:
    """Bounds, ``pattern``, ``format`` and ``multipleOf``: added narrows, removed widens."""
    for key in (*LOWER_BOUNDS, *UPPER_BOUNDS, "pattern", "format", "multipleOf"):
        old, new = b.schema.get(key), n.schema.get(key)
        bound = key in LOWER_BOUNDS + UPPER_BOUNDS
        if bound:  # a bound that is not a number bounds nothing
            old, new = _number(old), _number(new)
        if old == new:
            continue
        effect: Effect = "both"
        if old is None or new is None:
            effect = "narrow" if old is None else "widen"
            message = f"{key} {new!r} added" if old is None else f"{key} {old!r} removed"
        elif bound:
            effect = "narrow" if (new > old) == (key in LOWER_BOUNDS) else "widen"
            message = f"{key} {'raised' if new > old else 'lowered'} from {old} to {new}"
        else:
            message = f"{key} changed from {old!r} to {new!r}"
            if (old, new) in WIDER_FORMATS or _divides(new, old):
                effect = "widen"
            elif (new, old) in WIDER_FORMATS or _divides(old, new):
                effect = "narrow"
        yield f"{'bound' if bound else key.lower()}-{PAST[effect]}", "", message


def unique_items(b: Node, n: Node, here: Here) -> Iterator[Finding]:
    old, new = b.schema.get("uniqueItems") is True, n.schema.get("uniqueItems") is True
    if old != new:
        message = "items must now be unique" if new else "items may now repeat"
        yield f"unique-items-{'added' if new else 'removed'}", "", message


def additional_properties(b: Node, n: Node, here: Here) -> Iterator[Finding]:
    rank = {"closed": 0, "schema": 1, "open": 2}
    old = _additional_kind(b.schema.get("additionalProperties", True))
    new = _additional_kind(n.schema.get("additionalProperties", True))
    if old != new:
        rule = "additional-properties-" + ("widened" if rank[new] > rank[old] else "narrowed")
        yield rule, ".additionalProperties", f"additionalProperties changed from {old} to {new}"


def default(b: Node, n: Node, here: Here) -> Iterator[Finding]:
    """What the server assumes when the value is left out (a parameter's or a property's)."""
    had, has = "default" in b.schema, "default" in n.schema
    old, new = b.schema.get("default"), n.schema.get("default")
    if had and has and (old != new or isinstance(old, bool) != isinstance(new, bool)):
        yield "default-changed", "", f"default changed from {old!r} to {new!r}"
    elif had and not has:
        yield "default-removed", "", f"default {old!r} removed"
    elif has and not had:
        yield "default-added", "", f"default {new!r} added"


# -- helpers -----------------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def _is_null(target: Any) -> bool:
    return isinstance(target, Mapping) and (
        _as_list(target.get("type")) == ["null"] or ("const" in target and target["const"] is None)
    )


def _covered(t: str, among: frozenset[str]) -> bool:
    return t in among or (t == "integer" and "number" in among)


def _allowed(schema: Mapping[str, Any]) -> dict[str, Any] | None:
    """Allowed values keyed by canonical JSON, or None when any value is allowed."""
    if "const" in schema:
        values = [schema["const"]]
    elif isinstance(schema.get("enum"), list):
        values = schema["enum"]
    else:
        return None
    return {json.dumps(v, sort_keys=True, default=str): v for v in values if v is not None}


def _is_open(views: Sequence[Node]) -> bool:
    """True if an enum branch sits next to a branch of the same type without values."""
    closed = [v.types for v in views if _allowed(v.schema) is not None and v.types]
    plain = [v.types for v in views if _allowed(v.schema) is None and v.types is not None]
    return any(c <= p for c in closed for p in plain if c is not None)


def _number(value: Any) -> float | int | None:
    return None if isinstance(value, bool) or not isinstance(value, int | float) else value


def _divides(small: Any, big: Any) -> bool:
    """True if every multiple of ``big`` is a multiple of ``small`` (multipleOf only)."""
    a, b = _number(small), _number(big)
    return a is not None and b is not None and a != 0 and float(b / a).is_integer()


def _additional_kind(value: Any) -> str:
    return "closed" if value is False else "open" if value is True or value == {} else "schema"


def _ref_name(ref: str | None) -> str | None:
    return ref.rsplit("/", 1)[-1] if ref else None


def _fmt(values: Any) -> str:
    return "any" if values is None else "|".join(sorted(values)) if values else "nothing"


def _param_required(p: Mapping[str, Any]) -> bool:
    return p.get("in") == "path" or p.get("required") is True


def _param_schema(p: Mapping[str, Any]) -> Any:
    if "schema" in p:
        return p["schema"]
    for media in (p.get("content") or {}).values():
        return media.get("schema", {})
    return {}


def _serialization(p: Mapping[str, Any]) -> str:
    style = p.get("style", DEFAULT_STYLE.get(str(p.get("in")), "form"))
    explode = p.get("explode", style == "form")
    return f"style={style}, explode={str(bool(explode)).lower()}"


def _fmt_alt(alt: Mapping[str, frozenset[str]]) -> str:
    parts = (f"{k}[{','.join(sorted(v))}]" if v else k for k, v in sorted(alt.items()))
    return " + ".join(parts) or "no credentials"


# -- the table: every rule with its id and its level on the request and the response side ------


@dataclass(frozen=True)
class Rule:
    id: str
    scope: str
    check: Check
    request: Level  # the level of a change met on the request side (or outside any schema)
    response: Level  # on the response side


def rules(scope: str, check: Check, *rows: str) -> tuple[Rule, ...]:
    """The rules one check finds, each row ``<id> <level>``; a schema rule's level is
    ``REQUEST/RESPONSE``: ``ERR/INFO`` when a narrowing breaks (requests), ``INFO/ERR`` when a
    widening does (responses)."""
    made = []
    for row in rows:
        rule_id, level = row.split()
        request, _, response = level.partition("/")
        assert {request, response or request} <= {"ERR", "WARN", "INFO"}, f"bad level: {row}"
        made.append(Rule(rule_id, scope, check, request, response or request))  # type: ignore[arg-type]
    return tuple(made)


RULES: tuple[Rule, ...] = (
    *rules("server", Presence("server", "server {name}"),
           "server-removed ERR", "server-added INFO"),
    *rules("server", server_variables, "server-variable-removed ERR",
           "server-variable-narrowed ERR", "server-variable-default-changed WARN"),
    *rules("security-scheme", Presence("security-scheme", "security scheme '{name}'"),
           "security-scheme-removed ERR", "security-scheme-added INFO"),
    *rules("security-scheme", security_scheme_changed, "security-scheme-changed ERR"),
    *rules("operation", Presence("operation", "operation"),
           "operation-removed ERR", "operation-added INFO"),
    *rules("operation", operation_id, "operation-id-changed ERR", "operation-id-added INFO"),
    *rules("operation", operation_deprecated, "operation-deprecated INFO"),
    *rules("operation", operation_security,
           "security-requirement-changed ERR", "security-alternative-added INFO"),
    *rules("parameter", Presence("parameter", "{name}", _param_required),
           "parameter-removed ERR", "required-parameter-added ERR", "optional-parameter-added INFO",
           "parameter-became-required ERR", "parameter-became-optional INFO"),
    *rules("parameter", parameter_style, "parameter-style-changed ERR"),
    *rules("request-body", Presence("request-body", "request body", _required_key),
           "request-body-removed ERR", "required-request-body-added ERR",
           "optional-request-body-added INFO", "request-body-became-required ERR",
           "request-body-became-optional INFO"),
    *rules("media-type", Presence("media-type", "{direction} media type '{name}'"),
           "media-type-removed ERR", "media-type-added INFO"),
    *rules("response", Presence("response", "response {name}"),
           "response-removed ERR", "response-added INFO"),
    *rules("header",
           Presence("response-header", "response header '{name}'", _required_key, split=False),
           "response-header-removed ERR", "response-header-added INFO",
           "response-header-became-optional ERR", "response-header-became-required INFO"),
    *rules("nullability", nullability, "nullable-removed ERR/INFO", "nullable-added INFO/ERR"),
    *rules("schema", types, "type-narrowed ERR/INFO", "type-widened INFO/ERR", "type-changed ERR"),
    *rules("schema", enum_values, "enum-narrowed ERR/INFO", "enum-widened INFO/ERR",
           "enum-value-removed ERR/INFO", "enum-value-added INFO/ERR",
           "open-enum-value-changed INFO"),
    *rules("schema", keywords, "bound-narrowed ERR/INFO", "bound-widened INFO/ERR",
           "pattern-narrowed ERR/INFO", "pattern-widened INFO/ERR", "pattern-changed ERR",
           "format-narrowed ERR/INFO", "format-widened INFO/ERR", "format-changed ERR",
           "multipleof-narrowed ERR/INFO", "multipleof-widened INFO/ERR", "multipleof-changed ERR"),
    *rules("schema", unique_items, "unique-items-added ERR/INFO", "unique-items-removed INFO/ERR"),
    *rules("schema", additional_properties, "additional-properties-narrowed ERR/INFO",
           "additional-properties-widened INFO/ERR"),
    *rules("schema", default,
           "default-changed ERR/INFO", "default-added WARN/INFO", "default-removed WARN/INFO"),
    *rules("property", Presence("property", "property '{name}'", lambda p: p.required),
           "property-removed ERR", "required-property-added ERR/INFO",
           "optional-property-added INFO", "property-became-required ERR/INFO",
           "property-became-optional INFO/ERR"),
    *rules("branch", Presence("union-branch", "{name}"),
           "union-branch-removed ERR/INFO", "union-branch-added INFO/ERR"),
)  # fmt: skip
BY_ID = {rule.id: rule for rule in RULES}
CHECKS = {r.scope: list(dict.fromkeys(x.check for x in RULES if x.scope == r.scope)) for r in RULES}
