"""`onlyoffice-contract`: the contract runner as an installed command, from any folder.

    PORTAL_TOKEN=... onlyoffice-contract --url https://yourportal.onlyoffice.com
    onlyoffice-contract                     # the embedded mock portal (onlyoffice-mock-portal)
    onlyoffice-contract har traffic.har     # recorded traffic checked against the spec

It tests the spec and settings packaged with it (`--spec`, `--config` to use others), writes
reports to ./reports, and takes every other option of `python -m contract.run` (`--page`,
`--replay`, schemathesis's own). Exit codes: 0 the portal keeps the contract, 1 it breaks it
(or a report would leak the token), 2 a usage or connection error.
"""

from __future__ import annotations

import sys
from importlib.resources import as_file, files
from pathlib import Path

from contract import har, run

PACKAGED = ("openapi.yaml", "schemathesis.toml")


def packaged(name: str) -> Path | None:
    """A file shipped in the wheel (contract/data/), or None in a source tree."""
    resource = files("contract").joinpath("data", name)
    if not resource.is_file():
        return None
    with as_file(resource) as path:  # a real file for an installed wheel
        return Path(path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["har"]:  # checking recorded traffic: nothing is sent
        rest = argv[1:]
        if "--spec" not in rest and (spec := packaged(PACKAGED[0])) is not None:
            rest = ["--spec", str(spec), *rest]
        return har.main(rest, prog="onlyoffice-contract har")
    rest = list(argv)
    if {"-h", "--help", "--version"} & set(rest):  # answered before anything is looked for
        return run.main(rest, prog="onlyoffice-contract")
    for option, name in (("--spec", PACKAGED[0]), ("--config", PACKAGED[1])):
        if option not in rest and not any(a.startswith(option + "=") for a in rest):
            path = packaged(name)
            if path is None:
                print(
                    f"onlyoffice-contract: error: no packaged {name}; pass {option}",
                    file=sys.stderr,
                )
                return 2
            rest = [option, str(path), *rest]
    return run.main(rest, prog="onlyoffice-contract")


if __name__ == "__main__":
    sys.exit(main())
