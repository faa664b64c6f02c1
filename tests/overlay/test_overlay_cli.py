"""The apply-overlay command: its `main()` in this process, and once as `python -m`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from spec_pipeline.yamlio import load_document, load_yaml

from .material import COMPLIANT_SETS

# The command behind the `apply-overlay` console script (pyproject.toml [project.scripts]).
APPLY_OVERLAY = [sys.executable, "-m", "spec_pipeline.apply_overlay"]

Run = Callable[..., subprocess.CompletedProcess[str]]
Write = Callable[[str, Any], Path]
Overlay = Callable[..., dict[str, Any]]


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        line for line in result.stderr.splitlines() if line.startswith("apply-overlay: error: ")
    ]


@pytest.fixture
def spec_file(write_yaml: Write, invoice_spec: dict[str, Any]) -> Path:
    return write_yaml("openapi.yaml", invoice_spec)


@pytest.fixture
def failing_third(write_yaml: Write, overlay: Overlay) -> Path:
    return write_yaml(
        "failing.yaml",
        overlay(
            {"target": "$.info", "update": {"x-audience": "partner"}},
            {"target": "$.servers[?@.description == 'Dev']", "remove": True},
            {"target": "$.info.contact", "update": {"name": "CRM"}, "description": "Contact"},
        ),
    )


def test_applies_overlays_in_order_and_writes_yaml(
    run_cli: Run, spec_file: Path, write_yaml: Write, overlay: Overlay, tmp_path: Path
) -> None:
    first = write_yaml(
        "first.yaml", overlay({"target": "$.paths..responses['500']", "remove": True})
    )
    second = write_yaml(
        "second.yaml", overlay({"target": "$.info", "update": {"x-released": "2020-12-14"}})
    )
    out = tmp_path / "out" / "result.yaml"
    out.parent.mkdir()
    result = run_cli(spec_file, first, second, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    written = load_document(out)
    assert written["info"]["x-released"] == "2020-12-14"
    assert all(
        "500" not in op["responses"] for op in written["paths"]["/crm/invoice/{invoiceid}"].values()
    )
    assert (
        "x-released: '2020-12-14'" in out.read_text()
    )  # quoted, so YAML 1.1 readers keep a string
    # The summary names each overlay, each action and how many nodes it touched.
    assert f"{first} (Test overlay): 1 action applied" in result.stderr
    assert "actions[0] remove $.paths..responses['500']: 2 nodes" in result.stderr
    assert "actions[0] update $.info: 1 node" in result.stderr
    assert f"wrote {out}" in result.stderr
    assert os.listdir(out.parent) == ["result.yaml"]


def test_writes_json_by_extension(
    run_cli: Run, spec_file: Path, write_yaml: Write, overlay: Overlay, tmp_path: Path
) -> None:
    ov = write_yaml("o.yaml", overlay({"target": "$.info", "update": {"x-a": "ü"}}))
    out = tmp_path / "result.json"
    result = run_cli(spec_file, ov, "-o", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["info"]["x-a"] == "ü"


def test_writes_to_stdout(
    run_cli: Run, spec_file: Path, write_yaml: Write, overlay: Overlay
) -> None:
    ov = write_yaml("o.yaml", overlay({"target": "$.tags", "update": {"name": "crm"}}))
    result = run_cli(spec_file, ov, "-o", "-")
    assert result.returncode == 0, result.stderr
    assert load_yaml(result.stdout)["tags"] == [{"name": "invoices"}, {"name": "crm"}]
    json_result = run_cli(spec_file, ov, "-o", "-", "--format", "json")
    assert json.loads(json_result.stdout)["tags"][-1] == {"name": "crm"}


def test_failure_in_third_action_writes_nothing(
    run_cli: Run, spec_file: Path, failing_third: Path, tmp_path: Path
) -> None:
    out = tmp_path / "result.yaml"
    result = run_cli(spec_file, failing_third, "-o", out)
    assert result.returncode == 1
    assert not out.exists()
    assert error_lines(result) == [
        f"apply-overlay: error: {failing_third}: actions[2] target '$.info.contact' ('Contact'): "
        "the target selects no nodes"
    ]
    assert sorted(os.listdir(tmp_path)) == ["failing.yaml", "openapi.yaml"]


def test_failure_leaves_an_existing_output_byte_identical(
    run_cli: Run, spec_file: Path, failing_third: Path, tmp_path: Path
) -> None:
    out = tmp_path / "result.json"
    original = b'{"previous": "result"}\r\n'
    out.write_bytes(original)
    result = run_cli(spec_file, failing_third, "-o", out)
    assert result.returncode == 1
    assert out.read_bytes() == original
    assert sorted(os.listdir(tmp_path)) == ["failing.yaml", "openapi.yaml", "result.json"]


def test_failure_to_stdout_prints_nothing(
    run_cli: Run, spec_file: Path, failing_third: Path
) -> None:
    result = run_cli(spec_file, failing_third, "-o", "-")
    assert result.returncode == 1
    assert result.stdout == ""


def test_check_applies_but_writes_nothing(
    run_cli: Run,
    spec_file: Path,
    failing_third: Path,
    write_yaml: Write,
    overlay: Overlay,
    tmp_path: Path,
) -> None:
    good = write_yaml("good.yaml", overlay({"target": "$.info", "update": {"x-a": 1}}))
    before = sorted(os.listdir(tmp_path))
    ok = run_cli(spec_file, good, "--check")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == ""
    assert "check passed; nothing written" in ok.stderr
    assert sorted(os.listdir(tmp_path)) == before
    # --check runs the actions, so a target that selects nothing still fails it.
    bad = run_cli(spec_file, failing_third, "--check")
    assert bad.returncode == 1
    assert "actions[2]" in bad.stderr


def test_every_problem_on_its_own_line(
    run_cli: Run, spec_file: Path, write_yaml: Write, overlay: Overlay
) -> None:
    doc = overlay(
        {"target": "$.info", "remove": "yes"},
        {"target": "$.info["},
        {"target": "$.x-y", "remove": True},
    )
    del doc["info"]["title"]
    ov = write_yaml("bad.yaml", doc)
    result = run_cli(spec_file, ov, "--check")
    assert result.returncode == 1
    lines = error_lines(result)
    assert len(lines) == 2 == len(result.stderr.splitlines())
    assert all(line.startswith(f"apply-overlay: error: {ov}: ") for line in lines)
    assert any("at $.info: 'title' is a required property" in line for line in lines)
    assert any(
        "actions[0] target '$.info': at $.actions[0].remove: expected boolean" in line
        for line in lines
    )
    # Schema errors come first; JSONPath is only checked on schema-valid overlays.
    assert not any("actions[1]" in line for line in lines)


def test_invalid_jsonpath_names_the_action(
    run_cli: Run, spec_file: Path, write_yaml: Write, overlay: Overlay
) -> None:
    ov = write_yaml(
        "o.yaml", overlay({"target": "$.info", "update": {}}, {"target": "$.x-y", "remove": True})
    )
    result = run_cli(spec_file, ov, "--check")
    assert result.returncode == 1
    (line,) = error_lines(result)
    assert line.startswith(
        f"apply-overlay: error: {ov}: actions[1] target '$.x-y': invalid JSONPath"
    )


def test_overlay_1_1_is_refused(run_cli: Run, tmp_path: Path) -> None:
    (directory,) = [d for d in COMPLIANT_SETS if d.name == "replace-servers-for-sandbox"]
    out = tmp_path / "out.yaml"
    result = run_cli(directory / "openapi.yaml", directory / "overlay.yaml", "-o", out)
    assert result.returncode == 1
    (line,) = error_lines(result)
    assert "Overlay version '1.1.0' is not supported: only Overlay 1.0.x" in line
    assert not out.exists()


def test_unreadable_inputs_are_reported_together(run_cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("overlay: 1.0.0\noverlay: 1.0.1\n")
    result = run_cli(tmp_path / "missing.yaml", bad, "--check")
    assert result.returncode == 1
    lines = error_lines(result)
    assert len(lines) == 2
    assert "missing.yaml: cannot read" in lines[0]
    assert (
        "bad.yaml: invalid YAML: line 2, column 1" in lines[1]
        and "duplicate key 'overlay'" in lines[1]
    )


def test_spec_must_be_an_object(run_cli: Run, write_yaml: Write, overlay: Overlay) -> None:
    spec = write_yaml("list.yaml", [1, 2])
    ov = write_yaml("o.yaml", overlay({"target": "$", "update": 3}))
    result = run_cli(spec, ov, "--check")
    assert result.returncode == 1
    assert "must be an object" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "one of the arguments -o/--output --check is required"),
        (("--check", "-o", "x.yaml"), "not allowed with argument"),
        (("-o", "result.txt"), "unknown file type '.txt'"),
        (("--check", "--format", "xml"), "invalid choice: 'xml'"),
    ],
)
def test_usage_errors_exit_2(
    run_cli: Run,
    spec_file: Path,
    failing_third: Path,
    tmp_path: Path,
    args: tuple[str, ...],
    message: str,
) -> None:
    result = run_cli(spec_file, failing_third, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["failing.yaml", "openapi.yaml"]


def test_missing_overlay_argument_is_a_usage_error(run_cli: Run, spec_file: Path) -> None:
    result = run_cli(spec_file, "--check")
    assert result.returncode == 2
    assert "the following arguments are required: OVERLAY" in result.stderr


def test_remove_with_update_is_noted(
    run_cli: Run, spec_file: Path, write_yaml: Write, overlay: Overlay
) -> None:
    ov = write_yaml(
        "o.yaml", overlay({"target": "$.servers", "remove": True, "update": {"url": "x"}})
    )
    result = run_cli(spec_file, ov, "--check")
    assert result.returncode == 0, result.stderr
    assert "note: 'update' is ignored because 'remove' is true" in result.stderr


def test_quiet_suppresses_the_summary(
    run_cli: Run, spec_file: Path, write_yaml: Write, overlay: Overlay
) -> None:
    ov = write_yaml("o.yaml", overlay({"target": "$.info", "update": {"x-a": 1}}))
    result = run_cli(spec_file, ov, "--check", "--quiet")
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.slow
@pytest.mark.tool
def test_the_module_runs_as_a_command(
    spec_file: Path, failing_third: Path, write_yaml: Write, overlay: Overlay, tmp_path: Path
) -> None:
    # The entry point the Makefile and the console script use: exit status and one error line
    # from a process of its own, not a traceback.
    good = write_yaml("good.yaml", overlay({"target": "$.info", "update": {"x-a": 1}}))
    out = tmp_path / "result.json"
    ok = subprocess.run(
        [*APPLY_OVERLAY, str(spec_file), str(good), "-o", str(out)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert json.loads(out.read_text())["info"]["x-a"] == 1
    bad = subprocess.run(
        [*APPLY_OVERLAY, str(spec_file), str(failing_third), "--check"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr.startswith("apply-overlay: error: ")
    assert "Traceback" not in bad.stderr
