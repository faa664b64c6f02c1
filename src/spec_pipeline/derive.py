"""A variant of the spec: the source with overlays applied strictly, validated before and after.

The client build and the published spec are both made this way; an error names the file and
the place (the JSON path of an invalid node, or the overlay action that failed).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from spec_pipeline.overlay import OverlayError, apply_overlays, load_overlay
from spec_pipeline.yamlio import DocumentError, load_document


class DeriveError(Exception):
    """The source, an overlay or the result is not usable; the message says where."""


def validate_spec(document: Any, name: str) -> None:
    try:
        validate(document)
    except OpenAPIValidationError as exc:
        where = "/".join(str(part) for part in exc.path) or "(document root)"
        raise DeriveError(f"{name}: invalid OpenAPI at {where}: {exc.message}") from None


def derive_spec(spec: Path, overlays: Sequence[Path]) -> dict[str, Any]:
    """The source spec with `overlays` applied in order; both ends validated."""
    try:
        source = load_document(spec)
    except DocumentError as exc:
        raise DeriveError(str(exc)) from None
    if not isinstance(source, dict):
        raise DeriveError(f"{spec}: not an OpenAPI document (top level is not a mapping)")
    validate_spec(source, str(spec))
    try:
        loaded = [load_overlay(path) for path in overlays]
        result = apply_overlays(source, loaded, sources=[str(path) for path in overlays])
    except (OverlayError, DocumentError) as exc:
        raise DeriveError(f"overlay failed:\n{exc}") from None
    validate_spec(result, f"{spec} with {', '.join(map(str, overlays))}")
    return result
