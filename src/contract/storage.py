"""Where hypothesis keeps its files in a contract run: the run's temporary folder, so that
nothing is left in the user's working folder and no example database carries one run into the
next.

One thing is kept from run to run: hypothesis's tables of the characters each codec can encode.
Building one is a walk over all of Unicode (about a second of CPU, in every run), and they
depend on nothing but the Unicode version of the Python that builds them (hypothesis files them
under it). They are kept in `$ONLYOFFICE_CONTRACT_CACHE` if set, else in the user's cache
folder, `$XDG_CACHE_HOME/onlyoffice-contract` (`~/.cache/onlyoffice-contract` without it); a
cache folder that cannot be read or written costs that second and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

STORAGE_ENV = "HYPOTHESIS_STORAGE_DIRECTORY"
CACHE_ENV = "ONLYOFFICE_CONTRACT_CACHE"
TABLES = "unicode_data"  # hypothesis's own folder name for them


def cache_folder() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]) / "hypothesis"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "onlyoffice-contract" / "hypothesis"


def storage_env(folder: Path) -> dict[str, str]:
    """The environment giving hypothesis `folder` as its storage, with the character tables
    earlier runs built."""
    with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: no home folder
        source = cache_folder() / TABLES
        if source.is_dir():
            shutil.copytree(source, folder / TABLES, dirs_exist_ok=True)
    return {STORAGE_ENV: str(folder)}


def keep_tables(folder: Path) -> None:
    """Keep for later runs the character tables hypothesis built in `folder`."""
    with contextlib.suppress(OSError, RuntimeError):
        if (folder / TABLES).is_dir():
            shutil.copytree(folder / TABLES, cache_folder() / TABLES, dirs_exist_ok=True)
