"""Direction-aware breaking-change check between two OpenAPI 3.1 documents.

One principle decides every schema verdict.  A request schema (the client
writes, the server reads) must keep accepting what it accepted before, so a
*narrowing* breaks clients.  A response schema (the server writes, the client
reads) must not produce anything it could not produce before, so a *widening*
breaks clients.  The schema walker only classifies each difference as a
narrowing, a widening or both; the direction turns that into a severity.

Two deliberate exceptions follow common API practice: a new response property
is non-breaking (clients ignore unknown fields), and a removed request property
is breaking (clients still send it).  A value added to a response enum is
breaking unless the enum is *open*: it sits in a ``oneOf``/``anyOf`` next to a
branch of the same type without ``enum``/``const``.

Documentation-only keywords (description, summary, title, example(s),
externalDocs, ``x-*``) are never compared, so they never produce changes.

``oneOf``/``anyOf`` are compared as sets of branches, paired by ``$ref`` name and
then by (type, has enum); a removed branch is a narrowing, an added one a widening.
A union with a ``null`` branch and one other branch is that branch made nullable.

Not compared: ``not``, ``if``/``then``/``else``, ``prefixItems``,
``patternProperties``, ``discriminator``, callbacks, webhooks, links, and
path- or operation-level ``servers``.  Only local ``$ref``s are followed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from spec_pipeline import document as openapi
from spec_pipeline.errors import PipelineError

Severity = Literal["breaking", "non-breaking"]
Direction = Literal["request", "response"]
Effect = Literal["narrow", "widen", "both"]

BREAKING: Severity = "breaking"
NON_BREAKING: Severity = "non-breaking"
DOCUMENT = "(document)"
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
# Format changes that only enlarge the value space; the reverse narrows it.
WIDER_FORMATS = {("int32", "int64"), ("float", "double")}
DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


@dataclass(frozen=True)
class Change:
    kind: str
    severity: Severity
    operation: str
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Report:
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.severity == BREAKING]

    @property
    def non_breaking(self) -> list[Change]:
        return [c for c in self.changes if c.severity == NON_BREAKING]

    @property
    def has_breaking(self) -> bool:
        return any(c.severity == BREAKING for c in self.changes)


def compare(base: Mapping[str, Any], new: Mapping[str, Any]) -> Report:
    """Changes from ``base`` to ``new``, judged from an existing client's point of view."""
    return Report(_Walker(base, new).run())


@dataclass(frozen=True)
class _Node:
    """A schema with its top-level ``$ref`` followed, ``allOf`` merged and null split off."""

    schema: Mapping[str, Any]
    ref: str | None = None
    types: frozenset[str] | None = None  # without "null"; None means no type constraint
    nullable: bool = False
    union: tuple[Any, ...] | None = None  # oneOf/anyOf branches other than the null branch
    union_kw: str = "oneOf"


@dataclass(frozen=True)
class _Op:
    path: str
    method: str
    item: Mapping[str, Any]
    op: Mapping[str, Any]

    @property
    def label(self) -> str:
        op_id = self.op.get("operationId")
        suffix = f" ({op_id})" if op_id else ""
        return f"{self.method.upper()} {self.path}{suffix}"


class _Walker:
    def __init__(self, base: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.docs = {"base": base, "new": new}
        self.changes: list[Change] = []
        self.op = DOCUMENT
        # (base ref, new ref, direction) pairs on the current descent: cuts $ref cycles.
        self.active: set[tuple[str | None, str | None, Direction]] = set()

    # -- reporting -------------------------------------------------------------------------

    def emit(self, kind: str, severity: Severity, path: str, message: str) -> None:
        self.changes.append(Change(kind, severity, self.op, path, message))

    def effect(self, kind: str, effect: Effect, path: str, message: str, d: Direction) -> None:
        breaks = (
            effect == "both"
            or (effect == "narrow" and d == "request")
            or (effect == "widen" and d == "response")
        )
        self.emit(kind, BREAKING if breaks else NON_BREAKING, path, message)

    # -- references and schema views -------------------------------------------------------

    def resolve(self, side: str, obj: Any) -> tuple[Any, str | None]:
        """Follow a chain of local ``$ref``s; returns the target and the first ref."""
        return openapi.resolve(self.docs[side], obj, f"{side} document")

    def view(self, side: str, schema: Any) -> _Node:
        if isinstance(schema, _Node):
            return schema
        target, ref = self.resolve(side, schema)
        if target is True or target is None:
            target = {}
        if not isinstance(target, Mapping):
            raise PipelineError(f"{side} document: not a schema: {target!r} ({ref or 'inline'})")
        if "allOf" in target:
            target = self.flatten(side, target, frozenset({ref} if ref else ()))
        raw_types = target.get("type")
        types = None if raw_types is None else frozenset(_as_list(raw_types))
        nullable = target.get("nullable") is True or (types is not None and "null" in types)
        types = None if types is None else types - {"null"}
        for kw in ("oneOf", "anyOf"):
            branches = target.get(kw)
            if not isinstance(branches, list):
                continue
            rest = [b for b in branches if not self.is_null(side, b)]
            nullable = nullable or len(rest) < len(branches)
            if len(rest) == 1:  # `oneOf: [X, {type: 'null'}]` is just a nullable X
                inner = self.view(side, rest[0])
                return replace(inner, nullable=inner.nullable or nullable)
            return _Node(target, ref, types, nullable, tuple(rest), kw)
        return _Node(target, ref, types, nullable)

    def is_null(self, side: str, schema: Any) -> bool:
        target, _ = self.resolve(side, schema)
        return isinstance(target, Mapping) and (
            _as_list(target.get("type")) == ["null"]
            or ("const" in target and target["const"] is None)
        )

    def flatten(
        self, side: str, schema: Mapping[str, Any], expanding: frozenset[str]
    ) -> dict[str, Any]:
        """Merge ``allOf`` members into one schema (recursive ``allOf`` stops expanding)."""
        parts: list[Mapping[str, Any]] = [{k: v for k, v in schema.items() if k != "allOf"}]
        for member in schema["allOf"]:
            target, ref = self.resolve(side, member)
            if ref is not None and ref in expanding:
                continue
            if isinstance(target, Mapping) and "allOf" in target:
                target = self.flatten(side, target, expanding | ({ref} if ref else set()))
            if isinstance(target, Mapping):
                parts.append(target)
        merged: dict[str, Any] = {}
        for part in parts:
            _merge_into(merged, part)
        return merged

    # -- schemas ---------------------------------------------------------------------------

    def schema(
        self, b_raw: Any, n_raw: Any, path: str, d: Direction, open_enum: bool = False
    ) -> None:
        b, n = self.view("base", b_raw), self.view("new", n_raw)
        key = (b.ref, n.ref, d)
        if b.ref or n.ref:
            if key in self.active:
                return
            self.active.add(key)
        try:
            self.schema_body(b, n, path, d, open_enum)
        finally:
            self.active.discard(key)

    def schema_body(self, b: _Node, n: _Node, path: str, d: Direction, open_enum: bool) -> None:
        if not (_unconstrained(b) or _unconstrained(n)) and b.nullable != n.nullable:
            widen = n.nullable
            message = "became nullable" if widen else "no longer nullable"
            self.effect("nullable-changed", "widen" if widen else "narrow", path, message, d)
        if b.union is not None or n.union is not None:
            self.union(b, n, path, d)
            if b.union is None or n.union is None:
                return  # the plain side was compared as a branch; do not compare it twice
        # Keywords next to a oneOf/anyOf (shared properties, say) apply to every branch.
        self.types(b, n, path, d)
        self.values(b, n, path, d, open_enum)
        self.bounds(b, n, path, d)
        self.keywords(b, n, path, d)
        self.objects(b, n, path, d)
        if "items" in b.schema or "items" in n.schema:
            self.schema(b.schema.get("items", {}), n.schema.get("items", {}), f"{path}.items", d)

    def types(self, b: _Node, n: _Node, path: str, d: Direction) -> None:
        if b.types == n.types:
            return
        if b.types is None:
            self.effect("type-changed", "narrow", path, f"type restricted to {_fmt(n.types)}", d)
            return
        if n.types is None:
            self.effect("type-changed", "widen", path, f"type {_fmt(b.types)} lifted", d)
            return
        lost = {t for t in b.types if not _covered(t, n.types)}
        gained = {t for t in n.types if not _covered(t, b.types)}
        change = f"from {_fmt(b.types)} to {_fmt(n.types)}"
        if lost and gained:
            self.effect("type-changed", "both", path, f"type changed {change}", d)
        elif lost:
            self.effect("type-changed", "narrow", path, f"type narrowed {change}", d)
        elif gained:
            self.effect("type-changed", "widen", path, f"type widened {change}", d)

    def values(self, b: _Node, n: _Node, path: str, d: Direction, open_enum: bool) -> None:
        """``enum`` and ``const`` (a one-value enum); null is left to the nullability check."""
        old, new = _allowed(b.schema), _allowed(n.schema)
        if old is None and new is None:
            return
        if old is None:
            self.effect("enum-changed", "narrow", path, f"values restricted to {_fmt(new)}", d)
        elif new is None:
            self.effect("enum-changed", "widen", path, f"value restriction {_fmt(old)} lifted", d)
        else:
            # In an open enum the listed values only document the known ones: the plain
            # sibling branch accepts the rest, so neither direction can break.
            suffix = " (open enum)" if open_enum else ""
            for value in [v for v in old if v not in new]:
                message = f"value {value} no longer listed{suffix}"
                if open_enum:
                    self.emit("enum-value-removed", NON_BREAKING, path, message)
                else:
                    self.effect("enum-value-removed", "narrow", path, message, d)
            for value in [v for v in new if v not in old]:
                message = f"value {value} added{suffix}"
                if open_enum:
                    self.emit("enum-value-added", NON_BREAKING, path, message)
                else:
                    self.effect("enum-value-added", "widen", path, message, d)

    def bounds(self, b: _Node, n: _Node, path: str, d: Direction) -> None:
        for key in LOWER_BOUNDS + UPPER_BOUNDS:
            old, new = _number(b.schema.get(key)), _number(n.schema.get(key))
            if old == new:
                continue
            if old is None:
                self.effect(f"{key}-changed", "narrow", path, f"{key} {new} added", d)
            elif new is None:
                self.effect(f"{key}-changed", "widen", path, f"{key} {old} removed", d)
            else:
                tighter = new > old if key in LOWER_BOUNDS else new < old
                verb = "raised" if new > old else "lowered"
                message = f"{key} {verb} from {old} to {new}"
                self.effect(f"{key}-changed", "narrow" if tighter else "widen", path, message, d)

    def keywords(self, b: _Node, n: _Node, path: str, d: Direction) -> None:
        for key in ("pattern", "format", "multipleOf"):
            old, new = b.schema.get(key), n.schema.get(key)
            if old == new:
                continue
            effect: Effect = "both"
            if old is None:
                effect, message = "narrow", f"{key} {new!r} added"
            elif new is None:
                effect, message = "widen", f"{key} {old!r} removed"
            else:
                message = f"{key} changed from {old!r} to {new!r}"
                if (old, new) in WIDER_FORMATS or _divides(new, old):
                    effect = "widen"
                elif (new, old) in WIDER_FORMATS or _divides(old, new):
                    effect = "narrow"
            self.effect(f"{key}-changed", effect, path, message, d)
        old_unique, new_unique = (
            bool(b.schema.get("uniqueItems")),
            bool(n.schema.get("uniqueItems")),
        )
        if old_unique != new_unique:
            effect = "narrow" if new_unique else "widen"
            message = "items must now be unique" if new_unique else "items may now repeat"
            self.effect("uniqueItems-changed", effect, path, message, d)

    def objects(self, b: _Node, n: _Node, path: str, d: Direction) -> None:
        old_props, new_props = self.properties("base", b, d), self.properties("new", n, d)
        old_req, new_req = set(b.schema.get("required", [])), set(n.schema.get("required", []))
        for name, old in old_props.items():
            where = f"{path}.properties.{name}"
            if name not in new_props:
                self.emit("property-removed", BREAKING, where, f"property '{name}' removed")
                continue
            if name in old_req and name not in new_req:
                self.effect("required-changed", "widen", where, f"'{name}' no longer required", d)
            elif name not in old_req and name in new_req:
                self.effect("required-changed", "narrow", where, f"'{name}' became required", d)
            self.schema(old, new_props[name], where, d)
        for name in [name for name in new_props if name not in old_props]:
            required = name in new_req
            severity = BREAKING if required and d == "request" else NON_BREAKING
            adjective = "required" if required else "optional"
            message = f"{adjective} property '{name}' added"
            self.emit("property-added", severity, f"{path}.properties.{name}", message)
        self.additional(b, n, path, d)

    def properties(self, side: str, node: _Node, d: Direction) -> dict[str, Any]:
        """Properties that travel in this direction (readOnly ones are not sent by clients)."""
        hidden = "readOnly" if d == "request" else "writeOnly"
        result = {}
        for name, raw in (node.schema.get("properties") or {}).items():
            target, _ = self.resolve(side, raw)
            if not (_flag(raw, hidden) or _flag(target, hidden)):
                result[name] = raw
        return result

    def additional(self, b: _Node, n: _Node, path: str, d: Direction) -> None:
        old, new = (
            b.schema.get("additionalProperties", True),
            n.schema.get("additionalProperties", True),
        )
        rank = {"closed": 0, "schema": 1, "open": 2}
        old_kind, new_kind = _additional_kind(old), _additional_kind(new)
        where = f"{path}.additionalProperties"
        if old_kind == new_kind == "schema":
            self.schema(old, new, where, d)
        elif old_kind != new_kind:
            effect: Effect = "widen" if rank[new_kind] > rank[old_kind] else "narrow"
            message = f"additionalProperties changed from {old_kind} to {new_kind}"
            self.effect("additionalProperties-changed", effect, where, message, d)

    def union(self, b: _Node, n: _Node, path: str, d: Direction) -> None:
        """Compare ``oneOf``/``anyOf`` as sets of branches; a plain side is a one-branch set."""
        kw = n.union_kw if n.union is not None else b.union_kw
        old = list(b.union) if b.union is not None else [replace(b, ref=None, nullable=False)]
        new = list(n.union) if n.union is not None else [replace(n, ref=None, nullable=False)]
        open_enum = self.is_open("base", old) and self.is_open("new", new)
        pairs, removed, added = self.match(old, new)
        for i in removed:
            label = self.branch_label("base", old[i])
            message = f"{kw} branch {label} removed"
            self.effect("union-branch-removed", "narrow", f"{path}.{kw}[{i}]", message, d)
        for j in added:
            label = self.branch_label("new", new[j])
            message = f"{kw} branch {label} added"
            self.effect("union-branch-added", "widen", f"{path}.{kw}[{j}]", message, d)
        for i, j in pairs:
            self.schema(old[i], new[j], f"{path}.{kw}[{j}]", d, open_enum)

    def match(
        self, old: Sequence[Any], new: Sequence[Any]
    ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
        """Pair branches by ``$ref`` first, then by (type, has enum) in order."""
        olds = [self.view("base", x) for x in old]
        news = [self.view("new", x) for x in new]
        pairs: list[tuple[int, int]] = []
        free_old, free_new = list(range(len(old))), list(range(len(new)))

        def same_ref(a: _Node, b: _Node) -> bool:
            return a.ref is not None and _ref_name(a.ref) == _ref_name(b.ref)

        def same_shape(a: _Node, b: _Node) -> bool:
            return (a.types, _allowed(a.schema) is None) == (b.types, _allowed(b.schema) is None)

        for same in (same_ref, same_shape):
            for i in list(free_old):
                j = next((j for j in free_new if same(olds[i], news[j])), None)
                if j is not None:
                    pairs.append((i, j))
                    free_old.remove(i)
                    free_new.remove(j)
        return sorted(pairs, key=lambda p: p[1]), free_old, free_new

    def is_open(self, side: str, branches: Sequence[Any]) -> bool:
        """True if an enum branch sits next to a branch of the same type without values."""
        views = [self.view(side, x) for x in branches]
        closed = [v.types for v in views if _allowed(v.schema) is not None and v.types]
        plain = [v.types for v in views if _allowed(v.schema) is None and v.types is not None]
        return any(c <= p for c in closed for p in plain if c is not None and p is not None)

    def branch_label(self, side: str, branch: Any) -> str:
        node = self.view(side, branch)
        return _ref_name(node.ref) or _fmt(node.types)

    # -- operations ------------------------------------------------------------------------

    def run(self) -> list[Change]:
        self.document()
        old_ops, new_ops = self.operations("base"), self.operations("new")
        for key, old in old_ops.items():
            self.op = old.label
            new = new_ops.get(key)
            if new is None:
                where = f"paths.{old.path}.{old.method}"
                self.emit("operation-removed", BREAKING, where, "operation removed")
            else:
                self.operation(old, new)
        for key, new in new_ops.items():
            if key not in old_ops:
                self.op = new.label
                where = f"paths.{new.path}.{new.method}"
                self.emit("operation-added", NON_BREAKING, where, "operation added")
        return self.changes

    def operations(self, side: str) -> dict[tuple[str, str], _Op]:
        result = {}
        for found in openapi.operations(self.docs[side], f"{side} document"):
            # Path parameter names do not matter on the wire: /a/{id} == /a/{invoiceId}.
            key = (re.sub(r"\{[^}]*\}", "{}", found.path), found.method)
            result[key] = _Op(found.path, found.method, found.item, found.operation)
        return result

    def operation(self, b: _Op, n: _Op) -> None:
        self.op = n.label
        old_id, new_id = b.op.get("operationId"), n.op.get("operationId")
        if old_id != new_id:
            severity = BREAKING if old_id is not None else NON_BREAKING
            message = f"operationId changed from {old_id!r} to {new_id!r}"
            self.emit("operation-id-changed", severity, "operationId", message)
        if n.op.get("deprecated") and not b.op.get("deprecated"):
            self.emit("operation-deprecated", NON_BREAKING, "deprecated", "operation deprecated")
        self.parameters(b, n)
        self.request_body(b, n)
        self.responses(b, n)
        self.security(b, n)

    def params(self, side: str, o: _Op) -> dict[tuple[str, str], Mapping[str, Any]]:
        """Effective parameters; operation level overrides path-item level (by name + in)."""
        names = re.findall(r"\{([^}]*)\}", o.path)
        result: dict[tuple[str, str], Mapping[str, Any]] = {}
        for raw in [*(o.item.get("parameters") or []), *(o.op.get("parameters") or [])]:
            p, _ = self.resolve(side, raw)
            name, loc = str(p.get("name")), str(p.get("in"))
            if loc == "path" and name in names:
                key = (loc, f"#{names.index(name)}")  # matched by position in the template
            else:
                key = (loc, name.lower() if loc == "header" else name)
            result[key] = p
        return result

    def parameters(self, b: _Op, n: _Op) -> None:
        old_params, new_params = self.params("base", b), self.params("new", n)
        for key, old in old_params.items():
            new = new_params.get(key)
            if new is None:
                where = f"parameters.{old['in']}.{old['name']}"
                message = f"{old['in']} parameter '{old['name']}' removed"
                self.emit("parameter-removed", BREAKING, where, message)
                continue
            where = f"parameters.{new['in']}.{new['name']}"
            if _param_required(old) != _param_required(new):
                if _param_required(new):
                    self.emit("parameter-required-changed", BREAKING, where, "became required")
                else:
                    self.emit(
                        "parameter-required-changed", NON_BREAKING, where, "no longer required"
                    )
            if _serialization(old) != _serialization(new):
                message = (
                    f"serialization changed from {_serialization(old)} to {_serialization(new)}"
                )
                self.emit("parameter-style-changed", BREAKING, where, message)
            self.schema(_param_schema(old), _param_schema(new), f"{where}.schema", "request")
        for key, new in new_params.items():
            if key not in old_params:
                required = _param_required(new)
                adjective = "required" if required else "optional"
                message = f"{adjective} {new['in']} parameter '{new['name']}' added"
                where = f"parameters.{new['in']}.{new['name']}"
                self.emit("parameter-added", BREAKING if required else NON_BREAKING, where, message)

    def request_body(self, b: _Op, n: _Op) -> None:
        old = self.resolve("base", b.op["requestBody"])[0] if "requestBody" in b.op else None
        new = self.resolve("new", n.op["requestBody"])[0] if "requestBody" in n.op else None
        if old is None and new is None:
            return
        if old is None:
            assert new is not None
            required = bool(new.get("required"))
            message = f"{'required' if required else 'optional'} request body added"
            severity = BREAKING if required else NON_BREAKING
            self.emit("request-body-added", severity, "requestBody", message)
        elif new is None:
            self.emit("request-body-removed", BREAKING, "requestBody", "request body removed")
        else:
            if bool(old.get("required")) != bool(new.get("required")):
                if new.get("required"):
                    self.emit(
                        "request-body-required-changed", BREAKING, "requestBody", "became required"
                    )
                else:
                    message = "no longer required"
                    self.emit("request-body-required-changed", NON_BREAKING, "requestBody", message)
            self.content(old.get("content"), new.get("content"), "requestBody.content", "request")

    def content(self, old: Any, new: Any, path: str, d: Direction) -> None:
        old, new = old or {}, new or {}
        for media, old_media in old.items():
            if media not in new:
                message = f"{d} media type '{media}' removed"
                self.emit("media-type-removed", BREAKING, f"{path}.{media}", message)
            else:
                old_schema, new_schema = old_media.get("schema", {}), new[media].get("schema", {})
                self.schema(old_schema, new_schema, f"{path}.{media}.schema", d)
        for media in new:
            if media not in old:
                message = f"{d} media type '{media}' added"
                self.emit("media-type-added", NON_BREAKING, f"{path}.{media}", message)

    def responses(self, b: _Op, n: _Op) -> None:
        old = {str(k): v for k, v in (b.op.get("responses") or {}).items()}
        new = {str(k): v for k, v in (n.op.get("responses") or {}).items()}
        for code, old_raw in old.items():
            where = f"responses.{code}"
            if code not in new:
                self.emit("response-removed", BREAKING, where, f"response {code} removed")
                continue
            old_resp, _ = self.resolve("base", old_raw)
            new_resp, _ = self.resolve("new", new[code])
            self.content(
                old_resp.get("content"), new_resp.get("content"), f"{where}.content", "response"
            )
            self.headers(old_resp.get("headers"), new_resp.get("headers"), f"{where}.headers")
        for code in new:
            if code not in old:
                self.emit(
                    "response-added", NON_BREAKING, f"responses.{code}", f"response {code} added"
                )

    def headers(self, old_raw: Any, new_raw: Any, path: str) -> None:
        old = {str(k).lower(): (str(k), v) for k, v in (old_raw or {}).items()}
        new = {str(k).lower(): (str(k), v) for k, v in (new_raw or {}).items()}
        for lower, (name, old_header) in old.items():
            where = f"{path}.{name}"
            if lower not in new:
                message = f"response header '{name}' removed"
                self.emit("response-header-removed", BREAKING, where, message)
                continue
            old_h, _ = self.resolve("base", old_header)
            new_h, _ = self.resolve("new", new[lower][1])
            if bool(old_h.get("required")) != bool(new_h.get("required")):
                widen = not new_h.get("required")
                message = "no longer always sent" if widen else "now always sent"
                self.effect(
                    "response-header-required-changed",
                    "widen" if widen else "narrow",
                    where,
                    message,
                    "response",
                )
            self.schema(_param_schema(old_h), _param_schema(new_h), f"{where}.schema", "response")
        for lower, (name, _) in new.items():
            if lower not in old:
                message = f"response header '{name}' added"
                self.emit("response-header-added", NON_BREAKING, f"{path}.{name}", message)

    def security(self, b: _Op, n: _Op) -> None:
        """A client satisfied one old alternative; it must still satisfy some new one."""
        old = _alternatives(b.op.get("security", self.docs["base"].get("security")))
        new = _alternatives(n.op.get("security", self.docs["new"].get("security")))
        for alt in old:
            if not any(_satisfies(alt, candidate) for candidate in new):
                message = f"requests authorised with {_fmt_alt(alt)} are no longer accepted"
                self.emit("security-changed", BREAKING, "security", message)
        for alt in new:
            if alt not in old:
                message = f"security alternative {_fmt_alt(alt)} added"
                self.emit("security-alternative-added", NON_BREAKING, "security", message)

    # -- document level --------------------------------------------------------------------

    def document(self) -> None:
        self.op = DOCUMENT
        self.servers()
        self.security_schemes()

    def servers(self) -> None:
        old = {s.get("url"): s for s in self.docs["base"].get("servers") or []}
        new = {s.get("url"): s for s in self.docs["new"].get("servers") or []}
        for url, old_server in old.items():
            where = f"servers.{url}"
            if url not in new:
                self.emit("server-removed", BREAKING, where, f"server {url} removed")
                continue
            old_vars = old_server.get("variables") or {}
            new_vars = new[url].get("variables") or {}
            for name, old_var in old_vars.items():
                var_path = f"{where}.variables.{name}"
                new_var = new_vars.get(name)
                if new_var is None:
                    message = f"server variable '{name}' removed"
                    self.emit("server-variable-removed", BREAKING, var_path, message)
                    continue
                old_enum, new_enum = old_var.get("enum"), new_var.get("enum")
                if new_enum is not None:
                    lost = [v for v in (old_enum or []) if v not in new_enum]
                    if old_enum is None or lost:
                        message = (
                            f"server variable '{name}' no longer accepts {lost or 'any value'}"
                        )
                        self.emit("server-variable-narrowed", BREAKING, var_path, message)
                old_default, new_default = old_var.get("default"), new_var.get("default")
                if old_default != new_default:
                    message = f"default changed from {old_default!r} to {new_default!r}"
                    self.emit("server-variable-default-changed", NON_BREAKING, var_path, message)
        for url in new:
            if url not in old:
                self.emit("server-added", NON_BREAKING, f"servers.{url}", f"server {url} added")

    def security_schemes(self) -> None:
        old = (self.docs["base"].get("components") or {}).get("securitySchemes") or {}
        new = (self.docs["new"].get("components") or {}).get("securitySchemes") or {}
        for name, old_raw in old.items():
            where = f"components.securitySchemes.{name}"
            if name not in new:
                message = f"security scheme '{name}' removed"
                self.emit("security-scheme-removed", BREAKING, where, message)
                continue
            old_s, new_s = self.resolve("base", old_raw)[0], self.resolve("new", new[name])[0]
            for key in ("type", "scheme", "in", "name", "openIdConnectUrl"):
                old_v, new_v = old_s.get(key), new_s.get(key)
                if key == "scheme":  # HTTP auth scheme names are case-insensitive
                    old_v, new_v = str(old_v).lower(), str(new_v).lower()
                if old_v != new_v:
                    message = f"{key} changed from {old_s.get(key)!r} to {new_s.get(key)!r}"
                    self.emit("security-scheme-changed", BREAKING, where, message)
            old_flows, new_flows = old_s.get("flows") or {}, new_s.get("flows") or {}
            for flow, old_flow in old_flows.items():
                new_flow = new_flows.get(flow)
                if new_flow is None:
                    message = f"OAuth flow '{flow}' removed"
                    self.emit("security-scheme-changed", BREAKING, f"{where}.flows.{flow}", message)
                    continue
                for key in ("authorizationUrl", "tokenUrl"):
                    if old_flow.get(key) != new_flow.get(key):
                        message = f"{key} changed"
                        self.emit(
                            "security-scheme-changed", BREAKING, f"{where}.flows.{flow}", message
                        )
                lost = set(old_flow.get("scopes") or {}) - set(new_flow.get("scopes") or {})
                if lost:
                    message = f"scopes removed: {', '.join(sorted(lost))}"
                    self.emit("security-scheme-changed", BREAKING, f"{where}.flows.{flow}", message)
        for name in new:
            if name not in old:
                where = f"components.securitySchemes.{name}"
                self.emit(
                    "security-scheme-added", NON_BREAKING, where, f"security scheme '{name}' added"
                )


# -- helpers -------------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _merge_into(merged: dict[str, Any], part: Mapping[str, Any]) -> None:
    """allOf semantics: every member applies, so constraints intersect."""
    for key, value in part.items():
        if key not in merged:
            merged[key] = value
            continue
        old = merged[key]
        if key == "properties":
            props = dict(old)
            for name, schema in value.items():
                props[name] = {"allOf": [props[name], schema]} if name in props else schema
            merged[key] = props
        elif key == "required":
            merged[key] = list(dict.fromkeys([*old, *value]))
        elif key == "type":
            new_types = _as_list(value)
            merged[key] = [t for t in _as_list(old) if _covered(t, frozenset(new_types))]
        elif key == "enum":
            merged[key] = [v for v in old if v in value]
        elif key in LOWER_BOUNDS and _number(old) is not None and _number(value) is not None:
            merged[key] = max(old, value)
        elif key in UPPER_BOUNDS and _number(old) is not None and _number(value) is not None:
            merged[key] = min(old, value)
        else:
            merged[key] = value


def _covered(t: str, types: frozenset[str]) -> bool:
    return t in types or (t == "integer" and "number" in types)


def _unconstrained(node: _Node) -> bool:
    return node.types is None and node.union is None and not node.nullable


def _allowed(schema: Mapping[str, Any]) -> dict[str, Any] | None:
    """Allowed values keyed by canonical JSON, or None when any value is allowed."""
    if "const" in schema:
        values = [schema["const"]]
    elif isinstance(schema.get("enum"), list):
        values = schema["enum"]
    else:
        return None
    return {json.dumps(v, sort_keys=True, default=str): v for v in values if v is not None}


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _divides(small: Any, big: Any) -> bool:
    """True if every multiple of ``big`` is a multiple of ``small`` (multipleOf only)."""
    a, b = _number(small), _number(big)
    return a is not None and b is not None and a != 0 and float(b / a).is_integer()


def _flag(schema: Any, key: str) -> bool:
    return isinstance(schema, Mapping) and schema.get(key) is True


def _additional_kind(value: Any) -> str:
    if value is False:
        return "closed"
    if value is True or value == {}:
        return "open"
    return "schema"


def _ref_name(ref: str | None) -> str | None:
    return ref.rsplit("/", 1)[-1] if ref else None


def _fmt(values: Any) -> str:
    if values is None:
        return "any"
    return "|".join(sorted(values)) if values else "nothing"


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


def _alternatives(requirements: Any) -> list[dict[str, frozenset[str]]]:
    """Security alternatives; no requirement at all is the anonymous alternative."""
    if not requirements:
        return [{}]
    return [{k: frozenset(v or []) for k, v in alt.items()} for alt in requirements]


def _satisfies(old: Mapping[str, frozenset[str]], new: Mapping[str, frozenset[str]]) -> bool:
    """A client that meets ``old`` also meets ``new``."""
    return all(name in old and scopes <= old[name] for name, scopes in new.items())


def _fmt_alt(alt: Mapping[str, frozenset[str]]) -> str:
    if not alt:
        return "no credentials"
    return " + ".join(f"{k}[{','.join(sorted(v))}]" if v else k for k, v in sorted(alt.items()))
