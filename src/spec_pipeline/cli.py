"""What every command shares: `python -m spec_pipeline.<command>`, argparse, and errors.

A `PipelineError` becomes `<command>: error: <message>` on stderr and a non-zero exit status,
never a traceback. SIGTERM unwinds like Ctrl-C, so a killed build still removes its staging
folder and stops its child processes (`run_tool`). A tool runs in a process group of its own,
which is killed whole when the build stops; on Linux the kernel also kills the tool when the
build itself is killed outright (SIGKILL), so no generator outlives its build.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from types import FrameType

from spec_pipeline.errors import PipelineError

INTERRUPTED = 130
_PR_SET_PDEATHSIG = 1  # prctl(2)


def parser(module: str, description: str, prog: str | None = None) -> argparse.ArgumentParser:
    """The parser of `python -m spec_pipeline.<module>` (or of the console script `prog`);
    usage errors exit with status 2."""
    return argparse.ArgumentParser(
        prog=prog or f"python -m spec_pipeline.{module}", description=description
    )


def progress(command: str, message: str) -> None:
    print(f"{command}: {message}", file=sys.stderr, flush=True)


def error(command: str, message: str) -> None:
    print(f"{command}: error: {message}", file=sys.stderr, flush=True)


def run(command: str, action: Callable[[], int], *, error_status: int = 1) -> int:
    """`action()`, with a `PipelineError` reported as one error (its details below it)."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        return action()
    except PipelineError as exc:
        error(command, str(exc))
        return error_status
    except KeyboardInterrupt:
        error(command, "interrupted")
        return INTERRUPTED
    except (RecursionError, MemoryError) as exc:
        # The loaders' limits should make these impossible; should one still happen, the
        # user gets a line, not a traceback quoting the input.
        error(command, f"the input is too large or too deeply nested ({type(exc).__name__})")
        return error_status
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_tool(
    command: Sequence[str], *, env: Mapping[str, str], timeout: float, name: str
) -> subprocess.CompletedProcess[str]:
    """Run an external tool to the end, its stderr merged into stdout.

    It runs in a new process group; if the build stops (an error, Ctrl-C, SIGTERM, the
    timeout) the whole group is killed before the exception goes on.
    """
    parent = os.getpid()
    process: subprocess.Popen[str] | None = None
    # Ctrl-C and SIGTERM wait while the child is forked (an interrupt there would be lost in
    # the fork handlers); the child gets the build's usual signal mask back before exec.
    usual = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        try:
            process = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=dict(env),
                start_new_session=True,
                preexec_fn=lambda: _child_setup(parent, usual),  # noqa: PLW1509 - no threads
            )
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, usual)
        stdout, _ = process.communicate(timeout=timeout)
    except OSError as exc:
        raise PipelineError(f"{name} could not start: {exc.strerror or exc}") from None
    except subprocess.TimeoutExpired:
        assert process is not None
        _kill_group(process)
        raise PipelineError(f"{name} did not finish within {timeout:.0f}s") from None
    except BaseException:
        if process is not None:
            _kill_group(process)
        raise
    return subprocess.CompletedProcess(list(command), process.returncode, stdout, None)


def _child_setup(parent: int, mask: set[int | signal.Signals]) -> None:
    """In the child, before exec: the usual signal mask, and on Linux a SIGKILL from the kernel
    when the build's process ends, however it ends."""
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the build died before the request took effect
            os._exit(1)


def _kill_group(process: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
