"""ServerProcess: any child server that prints a ready line; its URL, its output, its failures."""

from __future__ import annotations

import sys
import time

import pytest

from mock_portal.process import PortalStartError, ServerProcess

pytestmark = pytest.mark.slow  # every test starts a child process


def python(code: str) -> list[str]:
    return [sys.executable, "-u", "-c", code]


def test_url_is_the_rest_of_the_ready_line_on_either_stream():
    code = (
        "import sys, time\n"
        "print('warming up')\n"
        "print('[CLI] > Prism is listening on http://127.0.0.1:4010 ', file=sys.stderr)\n"
        "time.sleep(60)\n"
    )
    with ServerProcess(python(code), ready_prefix="listening on ", timeout=20) as server:
        assert server.url == "http://127.0.0.1:4010"
        assert server.pid == server.proc.pid
        # each stream has its own reader thread: the stdout line may land just after ready
        deadline = time.monotonic() + 10
        while "warming up" not in server.output() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "warming up" in server.output()
    assert server.proc.poll() is not None  # stopped on leaving the block


def test_exit_before_ready_names_the_code_and_hides_secrets():
    code = "import sys\nprint('token s3cr3t rejected')\nsys.exit(3)\n"
    with pytest.raises(PortalStartError, match=r"exited with 3: token \[secret\] rejected"):
        ServerProcess(python(code), ready_prefix="ready at ", secrets=("s3cr3t",), timeout=20)


def test_silent_server_times_out_and_is_stopped():
    started = time.monotonic()
    with pytest.raises(PortalStartError, match="not ready within 1s"):
        ServerProcess(python("import time\ntime.sleep(60)\n"), ready_prefix="ready at ", timeout=1)
    assert time.monotonic() - started < 15
