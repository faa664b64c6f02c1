"""A contract run split into parts that run side by side, each an `st run` in a process of its
own (forked by `python -m contract.st --parts`, which loads schemathesis once).

A run's cases do not depend on each other once schemathesis neither reuses answers in later
cases nor learns from error answers (both off in schemathesis.toml): each operation's cases of
each phase come from the seed alone. So a run can be cut along those lines and give the same
cases and verdicts:

- per operation: its fuzzing phase in one part; its coverage phase (a fixed list of cases,
  about two and a half times the fuzzing's in a live run) cut into one share fewer than
  workers (contract.hooks.filter_case), at least one; each part first runs the operation's
  few examples, so that no later case repeating one is sent, as in one process (the merged
  report keeps them once);
- the stateful phase (which chains operations) as one part of its own.

The parts run `workers` at a time, the longest first, so that the last to start are short
and the workers end together: with 4 workers and two operations, the two fuzzing parts and
six coverage shares of a little less each end within about a share of each other.

Why processes and not schemathesis's threads: its workers share out whole operations (two,
in a read-only run), and with more than one thread hypothesis at times failed while another
thread parsed source code ("AST constructor recursion depth mismatch", CPython 3.11's ast
module is not thread-safe; hypothesis 6.170.27 and schemathesis 4.32.5, the newest, still
parse sources lazily), and a thread-shared run loaded sources in a different order from one
run to the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from contract import COVERAGE_PART_ENV, PROBES_ENV

SPLIT_PHASES = ("examples", "coverage", "fuzzing", "stateful")
COVERAGE_LENGTH = 2.5  # an operation's coverage phase against its fuzzing (303 and 123 cases)
STATEFUL_LENGTH = 4.0
# Options that choose operations or phases themselves: a run given one is not split.
CHOOSING = ("--include-", "--exclude-")


@dataclass(frozen=True)
class Part:
    name: str
    args: tuple[str, ...]  # added to `st run`
    env: dict[str, str] = field(default_factory=dict)
    weight: float = 1.0  # its expected length, a fuzzing phase's being 1: the longest start first


def split(operations: list[str], phases: list[str], workers: int) -> list[Part]:
    """The parts of a run over `operations` (operationIds) and `phases`, for `workers`
    processes at a time; heaviest first."""
    unknown = [p for p in phases if p not in SPLIT_PHASES]
    if unknown:
        raise ValueError(f"unknown phase {', '.join(unknown)}")
    parts: list[Part] = []
    if "stateful" in phases:
        parts.append(Part("stateful", ("--phases", "stateful"), weight=STATEFUL_LENGTH))
    # Every part of an operation begins with its examples (a few cases): one process never
    # sends a later case equal to an example again, and neither does a part then. The merged
    # report keeps them once (contract.reports.merge).
    first = ["examples"] if "examples" in phases else []
    # each part is a process forked from a warmed one (contract.st.warm: about a second of CPU)
    shares = max(1, workers - 1)
    for operation in operations:
        selected = ("--include-operation-id", operation)
        if "coverage" in phases:
            for k in range(shares):
                parts.append(
                    Part(
                        f"{operation} coverage {k + 1}/{shares}",
                        (*selected, "--phases", ",".join([*first, "coverage"])),
                        {COVERAGE_PART_ENV: f"{k}/{shares}"},
                        weight=COVERAGE_LENGTH / shares,
                    )
                )
        if "fuzzing" in phases:
            parts.append(
                Part(f"{operation} fuzzing", (*selected, "--phases", ",".join([*first, "fuzzing"])))
            )
        elif first and "coverage" not in phases:
            parts.append(Part(f"{operation} examples", (*selected, "--phases", "examples")))
    # the list-rule probes (contract.probes) run once a run, in the first operation's first part
    probing = next((p for p in parts if p.args[:1] == ("--include-operation-id",)), None)
    parts = [p if p is probing else replace(p, env={**p.env, PROBES_ENV: "0"}) for p in parts]
    return sorted(parts, key=lambda part: -part.weight)


def phases_option(args: list[str]) -> tuple[list[str] | None, list[str]]:
    """The phases `--phases` names in `args` (None without it), and `args` without it."""
    rest: list[str] = []
    phases: list[str] | None = None
    items = iter(args)
    for arg in items:
        if arg == "--phases":
            phases = next(items, "").split(",")
        elif arg.startswith("--phases="):
            phases = arg.split("=", 1)[1].split(",")
        else:
            rest.append(arg)
    return ([p.strip() for p in phases if p.strip()] if phases is not None else None), rest


def chooses_operations(args: list[str]) -> bool:
    return any(arg.startswith(CHOOSING) for arg in args)
