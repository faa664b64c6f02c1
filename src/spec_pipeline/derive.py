"""A variant of the spec: the source with overlays applied strictly, validated before and after.

The client build and the published spec are both made this way; an error names the file and
the place (the JSON path of an invalid node, or the overlay action that failed).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from spec_pipeline.yamlio import DocumentError, load_document


class DeriveError(Exception):
    """The source, an overlay or the result is not usable; the message says where."""


def validate_spec(document: Any, name: str) -> None:
    # Imported here: the validator takes most of a second to import, which the client build
    # overlaps with the generator (see generate.py).
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    try:
        validate(document)
    except OpenAPIValidationError as exc:
        where = "/".join(str(part) for part in exc.path) or "(document root)"
        raise DeriveError(f"{name}: invalid OpenAPI at {where}: {exc.message}") from None


def overlay_spec(spec: Path, overlays: Sequence[Path]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(source, result): the source spec and the result of `overlays` applied in order, not
    validated yet (see `validate_both`)."""
    # Imported here, like the validator: the client build starts the generator first.
    from spec_pipeline.overlay import OverlayError, apply_overlays, load_overlay

    try:
        source = load_document(spec)
    except DocumentError as exc:
        raise DeriveError(str(exc)) from None
    if not isinstance(source, dict):
        raise DeriveError(f"{spec}: not an OpenAPI document (top level is not a mapping)")
    try:
        loaded = [load_overlay(path) for path in overlays]
        result = apply_overlays(source, loaded, sources=[str(path) for path in overlays])
    except (OverlayError, DocumentError) as exc:
        raise DeriveError(f"overlay failed:\n{exc}") from None
    return source, result


def validate_both(
    spec: Path, overlays: Sequence[Path], source: dict[str, Any], result: dict[str, Any]
) -> None:
    """The source first, so that a mistake in it is named there and not in the result."""
    validate_spec(source, str(spec))
    validate_spec(result, f"{spec} with {', '.join(map(str, overlays))}")


def derive_spec(spec: Path, overlays: Sequence[Path]) -> dict[str, Any]:
    """The source spec with `overlays` applied in order; both ends validated."""
    source, result = overlay_spec(spec, overlays)
    validate_both(spec, overlays, source, result)
    return result
