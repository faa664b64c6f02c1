"""`make contract`: run schemathesis over real HTTP against the embedded mock portal or a live one.

With no PORTAL_URL it starts the mock portal on a free loopback port with a fresh database and
a one-time admin token, waits until it answers, runs the contract, and stops the server whatever
happens. With PORTAL_URL and PORTAL_TOKEN it tests that portal instead: read-only (GET only)
unless CONTRACT_DESTRUCTIVE=1, and then a delete names only invoices that match
CONTRACT_DELETE_FILTER, at most CONTRACT_MAX_DELETES of them (contract.disposable). Live runs
fuzz a spec variant with small pages (contract.live_spec).

A live run keeps several requests in flight while it waits on the network: it is split into
parts run side by side (contract.shards; `--workers`, 4 by default for a live portal, 1 for the
embedded one), giving the same cases and verdicts as one process. Every request of the run,
whatever part sends it, keeps within one rate ceiling (`--rate-limit`, 50 requests a second by
default for a live portal: the 500 in 10 s a portal allows), and a 429 or a 503 with Retry-After
pauses the whole run instead of failing a case (contract.pacing).

The token is passed to schemathesis through the environment (never on a command line), and is
redacted from everything this runner prints; the reports are checked for it afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import tomli_w

from contract import (
    COVERAGE_PART_ENV,
    DISPOSABLE_IDS_ENV,
    LIVE_PAGE_ENV,
    PROBES_ENV,
    READ_ONLY_ENV,
    SPEC_ENV,
    pacing,
    shards,
    storage,
)
from contract.disposable import LIST_PATH, DeletePlan, DisposableError, plan_deletes, still_there
from contract.live_spec import DEFAULT_PAGE, write_small_pages_spec
from contract.output import MIN_BARE_TOKEN, passed_on
from contract.progress import Progress
from contract.reports import merge, write_junit, write_ndjson
from mock_portal.process import READY_LINE, PortalProcess, PortalStartError
from spec_pipeline.errors import PipelineError
from spec_pipeline.spec_document import SpecDocument

CASES = re.compile(r"(\d+) generated")
ADMIN_TOKEN_ENV, USER_TOKEN_ENV = "MOCK_PORTAL_ADMIN_TOKEN", "MOCK_PORTAL_USER_TOKEN"
REPORT_DIR = Path("reports")
EVENTS = "events.ndjson"
FULL_ENV = "CONTRACT_FULL_REPORTS"
REPLAY_COMMAND = "python -m contract.run --replay"
WORKERS_ENV, RATE_ENV = "CONTRACT_WORKERS", "CONTRACT_RATE_LIMIT"
LIVE_WORKERS, MAX_WORKERS = 4, 16
LIVE_RATE = 50.0  # requests a second: the 500 in 10 s a portal allows one client


class ContractError(Exception):
    pass


@dataclass(frozen=True)
class Pace:
    """How fast a run may go: processes at once (each one request in flight) and requests a
    second for the whole run (0: no ceiling)."""

    workers: int
    rate: float

    def describe(self) -> str:
        ceiling = f"at most {self.rate:g} requests/s" if self.rate else "no rate ceiling"
        return f"{ceiling}, {self.workers} in flight at most"


@dataclass(frozen=True)
class Target:
    url: str
    token: str
    live: bool
    destructive: bool
    deletes: DeletePlan | None = None  # a live destructive run: what it may delete


def say(message: str) -> None:
    print(f"contract: {message}", flush=True)


@contextmanager
def embedded_portal(invoices: int, seed: int, timeout: float = 120.0) -> Iterator[Target]:
    """The mock portal on 127.0.0.1:<free port>, on a fresh database, stopped on exit."""
    token, user_token = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="contract-portal-") as tmp:
        say(f"starting the mock portal ({invoices} invoices, seed {seed})")
        options = [
            "--db", str(Path(tmp) / "portal.sqlite"),
            "--invoices", str(invoices), "--seed", str(seed),
        ]  # fmt: skip
        # The tokens go through the environment: every local user can read a command line.
        env = {**os.environ, ADMIN_TOKEN_ENV: token, USER_TOKEN_ENV: user_token}
        try:
            server = PortalProcess(*options, timeout=timeout, secrets=(token, user_token), env=env)
        except PortalStartError as exc:
            raise ContractError(str(exc)) from None
        with server:
            say(f"{READY_LINE}{server.url}")
            yield Target(url=server.url, token=token, live=False, destructive=True)
        say("mock portal stopped")


def live_portal() -> Target:
    url = os.environ["PORTAL_URL"].strip().rstrip("/")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ContractError(f"PORTAL_URL must be an http(s) address, not {url[:80]!r}")
    token = os.environ.get("PORTAL_TOKEN", "")
    if not token:
        raise ContractError("a live portal (--url or PORTAL_URL) needs its token in PORTAL_TOKEN")
    if any(not "!" <= char <= "~" for char in token):
        # never the character or its position: either gives part of the secret away
        raise ContractError(
            "PORTAL_TOKEN holds a space, a control character or a character outside ASCII; "
            "a token travels in an HTTP header, which cannot carry it (the token is not shown)"
        )
    destructive = os.environ.get("CONTRACT_DESTRUCTIVE") == "1"
    return Target(url=url, token=token, live=True, destructive=destructive)


def config_for(target: Target, base: Path, workdir: Path, part: str = "") -> Path:
    """schemathesis.toml with the event stream written to `workdir` (the runner makes the
    reports from it), and made safe for a live portal. A part of a split run (`part`) keeps its
    HTML report and its store of failures in a folder of its own."""
    config = tomllib.loads(base.read_text(encoding="utf-8"))
    config["workers"] = 1  # the runner's --workers runs parts side by side (contract.shards)
    config.pop("rate-limit", None)  # the runner's --rate-limit holds for every part together
    reports = config.setdefault("reports", {})
    reports["ndjson"] = {"enabled": True, "path": str(workdir / EVENTS)}
    reports["junit"] = {"enabled": False}  # contract.reports writes one per operation and check
    html = reports.get("html")
    if part and isinstance(html, dict) and html.get("path"):
        html["path"] = str(Path(html["path"]) / part)
    # schemathesis's own store (the failures --replay sends again) beside the reports, not in
    # a .schemathesis folder of the user's working folder
    cache = REPORT_DIR / "schemathesis-cache"
    config.setdefault("cache", {})["directory"] = str((cache / part if part else cache).resolve())
    if target.live:
        # Probing methods the paths lack would create or change things on a real portal.
        config.setdefault("phases", {}).setdefault("coverage", {})["unexpected-methods"] = []
    derived = workdir / "schemathesis.toml"
    derived.write_text(tomli_w.dumps(config), encoding="utf-8")
    return derived


def list_filters(spec: Path) -> list[str]:
    """The query parameters of getInvoices: the names a delete filter may use."""
    document = SpecDocument.from_path(spec)
    for _, _, operation in document.operations():
        if operation.get("operationId") == "getInvoices":
            params = (document.resolve(p) for p in operation.get("parameters", []))
            return [p["name"] for p in params if p.get("in") == "query"]
    raise ContractError(f"{spec} has no getInvoices operation")


def schemathesis_env(target: Target, spec: Path, page: int) -> dict[str, str]:
    """What schemathesis and the hooks need: the token (never on a command line), the spec the
    hooks judge by, and a live run's limits."""
    env = {**os.environ, "CONTRACT_TOKEN": target.token, SPEC_ENV: str(spec)}
    for name in (
        "PORTAL_TOKEN", DISPOSABLE_IDS_ENV, LIVE_PAGE_ENV, READ_ONLY_ENV, COVERAGE_PART_ENV,
        PROBES_ENV, pacing.PACE_ENV, pacing.RATE_ENV,
    ):  # fmt: skip
        env.pop(name, None)
    if target.live:
        env[LIVE_PAGE_ENV] = str(page)
        if target.deletes and target.deletes.pool:
            env[DISPOSABLE_IDS_ENV] = ",".join(map(str, target.deletes.pool))
        else:
            env[READ_ONLY_ENV] = "1"
    return env


@dataclass(frozen=True)
class Run:
    """One `st run`: what it tests, with which settings, in which folder."""

    target: Target
    spec: Path  # what the hooks judge by
    fuzzed: Path  # what schemathesis generates from (the spec, or its live variant)
    base_config: Path
    workdir: Path
    extra: list[str]
    page: int
    pace: Pace


def read_only(run: Run) -> bool:
    return run.target.live and READ_ONLY_ENV in schemathesis_env(run.target, run.spec, run.page)


def run_phases(run: Run) -> list[str]:
    """The phases a run goes through: --phases if given, else those schemathesis.toml enables
    (a read-only live run never has the stateful phase, which chains lists into deletes)."""
    chosen, _ = shards.phases_option(run.extra)
    if chosen is None:
        settings = tomllib.loads(run.base_config.read_text(encoding="utf-8")).get("phases", {})
        chosen = [p for p in shards.SPLIT_PHASES if settings.get(p, {}).get("enabled", True)]
        if read_only(run):
            chosen = [p for p in chosen if p != "stateful"]
    return chosen


def run_operations(run: Run) -> list[str]:
    """The operationIds the run tests (GET ones only when read-only)."""
    document = SpecDocument.from_path(run.fuzzed)
    return [
        str(op["operationId"])
        for _, method, op in document.operations()
        if op.get("operationId") and (method.upper() == "GET" or not read_only(run))
    ]


def pace_env(run: Run, pace_file: Path) -> dict[str, str]:
    return {pacing.PACE_ENV: str(pace_file), pacing.RATE_ENV: str(run.pace.rate)}


def run_schemathesis(run: Run) -> tuple[int, int]:
    """`st run` generating from `run.fuzzed`; the hooks judge against `run.spec`. In parts side
    by side when `--workers` allows (contract.shards)."""
    command = ["run", str(run.fuzzed), "--url", run.target.url]
    phases = run_phases(run)
    chosen, extra = shards.phases_option(run.extra)
    pace_file = run.workdir / "pace.json"
    pace_file.touch()
    pacer = pacing.Pacer(pace_file, run.pace.rate)
    env = {**schemathesis_env(run.target, run.spec, run.page), **pace_env(run, pace_file)}
    if run.pace.workers > 1 and shards.chooses_operations(run.extra):
        say("--include-/--exclude- options given: one process (the parts split by operation)")
    elif run.pace.workers > 1 and not set(phases) <= set(shards.SPLIT_PHASES):
        pass  # one process: schemathesis names the unknown phase (exit 2)
    elif run.pace.workers > 1:
        # each part names its operation (GET ones only when read-only): schemathesis joins
        # --include- options of different kinds with OR, so no --include-method here
        parts = shards.split(run_operations(run), phases, run.pace.workers)
        code, cases = run_parts(run, parts, [*command, *extra], env, pacer)
        say_pace(run, pacer)
        return code, cases
    if read_only(run):
        command += ["--include-method", "GET"]
        if chosen is None:
            command += ["--phases", ",".join(phases)]
    config = config_for(run.target, run.base_config, run.workdir)
    with Progress(pacer, 1, lambda: 0) if not sys.stdout.isatty() else _quiet():
        result = run_st(run.target, config, [*command, *run.extra], env)
    say_pace(run, pacer)
    return result


@contextmanager
def _quiet() -> Iterator[None]:
    yield  # on a terminal a one-process run shows schemathesis's own output as it goes


def say_pace(run: Run, pacer: pacing.Pacer) -> None:
    state = pacer.read()
    say(
        f"{state.sent} requests at {state.rate_held():.1f}/s ({run.pace.describe()}); "
        f"backed off {state.backoffs} time(s) for a 429 or 503"
        + (f", the longest pause {state.longest_pause:g}s" if state.backoffs else "")
    )


def run_parts(
    run: Run, parts: list[shards.Part], command: list[str], env: dict[str, str],
    pacer: pacing.Pacer,
) -> tuple[int, int]:  # fmt: skip
    """Every part as its own `st run`, `run.pace.workers` at a time; one summary, and one event
    stream (workdir/events.ndjson) for the reports, in the parts' order."""
    say(f"{len(parts)} parts, {run.pace.workers} at a time (--workers)")
    running: dict[int, tuple[int, Path]] = {}  # pid -> (index, folder)
    finished: dict[int, tuple[int, Path]] = {}
    queue = list(enumerate(parts))
    # one process loads schemathesis and the hooks, then forks each part (contract.st --parts)
    log = (run.workdir / "parts.log").open("w", encoding="utf-8")
    zygote = subprocess.Popen(
        [sys.executable, "-m", "contract.st", "--parts"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
        env={**env, **storage.storage_env(run.workdir / "hypothesis")},
    )  # fmt: skip
    assert zygote.stdin is not None and zygote.stdout is not None

    def start(index: int, part: shards.Part) -> None:
        folder = run.workdir / f"part-{index:02d}"
        folder.mkdir()
        config = config_for(run.target, run.base_config, folder, f"part-{index:02d}")
        order = {
            "argv": ["--config-file", str(config), *command, *part.args],
            "env": {**env, **part.env, storage.STORAGE_ENV: str(folder / "hypothesis")},
            "output": str(folder / "output.txt"),
        }
        assert zygote.stdin is not None and zygote.stdout is not None
        zygote.stdin.write(json.dumps(order) + "\n")
        zygote.stdin.flush()
        answer = zygote.stdout.readline().strip()
        if not answer.isdigit():
            log.flush()
            tail = (run.workdir / "parts.log").read_text(encoding="utf-8")[-2000:]
            raise ContractError(f"the parts of the run could not start: {tail}")
        running[int(answer)] = (index, folder)

    try:
        with Progress(pacer, len(parts), lambda: len(finished)):
            try:
                while queue or running:
                    while queue and len(running) < run.pace.workers:
                        start(*queue.pop(0))
                    time.sleep(0.05)
                    for pid, (index, folder) in list(running.items()):
                        status = folder / "output.txt.status"
                        if status.exists():
                            del running[pid]
                            finished[index] = (int(status.read_text() or 1), folder)
            finally:
                for pid in running:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
    finally:
        with contextlib.suppress(OSError):
            zygote.stdin.close()
        zygote.wait()
        log.close()
        storage.keep_tables(run.workdir / "hypothesis")
    return summarise_parts(run, parts, finished)


def summarise_parts(
    run: Run, parts: list[shards.Part], finished: dict[int, tuple[int, Path]]
) -> tuple[int, int]:
    codes = []
    for index, part in enumerate(parts):
        code, folder = finished[index]
        codes.append(code)
        text = (folder / "output.txt").read_text(encoding="utf-8", errors="replace")
        cases = 0
        lines = list(passed_on(text.splitlines(keepends=True), run.target.token, REPLAY_COMMAND))
        for line in lines:
            if match := CASES.search(line):
                cases = int(match.group(1))
        verdict = "passed" if code == 0 else f"FAILED (schemathesis exit {code})"
        say(f"part {part.name}: {cases} cases, {verdict}")
        if code != 0:
            sys.stdout.writelines(lines)
    sys.stdout.flush()
    folders = [finished[index][1] / EVENTS for index in range(len(parts))]
    total = merge(folders, run.workdir / EVENTS)
    code = 1 if 1 in codes else max(codes, default=0)
    return code, total


def replay(
    target: Target, spec: Path, base_config: Path, workdir: Path, ids: list[str], page: int
) -> int:
    """`st replay` of failures stored by an earlier run (reports/schemathesis-cache, and a
    folder there per part of a split run), against the same portal (a fresh embedded one,
    same data, when there is no PORTAL_URL)."""
    env = schemathesis_env(target, spec, page)
    stores = [("", workdir)]
    cache = REPORT_DIR / "schemathesis-cache"
    for folder in sorted(cache.glob("part-*")) if cache.is_dir() else []:
        stores.append((folder.name, workdir / folder.name))
    codes = []
    for part, folder in stores:
        store = cache / part if part else cache
        files = [p for p in store.rglob("*") if p.is_file()] if store.is_dir() else []
        if not part:  # the one-process store: not the parts' folders inside it
            files = [p for p in files if not p.relative_to(store).parts[0].startswith("part-")]
        text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
        wanted = [i for i in ids if i in text]
        if not text or (ids and not wanted):
            continue
        folder.mkdir(exist_ok=True)
        config = config_for(target, base_config, folder, part)
        command = ["replay", *wanted, "--url", target.url, "--schema-location", str(spec)]
        codes.append(run_st(target, config, command, env)[0])
    if not codes:
        say(
            "nothing to replay: no stored failure"
            + (f" with the ID {', '.join(ids)}" if ids else "")
        )
        return 2
    return 1 if 1 in codes else max(codes)


def run_st(
    target: Target, config: Path, command: list[str], env: dict[str, str]
) -> tuple[int, int]:
    full = [sys.executable, "-m", "contract.st", "--config-file", str(config), *command]
    # hypothesis keeps its folder in the run's temporary one, not in the user's working folder
    env = {**env, **storage.storage_env(config.parent / "hypothesis")}
    process = subprocess.Popen(
        full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    assert process.stdout is not None
    cases = 0
    for line in passed_on(process.stdout, target.token, REPLAY_COMMAND):
        match = CASES.search(line)
        if match:
            cases = int(match.group(1))
        sys.stdout.write(line)
    sys.stdout.flush()
    code = process.wait()
    storage.keep_tables(config.parent / "hypothesis")
    return code, cases


def write_reports(workdir: Path) -> None:
    events = workdir / EVENTS
    if not events.exists():
        return
    failing = write_junit(events, REPORT_DIR / "junit.xml")
    write_ndjson(events, REPORT_DIR / "contract.ndjson", full=os.environ.get(FULL_ENV) == "1")
    kept = (
        "in full"
        if os.environ.get(FULL_ENV) == "1"
        else f"bodies of failures only ({FULL_ENV}=1 keeps all)"
    )
    say(f"junit.xml: {failing} failing operation/check pair(s); contract.ndjson: {kept}")


def leak_pattern(token: str) -> re.Pattern[bytes]:
    """What a leaked token looks like in a report. A long token anywhere; a short one (a real
    portal may issue one, and `GET` is in every report) only where it would be sent: after
    `Authorization` or `asc_auth_key`, and not as part of a longer word."""
    quoted = re.escape(token.encode())
    if len(token) >= MIN_BARE_TOKEN:
        return re.compile(quoted)
    return re.compile(
        rb"(?i:authorization|asc_auth_key)[\"']?\s*[:=]\s*[\"']?(?:Bearer\s+)?"
        + quoted
        + rb"(?![\w.~+/=-])"
    )


def leaked_into(directory: Path, token: str) -> list[Path]:
    """Report files that contain the token (which schemathesis should have sanitised)."""
    if not directory.exists():
        return []
    pattern = leak_pattern(token)
    return [p for p in directory.rglob("*") if p.is_file() and pattern.search(p.read_bytes())]


def live_mode(target: Target) -> str:
    if target.deletes is None:
        return (
            "read-only: GET operations only, no stateful phase (CONTRACT_DESTRUCTIVE=1 adds DELETE)"
        )
    plan = target.deletes
    if not plan.pool:
        return (
            f"read-only: no invoice matches CONTRACT_DELETE_FILTER={plan.filter}, "
            "so no delete is sent"
        )
    return (
        f"DESTRUCTIVE: DELETE is sent, naming only invoices matching {plan.filter} "
        f"(at most {plan.cap}: {', '.join(map(str, plan.pool))})"
    )


def report_deletes(target: Target) -> None:
    """Print and record every disposable invoice the run deleted (gone from the portal)."""
    plan = target.deletes
    if plan is None or not plan.pool:
        return
    try:
        gone = sorted(set(plan.pool) - still_there(target.url, target.token, plan))
    except DisposableError as exc:
        say(f"warning: could not list the disposable invoices after the run: {exc}")
        return
    record = {
        "filter": plan.filter,
        "cap": plan.cap,
        "disposable": list(plan.pool),
        "deleted": gone,
    }
    (REPORT_DIR / "deleted-invoices.json").write_text(json.dumps(record, indent=2) + "\n")
    shown = ", ".join(map(str, gone)) or "none"
    say(f"deleted {len(gone)} invoice(s) matching {plan.filter} (cap {plan.cap}): {shown}")


def reach(target: Target) -> None:
    """One small list request before the run: a wrong address or token is a usage error (exit
    2) named here, not hundreds of failed cases."""
    request = urllib.request.Request(
        f"{target.url}{LIST_PATH}?count=1", headers={"Authorization": target.token}
    )
    try:
        with urllib.request.urlopen(request, timeout=30):  # noqa: S310 (the user's portal)
            return
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            raise ContractError(f"{target.url} refused PORTAL_TOKEN (401)") from None
        if exc.code == 404:
            raise ContractError(
                f"{target.url}{LIST_PATH} answers 404: PORTAL_URL must be the portal's "
                "address alone, such as https://yourportal.onlyoffice.com (no /api/2.0)"
            ) from None
        return  # 402, 403, 5xx: the contract says what they must look like
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ContractError(f"cannot reach the portal at {target.url}: {reason}") from None


USAGE = """Test a portal against the invoice contract with schemathesis, over real HTTP.

Without --url (or PORTAL_URL) it starts the embedded mock portal on a free loopback port and
tests it. With --url and PORTAL_TOKEN it tests that portal: read-only (GET only, small pages)
unless CONTRACT_DESTRUCTIVE=1 with CONTRACT_DELETE_FILTER and CONTRACT_MAX_DELETES. Reports go
to ./reports (junit.xml, contract.ndjson)."""


def unknown_options(args: list[str]) -> list[str]:
    """The options in `args` that `schemathesis run` does not have either."""
    from schemathesis.cli.commands import schemathesis as command_group

    run_command = command_group.commands["run"]
    known = {
        name
        for param in run_command.params
        for name in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ()))
    }
    options = [a.split("=", 1)[0] for a in args if a.startswith("-") and not _number(a)]
    return [name for name in options if name not in known]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def installed_version() -> str:
    """The runner's wheel version, or this repository's project's when run from a clone."""
    for name in ("onlyoffice-contract-runner", "onlyoffice-invoice-contract"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def parse_rate(text: str) -> float:
    """Requests a second from `40`, `40/s`, `600/m` or `off`."""
    value = text.strip().lower()
    if value in {"off", "none", "0"}:
        return 0.0
    number, _, unit = value.partition("/")
    per = {"": 1.0, "s": 1.0, "m": 60.0}.get(unit)
    try:
        rate = float(number) / per if per else -1.0
    except ValueError:
        rate = -1.0
    if not 0 < rate <= 10000:
        raise ValueError(
            f"--rate-limit must be requests a second (40), per second (40/s) or per minute "
            f"(600/m), or off: {text[:40]!r}"
        )
    return rate


def pace_from(workers: str | None, rate: str | None, live: bool) -> Pace:
    """The run's pace from the options, else the environment, else the defaults."""
    workers = workers if workers is not None else os.environ.get(WORKERS_ENV)
    rate = rate if rate is not None else os.environ.get(RATE_ENV)
    count = LIVE_WORKERS if live else 1
    if workers is not None and workers.strip():
        try:
            count = int(workers)
        except ValueError:
            count = 0
        if not 1 <= count <= MAX_WORKERS:
            raise ValueError(
                f"--workers must be a whole number from 1 to {MAX_WORKERS}: {workers[:20]!r}"
            )
    ceiling = LIVE_RATE if live else 0.0
    if rate is not None and rate.strip():
        ceiling = parse_rate(rate)
    return Pace(count, ceiling)


def main(argv: list[str] | None = None, prog: str = "python -m contract.run") -> int:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=USAGE,
        epilog="Every other option goes to `schemathesis run` (for instance --max-examples 10, "
        "--exclude-checks list_rules_hold). Exit status: 0 the portal keeps the contract, 1 it "
        "breaks it (or a report would leak the token), 2 a usage or connection error.",
    )
    parser.add_argument(
        "--url",
        help="a live portal's address, tested read-only (also PORTAL_URL; its token in "
        "PORTAL_TOKEN); without it, the embedded mock portal",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {installed_version()}")
    parser.add_argument(
        "--spec", type=Path, default=Path("openapi.yaml"), help="the contract (openapi.yaml)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("schemathesis.toml"),
        help="schemathesis settings: seed, phases, checks (schemathesis.toml)",
    )
    parser.add_argument("--invoices", type=int, default=150, help="embedded portal's data set")
    parser.add_argument("--seed", type=int, default=1, help="embedded portal's data seed")
    parser.add_argument(
        "--page",
        type=int,
        default=DEFAULT_PAGE,
        help=f"live runs: the largest page a generated list request asks for ({DEFAULT_PAGE})",
    )
    parser.add_argument(
        "--workers",
        "-w",
        metavar="N",
        help=f"requests in flight at once: the run split into parts side by side (also "
        f"{WORKERS_ENV}; {LIVE_WORKERS} for a live portal, 1 for the embedded one)",
    )
    parser.add_argument(
        "--rate-limit",
        metavar="RATE",
        help=f"the most requests a second the whole run sends, as 40, 40/s or 600/m; off for "
        f"none (also {RATE_ENV}; {LIVE_RATE:g}/s for a live portal, off for the embedded one). "
        "A 429, or a 503 with Retry-After, pauses the whole run and the request is sent again",
    )
    parser.add_argument(
        "--replay",
        nargs="*",
        metavar="ID",
        help="replay failures of an earlier run (all, or the IDs it printed) instead of a run",
    )
    args, schemathesis_args = parser.parse_known_args(argv)  # the rest goes to `schemathesis run`
    unknown = unknown_options(schemathesis_args)
    if unknown:  # refused before a portal starts, not after, by schemathesis
        parser.error(
            f"unrecognized option {', '.join(unknown)} (neither this runner's nor "
            "`schemathesis run`'s)"
        )
    if args.url is not None:
        os.environ["PORTAL_URL"] = args.url
    if not 0 < args.page <= 1000:
        parser.error("--page must be from 1 to 1000")
    for path in (args.spec, args.config):
        if not path.is_file():
            parser.error(f"{path} not found (--spec and --config name the spec and settings)")
    live = bool(os.environ.get("PORTAL_URL"))
    try:
        pace = pace_from(args.workers, args.rate_limit, live)
    except ValueError as exc:
        parser.error(str(exc))
    REPORT_DIR.mkdir(exist_ok=True)
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="contract-") as tmp:
            workdir = Path(tmp)
            if os.environ.get("PORTAL_URL"):
                target = live_portal()
                if target.destructive:
                    plan = plan_deletes(
                        target.url, target.token, os.environ, list_filters(args.spec)
                    )
                    target = dataclasses.replace(target, deletes=plan)
                reach(target)
                say(f"testing the live portal {target.url} — {live_mode(target)}")
                if args.replay is not None:
                    return replay(target, args.spec, args.config, workdir, args.replay, args.page)
                fuzzed = write_small_pages_spec(args.spec, args.page, workdir)
                say(f"list requests ask for pages of at most {args.page} invoices (--page)")
                say(f"pace: {pace.describe()} (--workers, --rate-limit)")
                code, cases = run_schemathesis(
                    Run(
                        target,
                        args.spec,
                        fuzzed,
                        args.config,
                        workdir,
                        schemathesis_args,
                        args.page,
                        pace,
                    )  # fmt: skip
                )
                report_deletes(target)
            else:
                with embedded_portal(args.invoices, args.seed) as target:
                    if args.replay is not None:
                        return replay(
                            target, args.spec, args.config, workdir, args.replay, args.page
                        )
                    code, cases = run_schemathesis(
                        Run(
                            target,
                            args.spec,
                            args.spec,
                            args.config,
                            workdir,
                            schemathesis_args,
                            0,
                            pace,
                        )  # fmt: skip
                    )
            write_reports(workdir)
    except (ContractError, DisposableError, PipelineError) as exc:
        say(f"error: {exc}")
        return 2
    elapsed = time.perf_counter() - started
    rate = cases / elapsed if elapsed else 0.0
    say(f"{cases} cases in {elapsed:.1f}s ({rate:.0f} cases/s); reports in {REPORT_DIR}/")
    leaks = leaked_into(REPORT_DIR, target.token)
    if leaks:
        say("error: the token appears in " + ", ".join(map(str, leaks)))
        return 1
    say("passed" if code == 0 else f"FAILED (schemathesis exit {code})")
    return code


if __name__ == "__main__":
    sys.exit(main())
