"""The spec variant a live run fuzzes with: small pages.

Unbounded, fuzzed lists ask a live portal for its default page of 1,000 invoices (and the XML
form of it), which makes a run slow for the portal and its reports huge. The variant makes
`count` required with a small maximum, through an overlay applied at run time, so the source
spec stays what the portal does. Only what schemathesis generates changes; the checks still
judge answers and leniency against the source spec.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spec_pipeline.derive import validate_spec
from spec_pipeline.document import load_spec
from spec_pipeline.overlay import apply_overlay

DEFAULT_PAGE = 20


def small_pages_overlay(page: int) -> dict[str, Any]:
    return {
        "overlay": "1.0.0",
        "info": {"title": "Contract runs against a live portal: small pages", "version": "1.0.0"},
        "actions": [
            {
                "target": "$.components.parameters.Count",
                "description": "every generated list request names a small page",
                "update": {
                    "required": True,
                    "example": page,
                    "schema": {"maximum": page, "default": page},
                },
            }
        ],
    }


def write_small_pages_spec(spec: Path, page: int, workdir: Path) -> Path:
    """`spec` with `count` required and at most `page`, written as JSON into `workdir`."""
    document = apply_overlay(load_spec(spec), small_pages_overlay(page), source="small pages")
    validate_spec(document, f"{spec} with small pages")
    out = workdir / "openapi.small-pages.json"
    out.write_text(json.dumps(document), encoding="utf-8")
    return out
