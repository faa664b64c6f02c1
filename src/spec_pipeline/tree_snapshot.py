"""Put files and folders back as they were when a multi-step change fails half-way.

    with restored_on_failure(root, ["openapi.yaml", "generated", "releases/1.1.0"]):
        ...  # edit, regenerate, build; any exception (Ctrl-C included) restores every path

A path that did not exist is removed again; one that existed gets its old bytes back. The copies
live in a temporary folder beside `root`'s paths only for the duration of the block.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@contextlib.contextmanager
def restored_on_failure(root: Path, paths: Sequence[str]) -> Iterator[None]:
    with tempfile.TemporaryDirectory(prefix="release-snapshot-") as folder:
        saved: dict[str, Path | None] = {}
        for index, name in enumerate(paths):
            source = root / name
            if not (source.exists() or source.is_symlink()):
                saved[name] = None
                continue
            copy = Path(folder) / str(index)
            if source.is_dir() and not source.is_symlink():
                shutil.copytree(source, copy, symlinks=True)
            else:
                shutil.copy2(source, copy, follow_symlinks=False)
            saved[name] = copy
        try:
            yield
        except BaseException:
            for name, kept in saved.items():
                target = root / name
                _remove(target)
                if kept is not None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(kept, target)
            _prune_empty_parents(root, [n for n, c in saved.items() if c is None])
            raise


def _prune_empty_parents(root: Path, names: Sequence[str]) -> None:
    """Remove folders a failed step created only to hold a path that is gone again."""
    for name in names:
        parent = (root / name).parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
