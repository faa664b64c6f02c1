"""What the runner passes on of schemathesis's output (contract.output)."""

from __future__ import annotations

from contract.output import passed_on

EXTRACTION = """\
 ✅  Stateful (in 2.1s)

================================ Stateful tests ================================

Failed to extract data from response:

    1. Test Case ID: RbgKyR

    DELETE /api/2.0/crm/invoice -> [200] ListByDeletedNumber -> GET /api/2.0/crm/invoice/filter

        Could not resolve parameter `filterValue` via `$response.body#/response/0/number`

    2. Test Case ID: Qx81aa

        {"status":0,"statusCode":200,"response":[]}

=================================== SUMMARY ====================================

Failures:
    st replay ovbYOg
curl -H 'Authorization: secret-token-1' http://127.0.0.1:1/
"""


def shown(text: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(passed_on(lines, "secret-token-1", "python -m contract.run --replay"))


def test_extraction_notices_become_one_line_saying_why_they_are_harmless():
    out = shown(EXTRACTION)
    assert "Failed to extract" not in out
    assert "Could not resolve" not in out
    assert "Note: 2 stateful step(s) had no value to follow a link with" in out
    assert "harmless" in out
    assert "SUMMARY" in out and "✅  Stateful" in out


def test_replay_hints_name_the_runner_and_the_token_is_blanked():
    out = shown(EXTRACTION)
    assert "    python -m contract.run --replay ovbYOg\n" in out
    assert "st replay" not in out
    assert "secret-token-1" not in out and "[token]" in out


def test_other_stateful_sections_pass_through():
    text = "=== Stateful tests ===\n\nSomething else: a real failure\n=== SUMMARY ===\n"
    assert shown(text) == text


def test_a_short_token_is_blanked_only_where_it_is_sent() -> None:
    lines = [
        "GET /api/2.0/crm/invoice/filter -> 200\n",
        "curl -X GET -H 'Authorization: GET' http://127.0.0.1:1/\n",
        "Cookie: asc_auth_key=GET\n",
    ]
    shown = "".join(passed_on(lines, "GET", "python -m contract.run --replay"))
    assert "GET /api/2.0/crm/invoice/filter -> 200" in shown
    assert "curl -X GET -H 'Authorization: [token]'" in shown
    assert "asc_auth_key=[token]" in shown


SUMMARY_LINES = """\
     Configuration:    /tmp/contract-q4buwrud/schemathesis.toml
Filtered: 82 (dropped by `filter_failure`)
Reports:
  - NDJSON: /tmp/contract-q4buwrud/events.ndjson
  - HTML: reports/contract-html/index.html
"""


def test_files_that_vanish_with_the_run_are_named_for_what_stays():
    out = shown(SUMMARY_LINES)
    assert "/tmp/contract-" not in out
    assert "- NDJSON: reports/contract.ndjson and reports/junit.xml" in out
    assert "Configuration:    --config, with this run's report paths" in out
    assert "- HTML: reports/contract-html/index.html" in out  # a kept file stays as it is


def test_a_part_of_a_split_run_names_what_stays_too():
    lines = SUMMARY_LINES.replace("q4buwrud/", "q4buwrud/part-03/")
    assert "part-03" in lines
    out = shown(lines)
    assert "/tmp/contract-" not in out
    assert "- NDJSON: reports/contract.ndjson and reports/junit.xml" in out


def test_the_filter_failure_count_says_what_it_dropped():
    (line,) = [x for x in shown(SUMMARY_LINES).splitlines() if x.startswith("Filtered: 82")]
    assert "negative cases the portal accepts as documented" in line
