"""The contract runner's token: never on a command line, its characters checked without showing
it, and the leak check not fooled by a short token that occurs in any report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from contract.run import embedded_portal, leaked_into
from tests.support.paths import SCHEMATHESIS_CONFIG, SPEC


def command_lines_mentioning(text: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            line = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if proc.name.isdigit() and text in line:
            found.append(line)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")
def test_the_embedded_portal_gets_its_tokens_off_the_command_line():
    with embedded_portal(invoices=3, seed=1) as target:
        servers = command_lines_mentioning("contract-portal-")
        assert servers, "the mock portal runs with its database in contract-portal-*"
        assert not [line for line in servers if target.token in line]
        answer = httpx.get(
            target.url + "/api/2.0/crm/invoice/filter",
            headers={"Authorization": target.token},
            timeout=10,
        )
        assert answer.status_code == 200


@pytest.mark.slow  # the runner in a process of its own, schemathesis imported each time
@pytest.mark.parametrize("token", ["Zq9-тайна-Xw7", "Zq9 Xw7", "Zq9\tXw7", "Zq9\u00e9Xw7"])
def test_a_token_a_header_cannot_carry_is_refused_without_showing_it(token, tmp_path):
    env = {**os.environ, "PORTAL_URL": "http://127.0.0.1:9", "PORTAL_TOKEN": token}
    done = subprocess.run(
        [sys.executable, "-m", "contract.run", "--spec", SPEC, "--config", SCHEMATHESIS_CONFIG],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert done.returncode == 2, output
    assert "PORTAL_TOKEN holds a space, a control character or a character outside ASCII" in output
    assert "Traceback" not in output
    for part in ("Zq9", "Xw7", "тайна", "\u00e9", "position"):
        assert part not in output


def report(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_a_short_token_that_occurs_in_every_report_is_no_leak(tmp_path):
    """`GET` is in every report as a method; only a header carrying it is a leak."""
    reports = tmp_path / "reports"
    report(reports, "junit.xml", '<testcase name="GET /api/2.0/crm/invoice/filter"/>')
    report(reports, "run.ndjson", '{"method": "GET", "headers": {"Authorization": "[Filtered]"}}')
    assert leaked_into(reports, "GET") == []
    leaked = report(reports, "cassette.yaml", "headers:\n  Authorization: GET\n")
    quoted = report(reports, "case.json", '{"Authorization": "Bearer GET"}')
    assert sorted(leaked_into(reports, "GET")) == sorted([leaked, quoted])


def test_a_long_token_is_a_leak_wherever_it_appears(tmp_path):
    reports = tmp_path / "reports"
    report(reports, "junit.xml", "<failure>curl -H 'X-Token: q2Lx-long-enough-token'</failure>")
    assert leaked_into(reports, "q2Lx-long-enough-token") == [reports / "junit.xml"]
