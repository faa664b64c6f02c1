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
from referencing.exceptions import Unresolvable

from spec_pipeline.document import check_references, load_spec
from spec_pipeline.errors import PipelineError
from spec_pipeline.jsontree import shorten
from spec_pipeline.overlay import apply_overlays, load_overlay

_MAX_MESSAGE = 300


def validate_spec(document: Any, name: str) -> None:
    """openapi-spec-validator on `document`, its references checked first: the validator would
    follow one to a file or a URL. Its messages quote the invalid node, so they are shortened."""
    check_references(document, name)
    try:
        validate(document)
    except OpenAPIValidationError as exc:
        where = "/".join(str(part) for part in exc.path) or "(document root)"
        raise PipelineError(
            f"{name}: invalid OpenAPI at {where}: {shorten(exc.message, _MAX_MESSAGE)}"
        ) from None
    except Unresolvable as exc:  # check_references lets none through; never a traceback
        raise PipelineError(
            f"{name}: unresolvable reference {shorten(str(exc.ref), _MAX_MESSAGE)}"
        ) from None


def derive_spec(spec: Path, overlays: Sequence[Path]) -> dict[str, Any]:
    """The source spec with `overlays` applied in order. The source is validated first, so that
    a mistake in it is named there and not in the result."""
    source = load_spec(spec)
    validate_spec(source, str(spec))
    loaded = [load_overlay(path) for path in overlays]
    result = apply_overlays(source, loaded, sources=[str(path) for path in overlays])
    validate_spec(result, f"{spec} with {', '.join(map(str, overlays))}")
    return result
