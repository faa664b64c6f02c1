"""The run's reports, made from schemathesis's event stream (NDJSON) after the run.

- `junit.xml`: one testcase per operation and check (schemathesis writes one per operation),
  each failure with its text, the request and the answer's status, so a CI page shows which
  rule broke where.
- `contract.ndjson`: the event stream with the answer bodies of passing cases left out (a run
  against 2,000 invoices otherwise writes hundreds of megabytes); failures keep everything.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSED = {"success", "skip"}
MAX_FAILURES_SHOWN = 5  # per operation and check: distinct ones, the rest are counted


def events(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


@dataclass
class CheckResult:
    runs: int = 0
    failures: list[str] = field(default_factory=list)
    failed: int = 0


def _request_line(interactions: dict[str, Any], case_id: str) -> str:
    interaction = interactions.get(case_id)
    if not isinstance(interaction, dict):
        return ""
    request, response = interaction.get("request") or {}, interaction.get("response") or {}
    status = response.get("status_code", "no answer")
    return f"\nrequest: {request.get('method')} {request.get('uri')}\nanswer: {status}"


def _failure_text(check: dict[str, Any], interactions: dict[str, Any], case_id: str) -> str:
    failure = (check.get("failure_info") or {}).get("failure") or {}
    head = " ".join(str(failure.get(k)) for k in ("code", "title") if failure.get(k))
    body = str(failure.get("message") or "")
    return f"{head or check.get('name')}\n{body}{_request_line(interactions, case_id)}".strip()


def collect(path: Path) -> tuple[dict[tuple[str, str], CheckResult], list[tuple[str, str]]]:
    """Per (operation, check): how often it ran and its distinct failures; and the errors."""
    results: dict[tuple[str, str], CheckResult] = {}
    errors: list[tuple[str, str]] = []
    for event in events(path):
        if "NonFatalError" in event:
            error = event["NonFatalError"]
            info = error.get("info") or error.get("value") or {}
            message = info.get("message") if isinstance(info, dict) else None
            errors.append((str(error.get("label")), str(message or json.dumps(info)[:2000])))
            continue
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        label = str(recorder.get("label"))
        for case_id, checks in (recorder.get("checks") or {}).items():
            for check in checks:
                result = results.setdefault((label, check["name"]), CheckResult())
                result.runs += 1
                if check.get("status") in PASSED:
                    continue
                result.failed += 1
                text = _failure_text(check, recorder.get("interactions") or {}, case_id)
                if text not in result.failures and len(result.failures) < MAX_FAILURES_SHOWN:
                    result.failures.append(text)
    return results, errors


def write_junit(source: Path, target: Path) -> int:
    """junit.xml with a testcase per operation and check; returns the number failing."""
    results, errors = collect(source)
    suite = ET.Element("testsuite", name="contract")
    failing = 0
    for (label, name), result in sorted(results.items()):
        case = ET.SubElement(suite, "testcase", classname=label, name=name)
        if result.failed:
            failing += 1
            first = result.failures[0].splitlines()[0] if result.failures else name
            more = result.failed - len(result.failures)
            text = "\n\n".join(result.failures) + (f"\n\n(and {more} more)" if more > 0 else "")
            failure = ET.SubElement(case, "failure", message=first)
            failure.text = text
    for label, message in errors:
        failing += 1
        case = ET.SubElement(suite, "testcase", classname=label, name="error")
        ET.SubElement(
            case, "error", message=message.splitlines()[0] if message else "error"
        ).text = message
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failing))
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    target.write_bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    return failing


def _without_passing_bodies(event: dict[str, Any]) -> dict[str, Any]:
    finished = event.get("ScenarioFinished")
    if not finished:
        return event
    recorder = finished["recorder"]
    checks = recorder.get("checks") or {}
    for case_id, interaction in (recorder.get("interactions") or {}).items():
        failed = any(c.get("status") not in PASSED for c in checks.get(case_id, []))
        response = interaction.get("response") if isinstance(interaction, dict) else None
        if not failed and isinstance(response, dict) and response.get("content") is not None:
            response["content"] = None
            response["content_omitted"] = "the case passed"
    return event


def write_ndjson(source: Path, target: Path, full: bool = False) -> None:
    """The event stream, answer bodies kept only for failing cases unless `full`."""
    if full:
        shutil.copyfile(source, target)
        return
    with target.open("w", encoding="utf-8") as out:
        for event in events(source):
            out.write(json.dumps(_without_passing_bodies(event), separators=(",", ":")) + "\n")


def merge(sources: list[Path], target: Path) -> int:
    """The event streams of a run's parts as one stream, in the parts' order; returns its cases.

    Every part of an operation runs its examples phase first (contract.shards), so that, as in
    one process, a later case that repeats an example is not sent again; the merged stream
    keeps each operation's examples once, from its first part."""
    cases = 0
    examples: set[str] = set()
    with target.open("w", encoding="utf-8") as out:
        for path in sources:
            if not path.exists():
                continue
            for event in events(path):
                finished = event.get("ScenarioFinished")
                if finished:
                    recorder = finished["recorder"]
                    label = str(recorder.get("label"))
                    if finished.get("phase") == "examples":
                        if label in examples:
                            continue
                        examples.add(label)
                    cases += len(recorder.get("cases") or {})
                out.write(json.dumps(event, separators=(",", ":")) + "\n")
    return cases
