"""`python -m contract.st`: schemathesis's command line, run by the interpreter that runs the
contract (no dependence on where the `schemathesis` script was installed).

When the runner names a pace file (`contract.pacing`), every request waits for its slot in the
run's shared schedule and a 429 pauses the whole run; the module is imported either way, so
that a run in one process and a run split into parts load the same code.

`python -m contract.st --parts` starts the parts of a split run (contract.shards): it loads
schemathesis and the hooks once (`warm`), then forks one process per part it is asked for (a
JSON line on standard input: argv, environment, output file), so that no part pays for the
imports again. It prints each part's process id; a part writes its exit status to
`<output>.status` when it ends.
"""

import contextlib
import importlib
import json
import os
import signal
import sys
import traceback
from typing import Any

from schemathesis.cli import schemathesis

from contract import pacing


def run_part(order: dict[str, Any]) -> None:
    """In a forked process: one `st` command line, its output to a file; never returns."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.environ.clear()
        os.environ.update(order["env"])
        output = os.open(order["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        pacer = pacing.from_environment()
        if pacer is not None:
            pacing.install(pacer)
        try:
            schemathesis(args=order["argv"], prog_name="st")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 (a part reports every failure as its status)
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        status = order["output"] + ".status"
        with open(status + ".tmp", "w", encoding="utf-8") as handle:
            handle.write(str(code))
        os.replace(status + ".tmp", status)
        os._exit(code)


# What a run imports only once it starts (about 650 modules, a second or more of CPU a
# process). A module a later schemathesis moves is not preloaded, and is imported by the part.
PRELOADED = (
    "asyncio", "multiprocessing", "sqlite3", "anyio", "pyrate_limiter", "rich.console",
    "rich.live", "rich.progress", "hypothesis.strategies._internal.regex",
    "schemathesis.cli.commands.run.executor", "schemathesis.cli.commands.run.handlers.output",
    "schemathesis.engine.core", "schemathesis.engine.run.unit", "schemathesis.engine.run.stateful",
    "schemathesis.generation.hypothesis.builder", "schemathesis.specs.openapi.schemas",
    "schemathesis.specs.openapi.coverage", "schemathesis.transport.asgi",
    "schemathesis.transport.wsgi", "schemathesis.core.error_feedback.pipeline",
)  # fmt: skip


def warm() -> None:
    """Do once, before any part is forked, what every part would otherwise do again: import
    what a run imports (PRELOADED), and build hypothesis's tables of the characters a codec can
    encode (a walk over all of Unicode, about a second of CPU, kept in memory and in a storage
    folder each part has one of)."""
    import hypothesis.strategies as st

    import contract.hooks  # noqa: F401

    for name in PRELOADED:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    for codec in ("utf-8", "ascii"):  # schemathesis's default for strings, and for headers
        st.characters(codec=codec).validate()


def parts() -> int:
    """Fork a part for every order read from standard input, until it closes."""
    warm()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # parts are reaped by the system
    for line in sys.stdin:
        if not line.strip():
            continue
        order = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            run_part(order)
        print(pid, flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--parts"]:
        sys.exit(parts())
    pacer = pacing.from_environment()
    if pacer is not None:
        pacing.install(pacer)
    sys.exit(schemathesis(prog_name="st"))
