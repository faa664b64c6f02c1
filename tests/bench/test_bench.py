"""The benchmark harness's logic: statistics, interleaving, parsing, the report, the plan.

No timing is asserted anywhere: the figures themselves belong in BENCHMARKS.md."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench import contract, report
from bench.measure import (
    Figure,
    Machine,
    interleave,
    median,
    p99,
    pair_ratios,
    percentile,
    ratio,
)
from bench.run import BENCHMARKS
from tests.support.paths import REPO


def test_median_odd_and_even() -> None:
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    assert median([7]) == 7
    with pytest.raises(ValueError):
        median([])


def test_p99_is_nearest_rank() -> None:
    values = list(range(1, 201))  # 1..200
    assert p99(values) == 198
    assert p99(list(range(1, 101))) == 99
    assert p99([5.0]) == 5.0
    assert percentile([10, 20, 30, 40], 50) == 20
    assert percentile([10, 20, 30, 40], 100) == 40
    assert p99(list(reversed(values))) == 198  # order does not matter


def test_ratio_and_pair_ratios() -> None:
    assert ratio(3, 2) == 1.5
    with pytest.raises(ZeroDivisionError):
        ratio(1, 0)
    assert pair_ratios([2, 6], [1, 3]) == [2, 2]
    with pytest.raises(ValueError):
        pair_ratios([1], [1, 2])


def test_interleave_alternates_contenders() -> None:
    calls: list[str] = []

    def contender(name: str, value: float):  # type: ignore[no-untyped-def]
        def run() -> float:
            calls.append(name)
            return value

        return run

    series = interleave({"a": contender("a", 1.0), "b": contender("b", 2.0)}, 3)
    assert calls == ["a", "b", "a", "b", "a", "b"]
    assert series == {"a": [1.0] * 3, "b": [2.0] * 3}


def test_contract_summary_is_parsed() -> None:
    out = "noise\ncontract: 1043 cases in 21.7s (48 cases/s); reports in reports/\n"
    assert contract.parse_summary(out) == (1043, 21.7, 48.0)
    assert contract.parse_summary("contract: 5 cases in 2.5 s (2.0 cases/s)") == (5, 2.5, 2.0)
    with pytest.raises(ValueError):
        contract.parse_summary("nothing here")


MACHINE = Machine(
    cpu="Test CPU 9000",
    cores=2,
    memory_gib=4.0,
    python="CPython 3.11.7",
    os="Debian GNU/Linux 12",
    date="2026-01-02 03:04 UTC",
    load_generator="wrk debian/4.1.0-3+b2 [epoll]",
)

FIGURES = [
    Figure("1. Generation", "ratio make / bare", 1.4567, "x", target="<= 1.3", met=False, runs=5),
    Figure("3. Mock portal", "GET | default", 4.2, "ms", p99=9.876, target="< 10 ms", met=True),
    Figure("3. Mock portal", "throughput", 1234.4, "req/s", p99=12.5, p99_unit="ms", note="8 c"),
    Figure("5. Contract", "cases", 21.7, "s", target=">= 1,000", met=True, display="1,043 in 21.7"),
    Figure("6. Peak memory", "peak RSS", 151.8, "MiB"),
]


def test_report_renders_the_table() -> None:
    text = report.render(MACHINE, FIGURES, total_seconds=321.4, mode="full")
    lines = text.splitlines()
    assert "| Test CPU 9000 | 2 | 4.0 GiB | CPython 3.11.7 | Debian GNU/Linux 12 |" in text
    assert "| 2026-01-02 03:04 UTC | wrk debian/4.1.0-3+b2 [epoll] |" in text
    header = lines.index("| benchmark | figure | median | p99 | runs | target | met |")
    rows = lines[header + 2 : header + 2 + len(FIGURES)]
    assert rows[0] == "| 1. Generation | ratio make / bare | 1.46× | — | 5 | <= 1.3 | **no** |"
    assert rows[1] == "| 3. Mock portal | GET \\| default | 4.20 ms | 9.88 ms | 1 | < 10 ms | yes |"
    assert rows[2] == "| 3. Mock portal | throughput (8 c) | 1,234 req/s | 12.50 ms | 1 | — | — |"
    assert rows[3] == "| 5. Contract | cases | 1,043 in 21.7 | — | 1 | >= 1,000 | yes |"
    assert rows[4] == "| 6. Peak memory | peak RSS | 152 MiB | — | 1 | — | — |"
    # every row has the header's seven cells
    for row in rows:
        assert row.replace("\\|", "").count("|") == 8
    assert "Targets met: 2 of 3. Missed: 1. Generation: ratio make / bare." in text
    assert "in 321 s" in text


def test_findings_only_for_missed_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "KNOWN_CAUSES", [("ratio make", "cause A"), ("GET", "cause B")])
    assert report.findings(FIGURES) == ["cause A"]
    text = report.render(MACHINE, FIGURES, total_seconds=1, findings=["cause A"])
    assert "- cause A" in text


def test_format_value_units() -> None:
    assert report.format_value(None, "ms") == "—"
    assert report.format_value(0.123, "s") == "0.12 s"
    assert report.format_value(51.0, "cases/s") == "51 cases/s"


@pytest.mark.slow  # the harness in a process of its own
def test_dry_run_plans_every_benchmark() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--dry-run"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    planned = [line.strip() for line in run.stdout.splitlines() if line.startswith("  ")]
    assert len(BENCHMARKS) == 9
    assert [line.split(":")[0] for line in planned] == [
        "1. Generation",
        "2. Client decoding",
        "3. Mock portal",
        "3. Mock portal (delete stall)",
        "4. Prism",
        "5. Contract suite",
        "6. Peak memory",
        "7. Live contract runs",
        "8. Live runs at a distance",
    ]
    assert "quick mode" in run.stdout
