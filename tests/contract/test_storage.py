"""hypothesis's storage in a contract run (contract.storage): the run's own temporary folder,
and the character tables alone kept from one run to the next in the user's cache folder."""

from __future__ import annotations

import subprocess
import sys

import pytest

from contract import storage

BUILD_TABLES = (
    "import hypothesis.strategies as st, pathlib, os;"
    "st.characters(codec='utf-8').validate();"
    "print(sorted(p.name for p in pathlib.Path(os.environ['HYPOTHESIS_STORAGE_DIRECTORY'])"
    ".rglob('codec-*')))"
)


def build_tables(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", BUILD_TABLES], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.slow  # a subprocess builds hypothesis's tables: seconds
def test_tables_a_run_built_are_found_by_the_next_run_in_a_new_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(storage.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = tmp_path / "run-1" / "hypothesis"
    env = storage.storage_env(first)
    assert env == {"HYPOTHESIS_STORAGE_DIRECTORY": str(first)}
    assert not first.exists()  # nothing kept yet: the first run builds the tables
    assert build_tables({**env, "PATH": ""}) == "['codec-v2-utf-8.json.gz']"
    storage.keep_tables(first)

    second = tmp_path / "run-2" / "hypothesis"
    storage.storage_env(second)
    kept = sorted(p.name for p in second.rglob("*.json.gz"))
    assert "codec-v2-utf-8.json.gz" in kept
    # only the tables travel: nothing else of a run's storage reaches the next run
    (first / "examples").mkdir()
    storage.keep_tables(first)
    assert [
        p.name for p in (tmp_path / "cache" / "onlyoffice-contract" / "hypothesis").iterdir()
    ] == ["unicode_data"]


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_the_tables(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv(storage.CACHE_ENV, str(blocked))
    folder = tmp_path / "run" / "hypothesis"
    (folder / storage.TABLES).mkdir(parents=True)
    (folder / storage.TABLES / "table.json.gz").write_bytes(b"x")
    storage.keep_tables(folder)  # no error
    assert storage.storage_env(tmp_path / "other") == {
        "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path / "other")
    }
    assert blocked.read_text() == "a file where the cache folder would be"
