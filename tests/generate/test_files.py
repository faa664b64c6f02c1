"""Replacing a built folder: the old one stays whole until the new one is in place."""

import subprocess
import sys
from pathlib import Path

import pytest

from spec_pipeline.files import owned_folder, replace_directory, staging


def folder(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "file.txt").write_text(text)
    return path


def test_the_new_folder_replaces_the_old_one(tmp_path: Path) -> None:
    destination = folder(tmp_path / "dist", "old")
    with staging(destination, "dist.staging-") as stage:
        replace_directory(folder(stage / "new", "new"), destination)
    assert (destination / "file.txt").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


def test_a_failed_final_rename_restores_the_old_folder(tmp_path: Path) -> None:
    destination = folder(tmp_path / "dist", "old")
    with staging(destination, "dist.staging-") as stage, pytest.raises(FileNotFoundError):
        replace_directory(stage / "never-built", destination)
    assert (destination / "file.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]


def test_a_failed_build_removes_its_staging_folder(tmp_path: Path) -> None:
    destination = tmp_path / "dist"
    with pytest.raises(RuntimeError), staging(destination, "dist.staging-") as stage:
        folder(stage / "new", "half")
        raise RuntimeError("a step failed")
    assert list(tmp_path.iterdir()) == []


# --- folders that a killed run left ---------------------------------------------------------

HOLD = """
import os, signal, sys, time
from pathlib import Path
from spec_pipeline.files import {how}
with {call} as folder:
    (folder / "half.txt").write_text("half")
    print(folder, flush=True)
    {then}
"""


def hold_folder(how: str, call: str, then: str) -> tuple[subprocess.Popen[str], Path]:
    """A process that makes a working folder and then dies (SIGKILL) or waits."""
    code = HOLD.format(how=how, call=call, then=then)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, Path(process.stdout.readline().strip())


def test_a_killed_runs_working_folder_is_removed_by_the_next_run(tmp_path: Path) -> None:
    call = f"owned_folder(Path({str(tmp_path)!r}), 'build-')"
    killed, left = hold_folder("owned_folder", call, "os.kill(os.getpid(), signal.SIGKILL)")
    killed.wait(timeout=30)
    assert left.is_dir() and (left / "half.txt").exists()  # SIGKILL cannot clean up
    with owned_folder(tmp_path, "build-") as mine:
        assert not left.exists()
        assert [p.name for p in tmp_path.iterdir()] == [mine.name]
    assert list(tmp_path.iterdir()) == []


def test_a_live_runs_folder_and_folders_that_are_not_ours_stay(tmp_path: Path) -> None:
    call = f"owned_folder(Path({str(tmp_path)!r}), 'build-')"
    live, held = hold_folder("owned_folder", call, "time.sleep(60)")
    try:
        stranger = tmp_path / "build-of-another-program"
        stranger.mkdir()
        with owned_folder(tmp_path, "build-"):
            assert held.is_dir()
            assert stranger.is_dir()
    finally:
        live.kill()
        live.wait(timeout=30)


def test_an_output_that_a_killed_swap_moved_aside_comes_back(tmp_path: Path) -> None:
    """Killed between moving the old folder aside and renaming the new one in: the next run
    puts the old one back before it starts."""
    destination = folder(tmp_path / "dist", "old")
    call = f"staging(Path({str(destination)!r}), 'dist.staging-')"
    then = "Path({d!r}).rename(folder / 'new.retired'); os.kill(os.getpid(), signal.SIGKILL)"
    killed, _ = hold_folder("staging", call, then.format(d=str(destination)))
    killed.wait(timeout=30)
    assert not destination.exists()
    with staging(destination, "dist.staging-"):
        assert (destination / "file.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]
