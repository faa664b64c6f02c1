"""What the runner passes on of schemathesis's output.

- The token is blanked out of every line.
- The "Failed to extract data from response" section becomes one line: a stateful step that
  follows a link from an answer without the linked value (a delete that deleted nothing, an
  empty page) is skipped, which is expected and no failure; the full list is in the HTML report.
- Replay hints (`st replay ID`) name the runner's own replay, which sets the token and the spec.
- Files in the runner's temporary folder (the derived settings, the event stream) are named for
  what the user keeps instead; the `filter_failure` count says what was dropped and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

SECTION = re.compile(r"^=+ (.+?) =+$")
EXTRACTION_HEADER = "Failed to extract data from response:"
CASE_LINE = re.compile(r"^\s+\d+\. Test Case ID: ")
REPLAY = re.compile(r"^(\s*)st replay (\S+)\s*$")
# Files in the runner's temporary folder, gone when the run ends: named for what they stand for
# (a part of a split run has a folder of its own inside it: part-NN/)
CONFIGURATION = re.compile(
    r"^(\s*Configuration:\s+)\S*contract-[^/\s]+/(?:part-\d+/)?schemathesis\.toml\s*$"
)
EVENTS = re.compile(r"^(\s*- NDJSON: )\S*contract-[^/\s]+/(?:part-\d+/)?events\.ndjson\s*$")
FILTERED = re.compile(r"^\s*Filtered: \d+ \(dropped by `filter_failure`\)\s*$")


MIN_BARE_TOKEN = 12  # shorter tokens are looked for only where a header or cookie would show them


def mask_token(line: str, token: str) -> str:
    """`line` with the token blanked out. A long token anywhere; a short one (a real portal may
    issue one, and a token such as `GET` is a word of every request line) only after
    `Authorization` or `asc_auth_key`, as a whole value."""
    if len(token) >= MIN_BARE_TOKEN:
        return line.replace(token, "[token]")
    pattern = (
        r"((?i:authorization|asc_auth_key)[\"']?\s*[:=]\s*[\"']?(?:Bearer\s+)?)"
        + re.escape(token)
        + r"(?![\w.~+/=-])"
    )
    return re.sub(pattern, r"\1[token]", line)


def passed_on(lines: Iterable[str], token: str, replay_command: str) -> Iterator[str]:
    """`lines` as the user should see them."""
    held: list[str] = []  # a section heading, until the line after it says what it is
    skipping = False
    skipped_cases = 0
    for raw in lines:
        line = mask_token(raw, token) if token else raw
        stripped = line.strip()
        if SECTION.match(stripped):
            if skipping:
                skipping = False
                yield summary(skipped_cases)
            if SECTION.match(stripped).group(1) == "Stateful tests":  # type: ignore[union-attr]
                held = [line]
                continue
        if held:
            if not stripped:
                held.append(line)
                continue
            if stripped == EXTRACTION_HEADER:
                held, skipping, skipped_cases = [], True, 0
                continue
            yield from held
            held = []
        if skipping:
            skipped_cases += bool(CASE_LINE.match(line))
            continue
        match = REPLAY.match(line.rstrip("\n"))
        if match:
            line = f"{match.group(1)}{replay_command} {match.group(2)}\n"
        elif match := CONFIGURATION.match(line):
            line = f"{match.group(1)}--config, with this run's report paths set by the runner\n"
        elif match := EVENTS.match(line):
            line = (
                f"{match.group(1)}reports/contract.ndjson and reports/junit.xml (by the runner)\n"
            )
        elif FILTERED.match(line):
            line = line.rstrip("\n") + (
                ": negative cases the portal accepts as documented (a count it ignores, a "
                "status number it reads), so not failures; see contract.portal_acceptance\n"
            )
        yield line
    yield from held
    if skipping:
        yield summary(skipped_cases)


def summary(cases: int) -> str:
    return (
        f"\nNote: {cases} stateful step(s) had no value to follow a link with (a delete that "
        "deleted nothing, an empty page) and were skipped; harmless, listed in the HTML report.\n\n"
    )
