"""A run's pace without a portal: one rate ceiling over every process (contract.pacing), the
back-off a 429 or a 503 with Retry-After brings, the parts a run is split into
(contract.shards) and how their reports become one (contract.reports.merge), the progress
line, and the runner's --workers and --rate-limit."""

from __future__ import annotations

import email.utils
import http.server
import importlib
import io
import json
import multiprocessing
import threading
import time
from pathlib import Path

import pytest
import requests

from contract import COVERAGE_PART_ENV, PROBES_ENV, pacing, run, shards, st
from contract.hooks import CoveragePart
from contract.progress import Progress, line
from contract.reports import merge

# --- Retry-After and what pauses the run -------------------------------------------------------


def test_retry_after_reads_seconds_and_dates_within_the_longest_pause():
    assert pacing.retry_after("3") == 3.0
    assert pacing.retry_after("0") == 0.0
    assert pacing.retry_after("86400") == pacing.MAX_PAUSE
    date = email.utils.formatdate(1_000_010, usegmt=True)
    assert pacing.retry_after(date, now=1_000_000) == pytest.approx(10.0)
    assert pacing.retry_after(email.utils.formatdate(999_000, usegmt=True), now=1_000_000) == 0.0
    for unusable in (None, "", "  ", "soon", "-1", "1.5e3"):
        assert pacing.retry_after(unusable) is None, unusable


def test_a_429_always_pauses_a_503_only_with_retry_after():
    assert pacing.pause_for(429, None) == pacing.DEFAULT_PAUSE
    assert pacing.pause_for(429, "4") == 4.0
    assert pacing.pause_for(503, "2") == 2.0
    assert pacing.pause_for(503, None) is None  # a server error the contract reports
    assert pacing.pause_for(500, "2") is None
    assert pacing.pause_for(200, "2") is None


# --- one schedule for every process -----------------------------------------------------------


def _take_slots(path: str, rate: float, count: int) -> None:
    pacer = pacing.Pacer(Path(path), rate)
    for _ in range(count):
        pacer.acquire(sleep=lambda seconds: None)


def test_processes_sharing_a_pace_file_each_get_their_own_slot(tmp_path):
    path = tmp_path / "pace.json"
    path.touch()
    context = multiprocessing.get_context("fork")
    # one request a second: the schedule reaches far beyond the test's own run time
    workers = [context.Process(target=_take_slots, args=(str(path), 1.0, 40)) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    state = pacing.Pacer(path, 1.0).read()
    # every request counted (no update lost between processes), each in a slot of its own
    assert state.sent == 240
    assert state.next_slot - state.first >= 240 - 1e-6
    assert state.last - state.first >= 239 - 1e-6


def test_without_a_ceiling_nothing_waits(tmp_path):
    path = tmp_path / "pace.json"
    pacer = pacing.Pacer(path, 0.0)
    waits: list[float] = []
    for _ in range(20):
        pacer.acquire(sleep=waits.append)
    assert waits == []
    assert pacer.read().sent == 20


def test_a_back_off_pauses_every_later_request_of_the_run(tmp_path):
    path = tmp_path / "pace.json"
    one, other = pacing.Pacer(path, 0.0), pacing.Pacer(path, 0.0)
    one.back_off(5.0)
    waits: list[float] = []
    other.acquire(sleep=waits.append)
    assert len(waits) == 1 and 4.5 < waits[0] <= 5.0
    state = other.read()
    assert state.backoffs == 1 and state.longest_pause == 5.0


def test_a_negative_ceiling_is_refused(tmp_path):
    with pytest.raises(ValueError, match="must not be negative"):
        pacing.Pacer(tmp_path / "pace.json", -1)


class _Answers(http.server.BaseHTTPRequestHandler):
    """Answers in turn from `script`: (status, Retry-After or None)."""

    script: list[tuple[int, str | None]] = []
    seen = 0

    def do_GET(self) -> None:  # noqa: N802
        status, after = type(self).script[min(type(self).seen, len(type(self).script) - 1)]
        type(self).seen += 1
        self.send_response(status)
        if after is not None:
            self.send_header("Retry-After", after)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _serve(script: list[tuple[int, str | None]]) -> tuple[http.server.HTTPServer, str]:
    answers = type("Answers", (_Answers,), {"script": script, "seen": 0})
    server = http.server.HTTPServer(("127.0.0.1", 0), answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.mark.parametrize(
    ("script", "status", "backoffs", "seen"),
    [
        ([(429, "0"), (503, "0"), (200, None)], 200, 2, 3),  # waited out, then answered
        ([(503, None), (200, None)], 503, 0, 1),  # a plain 503 is the portal's answer
        ([(429, "0")], 429, pacing.MAX_RETRIES, pacing.MAX_RETRIES + 1),  # gives up at last
    ],
)
def test_requests_wait_out_a_429_and_reach_the_checks_with_the_answer_after_it(
    tmp_path, script, status, backoffs, seen
):
    server, url = _serve(script)
    pacer = pacing.Pacer(tmp_path / "pace.json", 0.0)
    uninstall = pacing.install(pacer)
    try:
        answer = requests.get(url, timeout=10)
    finally:
        uninstall()
        server.shutdown()
    assert answer.status_code == status
    state = pacer.read()
    assert (state.backoffs, state.sent) == (backoffs, seen)
    assert server.RequestHandlerClass.seen == seen  # type: ignore[attr-defined]


# --- the parts of a split run -----------------------------------------------------------------


def test_a_run_splits_into_parts_that_cover_each_operation_and_phase_once():
    parts = shards.split(["listA", "listB"], ["examples", "coverage", "fuzzing"], 4)
    assert len(parts) == 2 * (3 + 1)  # coverage in one share fewer than workers
    # the longest first: a fuzzing phase is longer than a third of a coverage phase, so the
    # two fuzzing parts start first and the workers end together
    assert ["fuzzing" in p.args[-1] for p in parts] == [True, True] + [False] * 6
    for operation in ("listA", "listB"):
        mine = [p for p in parts if p.args[1] == operation]
        coverage = [p for p in mine if "coverage" in p.args[-1]]
        assert sorted(p.env[COVERAGE_PART_ENV] for p in coverage) == ["0/3", "1/3", "2/3"]
        fuzzing = [p for p in mine if "fuzzing" in p.args[-1]]
        assert len(fuzzing) == 1 and COVERAGE_PART_ENV not in fuzzing[0].env
        # each part begins with the operation's examples (merged back to one copy)
        assert all(p.args[-1].split(",")[0] == "examples" for p in mine)
    assert all(p.args[:1] == ("--include-operation-id",) for p in parts)
    # the run-level probes of the list rules: in exactly one part
    assert [p.env.get(PROBES_ENV) for p in parts].count(None) == 1


def test_the_stateful_phase_is_one_part_of_its_own_and_starts_first():
    parts = shards.split(["a"], ["coverage", "stateful"], 3)
    assert parts[0].args == ("--phases", "stateful")
    assert [p.args[-1] for p in parts[1:]] == ["coverage", "coverage"]
    assert len(shards.split(["a"], ["coverage"], 1)) == 1
    with pytest.raises(ValueError, match="unknown phase"):
        shards.split(["a"], ["fuzzing", "warp"], 2)


def test_phases_and_operation_choices_are_read_from_the_options():
    assert shards.phases_option(["--phases", "examples,fuzzing", "-n", "3"]) == (
        ["examples", "fuzzing"],
        ["-n", "3"],
    )
    assert shards.phases_option(["--phases=coverage"]) == (["coverage"], [])
    assert shards.phases_option(["--max-examples", "3"]) == (None, ["--max-examples", "3"])
    assert shards.chooses_operations(["--include-path-regex", "filter"])
    assert not shards.chooses_operations(["--max-examples", "3"])


def test_coverage_parts_share_out_the_cases_each_exactly_once_twins_together():
    sent = ["a", "b", "a", "c", "d", "b", "e", "f", "g", "a"]  # "a" and "b" made twice
    kept: dict[int, list[str]] = {}
    for index in range(3):
        part = CoveragePart()  # every part sees the whole list, in the same order
        kept[index] = [s for s in sent if part.part_of("op", s, 3) == index]
    assert sorted(s for found in kept.values() for s in found) == sorted(sent)
    for twin in ("a", "b"):
        assert sum(twin in found for found in kept.values()) == 1
    assert all(kept.values())


def _finished(phase: str, label: str, cases: int) -> dict[str, object]:
    ids = {f"{phase}-{label}-{i}": {"value": {}} for i in range(cases)}
    return {"ScenarioFinished": {"phase": phase, "recorder": {"label": label, "cases": ids}}}


def test_merged_reports_keep_each_operations_examples_once(tmp_path):
    first, second = tmp_path / "a.ndjson", tmp_path / "b.ndjson"
    first.write_text(
        "\n".join(
            json.dumps(e)
            for e in [
                {"Initialize": {}},
                _finished("examples", "GET /x", 3),
                _finished("coverage", "GET /x", 10),
            ]
        )  # fmt: skip
    )
    second.write_text(
        "\n".join(
            json.dumps(e)
            for e in [
                _finished("examples", "GET /x", 3),
                _finished("fuzzing", "GET /x", 7),
                _finished("examples", "GET /y", 2),
            ]
        )  # fmt: skip
    )
    target = tmp_path / "events.ndjson"
    assert merge([first, second, tmp_path / "missing"], target) == 3 + 10 + 7 + 2
    phases = [
        (e["ScenarioFinished"]["phase"], e["ScenarioFinished"]["recorder"]["label"])
        for e in map(json.loads, target.read_text().splitlines())
        if "ScenarioFinished" in e
    ]
    assert phases == [
        ("examples", "GET /x"), ("coverage", "GET /x"), ("fuzzing", "GET /x"),
        ("examples", "GET /y"),
    ]  # fmt: skip


# --- the progress line ------------------------------------------------------------------------


def test_the_progress_line_tells_requests_rate_failures_and_parts():
    state = pacing.PaceState(sent=120, failures=2, backoffs=1)
    text = line(state, 10.0, 3, 8)
    assert text == (
        "120 requests (12/s), 2 failure(s) so far, 10s, 3/8 parts done, backed off 1 time(s)"
    )
    assert "parts" not in line(pacing.PaceState(sent=5), 1.0, 0, 1)


def test_in_a_log_the_progress_is_a_plain_line_now_and_then(tmp_path):
    pacer = pacing.Pacer(tmp_path / "pace.json", 0.0)
    pacer.acquire()
    out = io.StringIO()  # not a terminal
    with Progress(pacer, 2, lambda: 1, stream=out, interval=0.01):
        deadline = time.monotonic() + 30
        while "\n" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    lines = out.getvalue().splitlines()
    assert lines and all(x.startswith("contract: progress: 1 requests") for x in lines)
    assert "\r" not in out.getvalue()


# --- --workers and --rate-limit ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate"), [("40", 40.0), ("40/s", 40.0), ("600/m", 10.0), ("off", 0.0), ("0", 0.0)]
)
def test_a_rate_limit_is_requests_a_second(text, rate):
    assert run.parse_rate(text) == rate


def test_a_live_portal_gets_a_ceiling_and_several_workers_by_default_the_mock_neither(
    monkeypatch,
):
    monkeypatch.delenv(run.WORKERS_ENV, raising=False)
    monkeypatch.delenv(run.RATE_ENV, raising=False)
    live = run.pace_from(None, None, live=True)
    assert live.workers > 1 and 0 < live.rate <= 50  # under the 500 in 10 s a portal allows
    assert run.pace_from(None, None, live=False) == run.Pace(1, 0.0)
    monkeypatch.setenv(run.WORKERS_ENV, "2")
    monkeypatch.setenv(run.RATE_ENV, "120/m")
    assert run.pace_from(None, None, live=True) == run.Pace(2, 2.0)
    assert run.pace_from("6", "off", live=True) == run.Pace(6, 0.0)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--rate-limit", "fast"], "--rate-limit must be requests a second"),
        (["--rate-limit", "-3"], "--rate-limit must be requests a second"),
        (["--rate-limit", "5/h"], "--rate-limit must be requests a second"),
        (["--workers", "0"], "--workers must be a whole number from 1 to 16"),
        (["-w", "many"], "--workers must be a whole number from 1 to 16"),
    ],
)
def test_a_bad_pace_is_one_line_and_starts_nothing(tmp_path, monkeypatch, capsys, option, message):
    monkeypatch.chdir(tmp_path)
    spec, config = tmp_path / "spec.yaml", tmp_path / "st.toml"
    spec.write_text("openapi: 3.1.0\n")
    config.write_text("")
    with pytest.raises(SystemExit) as exit_:
        run.main(["--spec", str(spec), "--config", str(config), *option])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "reports").exists()


@pytest.mark.slow  # imports schemathesis's engine and hypothesis: seconds
def test_every_module_the_parts_process_preloads_exists_in_the_pinned_versions():
    # contract.st.warm skips a module that is gone (a later schemathesis may move one), so a
    # misspelt or moved name would silently cost every part its imports again: name it here.
    missing = []
    for name in st.PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    assert missing == []
