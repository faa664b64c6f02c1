"""An OpenAPI 3.1 document as JSON Schema: resolve local references and validate instances.

The spec's schemas are JSON Schema 2020-12, so the document itself is registered as one resource
and any schema inside it (a component, a media type's inline schema) can be validated against
with its `$ref`s resolved in place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import referencing
import referencing.jsonschema

from spec_pipeline import document as openapi

DOCUMENT_URI = "urn:openapi-document"


class SpecDocument:
    """One OpenAPI 3.1 document and the JSON Schema machinery over it."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        resource = referencing.Resource.from_contents(
            dict(document), default_specification=referencing.jsonschema.DRAFT202012
        )
        self._registry: referencing.Registry[Any] = referencing.Registry().with_resource(
            DOCUMENT_URI, resource
        )

    @classmethod
    def from_path(cls, path: Path) -> SpecDocument:
        return cls(openapi.load_spec(path))

    def resolve(self, node: Any) -> Any:
        """Follow `$ref`s (local ones only) until a node that is not a bare reference."""
        return openapi.resolve(self.document, node)[0]

    def validator(self, schema: Mapping[str, Any]) -> jsonschema.protocols.Validator:
        """A 2020-12 validator (with format checks) for a schema found in this document."""
        wrapped = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        wrapped = _rebase_refs(wrapped)
        return jsonschema.Draft202012Validator(
            wrapped,
            registry=self._registry,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )

    def errors(self, instance: Any, schema: Mapping[str, Any]) -> list[str]:
        """Every validation error of `instance` against `schema`, as readable lines."""
        found = sorted(self.validator(schema).iter_errors(instance), key=lambda e: e.json_path)
        return [f"{error.json_path}: {error.message}" for error in found]

    def operations(self) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
        """(path, method, operation) for every operation."""
        for found in openapi.operations(self.document):
            yield found.path, found.method, found.operation


def _rebase_refs(node: Any) -> Any:
    """Point local `#/...` references at the registered document, whatever the schema's base."""
    if isinstance(node, Mapping):
        return {
            key: DOCUMENT_URI + value
            if key == "$ref" and isinstance(value, str) and value.startswith("#/")
            else _rebase_refs(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rebase_refs(item) for item in node]
    return node
