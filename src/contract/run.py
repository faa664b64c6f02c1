"""`make contract`: run schemathesis over real HTTP against the embedded mock portal or a live one.

With no PORTAL_URL it starts the mock portal on a free loopback port with a fresh database and
a one-time admin token, waits until it answers, runs the contract, and stops the server whatever
happens. With PORTAL_URL and PORTAL_TOKEN it tests that portal instead: read-only (GET only)
unless CONTRACT_DESTRUCTIVE=1, and then a delete names only invoices that match
CONTRACT_DELETE_FILTER, at most CONTRACT_MAX_DELETES of them (contract.disposable). Live runs
fuzz a spec variant with small pages (contract.live_spec).

The token is passed to schemathesis through the environment (never on a command line), and is
redacted from everything this runner prints; the reports are checked for it afterwards.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import secrets
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

from contract import DISPOSABLE_IDS_ENV, LIVE_PAGE_ENV, READ_ONLY_ENV, SPEC_ENV
from contract.disposable import LIST_PATH, DeletePlan, DisposableError, plan_deletes, still_there
from contract.live_spec import DEFAULT_PAGE, write_small_pages_spec
from contract.output import MIN_BARE_TOKEN, passed_on
from contract.reports import write_junit, write_ndjson
from mock_portal.process import READY_LINE, PortalProcess, PortalStartError
from spec_pipeline.errors import PipelineError
from spec_pipeline.spec_document import SpecDocument

CASES = re.compile(r"(\d+) generated")
ADMIN_TOKEN_ENV, USER_TOKEN_ENV = "MOCK_PORTAL_ADMIN_TOKEN", "MOCK_PORTAL_USER_TOKEN"
REPORT_DIR = Path("reports")
EVENTS = "events.ndjson"
FULL_ENV = "CONTRACT_FULL_REPORTS"
REPLAY_COMMAND = "python -m contract.run --replay"


class ContractError(Exception):
    pass


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


def config_for(target: Target, base: Path, workdir: Path) -> Path:
    """schemathesis.toml with the event stream written to `workdir` (the runner makes the
    reports from it), and made safe for a live portal."""
    config = tomllib.loads(base.read_text(encoding="utf-8"))
    reports = config.setdefault("reports", {})
    reports["ndjson"] = {"enabled": True, "path": str(workdir / EVENTS)}
    reports["junit"] = {"enabled": False}  # contract.reports writes one per operation and check
    # schemathesis's own store (the failures --replay sends again) beside the reports, not in
    # a .schemathesis folder of the user's working folder
    config.setdefault("cache", {})["directory"] = str((REPORT_DIR / "schemathesis-cache").resolve())
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
    for name in ("PORTAL_TOKEN", DISPOSABLE_IDS_ENV, LIVE_PAGE_ENV, READ_ONLY_ENV):
        env.pop(name, None)
    if target.live:
        env[LIVE_PAGE_ENV] = str(page)
        if target.deletes and target.deletes.pool:
            env[DISPOSABLE_IDS_ENV] = ",".join(map(str, target.deletes.pool))
        else:
            env[READ_ONLY_ENV] = "1"
    return env


def run_schemathesis(
    target: Target, spec: Path, fuzzed: Path, config: Path, extra: list[str], page: int = 0
) -> tuple[int, int]:
    """`st run` generating from `fuzzed` (the spec, or its live variant); the hooks judge
    against `spec`."""
    command = ["run", str(fuzzed), "--url", target.url]
    if target.live and READ_ONLY_ENV in schemathesis_env(target, spec, page):
        command += ["--include-method", "GET"]
        if "--phases" not in extra:  # the stateful phase chains lists into deletes
            command += ["--phases", "examples,coverage,fuzzing"]
    return run_st(target, config, [*command, *extra], schemathesis_env(target, spec, page))


def replay(target: Target, spec: Path, config: Path, ids: list[str], page: int) -> int:
    """`st replay` of failures stored by an earlier run (in .schemathesis/ here), against the
    same portal (a fresh embedded one, same data, when there is no PORTAL_URL)."""
    command = ["replay", *ids, "--url", target.url, "--schema-location", str(spec)]
    return run_st(target, config, command, schemathesis_env(target, spec, page))[0]


def run_st(
    target: Target, config: Path, command: list[str], env: dict[str, str]
) -> tuple[int, int]:
    full = [sys.executable, "-m", "contract.st", "--config-file", str(config), *command]
    # hypothesis keeps its folder in the run's temporary one, not in the user's working folder
    env = {**env, "HYPOTHESIS_STORAGE_DIRECTORY": str(config.parent / "hypothesis")}
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
    return process.wait(), cases


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
                config = config_for(target, args.config, workdir)
                if args.replay is not None:
                    return replay(target, args.spec, config, args.replay, args.page)
                fuzzed = write_small_pages_spec(args.spec, args.page, workdir)
                say(f"list requests ask for pages of at most {args.page} invoices (--page)")
                code, cases = run_schemathesis(
                    target, args.spec, fuzzed, config, schemathesis_args, args.page
                )
                report_deletes(target)
            else:
                with embedded_portal(args.invoices, args.seed) as target:
                    config = config_for(target, args.config, workdir)
                    if args.replay is not None:
                        return replay(target, args.spec, config, args.replay, args.page)
                    code, cases = run_schemathesis(
                        target, args.spec, args.spec, config, schemathesis_args
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
