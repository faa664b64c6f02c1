"""Fixtures for the Overlay applier tests."""

from __future__ import annotations

import contextlib
import io
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spec_pipeline import apply_overlay
from spec_pipeline.yamlio import dump_yaml


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
    """Run the apply-overlay command's `main()` in this process (a usage error's exit included)
    and return what a process running it would have: exit status, stdout and stderr."""

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        argv = [str(arg) for arg in args]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = apply_overlay.main(argv)
            except SystemExit as exc:  # argparse's usage errors
                status = exc.code if isinstance(exc.code, int) else 1
        return subprocess.CompletedProcess(
            ["apply-overlay", *argv], status, out.getvalue(), err.getvalue()
        )

    return run
