"""Replacing a built folder: the old one stays whole until the new one is in place."""

from pathlib import Path

import pytest

from spec_pipeline.files import replace_directory, staging


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
