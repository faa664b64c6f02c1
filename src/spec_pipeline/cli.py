"""What every command shares: `python -m spec_pipeline.<command>`, argparse, and errors.

A `PipelineError` becomes `<command>: error: <message>` on stderr and a non-zero exit status,
never a traceback. SIGTERM unwinds like Ctrl-C, so a killed build still removes its staging
folder and stops its child processes.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType

from spec_pipeline.errors import PipelineError

INTERRUPTED = 130


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
    with _sigterm_unwinds():
        try:
            return action()
        except PipelineError as exc:
            error(command, str(exc))
            return error_status
        except KeyboardInterrupt:
            error(command, "interrupted")
            return INTERRUPTED


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
