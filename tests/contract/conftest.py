"""Fixtures for the contract tests: the spec as a schemathesis schema, and portals to test."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import schemathesis

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "openapi.yaml"
CONFIG = REPO / "schemathesis.toml"
TOKEN = "contract-admin-token"


def inprocess_config(**overrides: Any) -> schemathesis.Config:
    """The project's schemathesis.toml, with the token set directly and no report files (the
    in-process tests must not overwrite the reports of `make contract`)."""
    data = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    data.pop("reports", None)
    data["headers"] = {"Authorization": TOKEN}
    data.update(overrides)
    return schemathesis.Config.from_dict(data, base_dir=str(REPO))
