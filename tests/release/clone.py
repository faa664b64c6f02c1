"""A shallow clone of this repository with no tags (what CI gets), holding the working tree as
it is now, where `make` targets can release, tag and fail without touching the real tree.

The clone borrows the real `.venv`, `.tools` and `node_modules` through symlinks and runs make
with `-o setup`, so nothing is installed; `PYTHONPATH` makes its Python import the clone's own
`src/`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BORROWED = (".venv", ".tools", "node_modules")


@dataclass
class Clone:
    root: Path
    env: dict[str, str]
    version: str = ""  # the contract's info.version in the clone

    def git(self, *args: str) -> str:
        run = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return run.stdout.strip()

    def make(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """`make -o setup ARGS` with each argument as given: no shell in between."""
        return subprocess.run(
            ["make", "--no-print-directory", "-o", "setup", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
        )

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)  # releases/X.Y.Z/ of a release under way
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, *paths: str) -> None:
        self.git("add", "--all", "--", *paths)
        self.git("commit", "--quiet", "-m", message)

    def state(self) -> tuple[str, ...]:
        """What a refused release must leave as it was: the tracked and untracked files' content
        (dist/ and generated/ included), the commits, the branch and the tags."""
        listed = self.git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
        names = sorted(set(listed.split("\0")) - {""}) + sorted(
            str(p.relative_to(self.root)) for p in (self.root / "dist").rglob("*") if p.is_file()
        )
        digest = subprocess.run(
            ["sha256sum", "--", *[n for n in names if (self.root / n).is_file()]],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return (
            digest,
            self.git("status", "--porcelain"),
            self.git("log", "--all", "--format=%H %s"),
            self.git("tag", "--list"),
            self.git("symbolic-ref", "HEAD"),
        )


def clean_env(home: Path) -> dict[str, str]:
    """The environment minus the caller's make and git settings; a throwaway git identity."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GIT_", "MAKE", "RELEASE_")) and k not in ("MFLAGS", "BASE", "VERSION")
    }
    home.mkdir(parents=True, exist_ok=True)
    (home / ".gitconfig").write_text("", encoding="utf-8")
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_AUTHOR_NAME="Release Test",
        GIT_AUTHOR_EMAIL="release@example.test",
        GIT_COMMITTER_NAME="Release Test",
        GIT_COMMITTER_EMAIL="release@example.test",
    )
    return env


def make_clone(dest: Path, home: Path) -> Clone:
    env = clean_env(home)
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", "--no-tags", f"file://{REPO}", str(dest)],
        env=env,
        check=True,
        timeout=120,
    )
    clone = Clone(dest, {**env, "PYTHONPATH": str(dest / "src")})
    # The working tree as it is: tracked files as edited, new files that are not ignored.
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source, target = REPO / name, dest / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif target.is_file():
            target.unlink()
    if clone.git("status", "--porcelain"):
        clone.commit("The working tree under test", ".")
    for name in BORROWED:
        (dest / name).symlink_to(REPO / name)
    exclude = dest / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    with exclude.open("a", encoding="utf-8") as handle:
        handle.write("".join(f"/{name}\n" for name in BORROWED))
    return clone
