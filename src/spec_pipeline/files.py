"""Replacing outputs so that a reader, or a failed build, never sees half of one.

`write_atomic` replaces one file; `staging` and `replace_directory` build a folder aside and swap
it in. The old folder moves aside first and is restored if the final rename fails, so at every
moment one whole version is in place.

A working folder (`owned_folder`, `staging`) is removed when its run ends, even by SIGINT or
SIGTERM. A run killed outright (SIGKILL, a power cut) cannot clean up, so each folder holds a
lock file for as long as its run lives, and the next run with the same prefix removes every
folder whose lock nobody holds (and puts back an old output that a swap had moved aside).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
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


LOCK_NAME = ".spec-pipeline-run.lock"
RETIRED_SUFFIX = ".retired"


@contextlib.contextmanager
def owned_folder(parent: Path, prefix: str, destination: Path | None = None) -> Iterator[Path]:
    """A new folder `parent/<prefix>*`, locked by this process and removed on exit.

    Folders with the same prefix that a killed run left behind are removed first (see
    `remove_abandoned`, which also gets `destination`).
    """
    parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(parent, prefix, destination)
    # Made and locked under another name, then renamed: a folder with the prefix is never
    # seen unlocked by another run's sweep.
    pending = Path(tempfile.mkdtemp(prefix=f".pending-{prefix}", dir=parent))
    lock = os.open(pending / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
    folder = pending
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        folder = parent / (prefix + pending.name.removeprefix(f".pending-{prefix}"))
        pending.rename(folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


def remove_abandoned(parent: Path, prefix: str, destination: Path | None = None) -> list[Path]:
    """Remove the folders `parent/<prefix>*` whose run is gone (their lock is free); returns
    them. A folder without our lock file is not ours and stays. With `destination`, an old
    output that a killed swap had moved aside comes back when `destination` is missing."""
    removed = []
    for folder in sorted(parent.glob(f"{glob.escape(prefix)}*")):
        if folder.is_symlink() or not (folder / LOCK_NAME).is_file():
            continue
        try:
            lock = os.open(folder / LOCK_NAME, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a live run holds it
            os.close(lock)
            continue
        try:
            if destination is not None and not destination.exists():
                for retired in folder.glob(f"*{RETIRED_SUFFIX}"):
                    retired.rename(destination)
                    break
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(lock)
    return removed


@contextlib.contextmanager
def staging(destination: Path, prefix: str) -> Iterator[Path]:
    """An empty folder next to `destination` (a rename away from it), removed on exit."""
    with owned_folder(destination.resolve().parent, prefix, destination.resolve()) as folder:
        yield folder


def replace_directory(staged: Path, destination: Path) -> None:
    """Move the folder `staged` to `destination`, replacing what is there.

    The old folder waits next to `staged` until the new one is in place; if that final rename
    fails it goes back, and the error propagates.
    """
    retired = staged.with_name(staged.name + RETIRED_SUFFIX)
    if destination.exists():
        destination.rename(retired)
    try:
        staged.rename(destination)
    except OSError:
        if retired.exists():
            retired.rename(destination)
        raise
    shutil.rmtree(retired, ignore_errors=True)
