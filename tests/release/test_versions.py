"""One version: every place this repository writes it says the same, each read the way its own
tool reads it (a consistency check of the real files; bump-my-version moves them together)."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.support.paths import REPO


def toml(name: str) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((REPO / name).read_text(encoding="utf-8"))


def test_every_artefact_carries_the_one_version() -> None:
    runner = toml("packages/contract-runner/pyproject.toml")["project"]
    pins = [d for d in runner["dependencies"] if d.startswith("onlyoffice-mock-portal")]
    lock = toml("uv.lock")["package"]
    (locked,) = [p for p in lock if p["name"] == "onlyoffice-invoice-contract"]
    spec = yaml.safe_load((REPO / "openapi.yaml").read_text(encoding="utf-8"))
    found = {
        ".bumpversion.toml": toml(".bumpversion.toml")["tool"]["bumpversion"]["current_version"],
        "openapi.yaml info.version": spec["info"]["version"],
        "pyproject.toml": toml("pyproject.toml")["project"]["version"],
        "uv.lock": locked["version"],
        "packages/mock-portal": toml("packages/mock-portal/pyproject.toml")["project"]["version"],
        "packages/contract-runner": runner["version"],
        "the runner's pin on the mock portal": pins[0].partition("==")[2] if pins else None,
        "the generated client": toml("generated/onlyoffice-crm-client/pyproject.toml")["project"][
            "version"
        ],
    }
    example = (REPO / ".github/examples/onlyoffice-contract.yml").read_text(encoding="utf-8")
    for name, version in re.findall(r"(onlyoffice-[a-z-]+)==([^\s\"']+)", example):
        found[f"the example workflow's {name}"] = version
    assert len(set(found.values())) == 1, f"the versions differ: {found}"
