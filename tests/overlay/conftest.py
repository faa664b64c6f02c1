"""Fixtures for the Overlay applier tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spec_pipeline.yamlio import dump_yaml

# The command behind the `apply-overlay` console script (pyproject.toml [project.scripts]).
APPLY_OVERLAY = [sys.executable, "-m", "spec_pipeline.apply_overlay"]


@pytest.fixture
def invoice_spec() -> dict[str, Any]:
    """A small OpenAPI description in the shape of the invoice contract."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Invoices", "version": "1.0.0"},
        "servers": [
            {"url": "https://portal.example.com/api/2.0", "description": "Production"},
            {"url": "https://dev.example.com/api/2.0", "description": "Dev"},
        ],
        "tags": [{"name": "invoices"}],
        "paths": {
            "/crm/invoice/{invoiceid}": {
                "get": {
                    "operationId": "getInvoice",
                    "tags": ["invoices"],
                    "parameters": [
                        {"name": "invoiceid", "in": "path", "required": True},
                        {"name": "fields", "in": "query"},
                    ],
                    "responses": {
                        "200": {"description": "The invoice"},
                        "404": {"description": "Not found"},
                        "500": {"description": "Server error"},
                    },
                },
                "delete": {
                    "operationId": "deleteInvoice",
                    "responses": {
                        "200": {"description": "Deleted"},
                        "500": {"description": "Server error"},
                    },
                },
            },
        },
        "components": {
            "schemas": {
                "Invoice": {
                    "type": "object",
                    "required": ["id", "number"],
                    "properties": {
                        "id": {"type": "integer", "example": 1},
                        "number": {"type": "string"},
                        "issueDate": {"type": "string", "format": "date"},
                    },
                }
            }
        },
    }


def make_overlay(*actions: dict[str, Any], version: str = "1.0.0") -> dict[str, Any]:
    return {
        "overlay": version,
        "info": {"title": "Test overlay", "version": "1"},
        "actions": list(actions),
    }


@pytest.fixture
def overlay() -> Callable[..., dict[str, Any]]:
    """Build an overlay document from action objects."""
    return make_overlay


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, Any], Path]:
    """Write data as YAML under tmp_path and return the path."""

    def write(name: str, data: Any) -> Path:
        path = tmp_path / name
        path.write_text(dump_yaml(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the apply-overlay command in a process of its own."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*APPLY_OVERLAY, *map(str, args)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return run
