"""Paths to the Overlay Specification's test material copied under fixtures/."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
OVERLAY_SPEC = FIXTURES / "overlay-spec"
PASS_DOCS = sorted((OVERLAY_SPEC / "tests" / "v1.0" / "pass").glob("*.yaml"))
FAIL_DOCS = sorted((OVERLAY_SPEC / "tests" / "v1.0" / "fail").glob("*.yaml"))
COMPLIANT_SETS = sorted(p for p in (OVERLAY_SPEC / "compliant-sets").iterdir() if p.is_dir())
