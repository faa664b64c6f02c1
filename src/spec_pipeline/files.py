"""Replacing outputs so that a reader, or a failed build, never sees half of one.

`write_atomic` replaces one file; `staging` and `replace_directory` build a folder aside and swap
it in. The old folder moves aside first and is restored if the final rename fails, so at every
moment one whole version is in place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` via a temporary file in the same directory and a rename."""
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


@contextlib.contextmanager
def staging(destination: Path, prefix: str) -> Iterator[Path]:
    """An empty folder next to `destination` (a rename away from it), removed on exit."""
    parent = destination.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=parent) as tmp:
        yield Path(tmp)


def replace_directory(staged: Path, destination: Path) -> None:
    """Move the folder `staged` to `destination`, replacing what is there.

    The old folder waits next to `staged` until the new one is in place; if that final rename
    fails it goes back, and the error propagates.
    """
    retired = staged.with_name(staged.name + ".retired")
    if destination.exists():
        destination.rename(retired)
    try:
        staged.rename(destination)
    except OSError:
        if retired.exists():
            retired.rename(destination)
        raise
    shutil.rmtree(retired, ignore_errors=True)
