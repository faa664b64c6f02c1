"""Reading wrk's reports, and the delete benchmark's wrk script against a real mock portal."""

from __future__ import annotations

import shutil

import pytest

from bench import portal, wrk
from bench.measure import Config, Progress
from mock_portal.process import PortalProcess

# Real `wrk --latency` reports (wrk 4.1.0): a throughput run, and a run every answer of which
# was a 401.
THROUGHPUT = """\
Running 2s test @ http://127.0.0.1:38997/api/2.0/crm/invoice/filter?count=2
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.12ms  402.93us   7.91ms   84.58%
    Req/Sec     7.22k   151.26     7.60k    80.95%
  Latency Distribution
     50%    0.97ms
     75%    1.07ms
     90%    1.89ms
     99%    2.17ms
  15081 requests in 2.10s, 40.76MB read
Requests/sec:   7181.75
Transfer/sec:     19.41MB
"""
REFUSED = """\
Running 1s test @ http://127.0.0.1:38997/api/2.0/crm/invoice/filter
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   120.05us   78.06us   2.12ms   97.36%
    Req/Sec     8.65k     2.20k   14.02k    81.82%
  Latency Distribution
     50%  121.00us
     75%  137.00us
     90%  144.00us
     99%  314.00us
  9471 requests in 1.10s, 1.64MB read
  Non-2xx or 3xx responses: 9471
Requests/sec:   8611.51
Transfer/sec:      1.49MB
"""


def test_a_throughput_report_is_read() -> None:
    load = wrk.parse(THROUGHPUT)
    assert (load.requests, load.failed) == (15081, 0)
    assert load.seconds == pytest.approx(2.10)
    assert load.rps == pytest.approx(15081 / 2.10)
    assert load.bytes == pytest.approx(40.76 * 1024 * 1024)
    assert (load.p50_ms, load.p99_ms) == (pytest.approx(0.97), pytest.approx(2.17))


def test_microseconds_and_refused_answers_are_read() -> None:
    load = wrk.parse(REFUSED)
    assert load.failed == 9471
    assert (load.p50_ms, load.p99_ms) == (pytest.approx(0.121), pytest.approx(0.314))


def test_socket_errors_count_as_failed() -> None:
    report = THROUGHPUT.replace(
        "Requests/sec", "  Socket errors: connect 1, read 2, write 0, timeout 4\nRequests/sec"
    )
    assert wrk.parse(report).failed == 7


@pytest.mark.parametrize(
    "report",
    ["", "unable to connect to 127.0.0.1:1 Connection refused", THROUGHPUT.replace("99%", "98%")],
    ids=["empty", "no-connection", "no-p99"],
)
def test_anything_else_is_refused_with_a_clear_error(report: str) -> None:
    with pytest.raises(wrk.WrkError, match="not a `wrk --latency` report"):
        wrk.parse(report)


def test_one_command_line_for_every_server() -> None:
    if shutil.which("wrk") is None:
        pytest.skip("wrk is missing: make system-deps")
    ours = wrk.command("http://127.0.0.1:1/x", connections=8, seconds=20, headers=["A: b"])
    prism = wrk.command("http://127.0.0.1:2/x", connections=8, seconds=20, headers=["A: b"])
    assert ours[:-1] == prism[:-1] and ours[-1] != prism[-1]
    assert "--latency" in ours and ours[ours.index("--header") + 1] == "A: b"


@pytest.mark.slow
@pytest.mark.tool
def test_the_delete_benchmark_deletes_new_existing_ids_each_time(tmp_path) -> None:
    if shutil.which("wrk") is None:
        pytest.skip("wrk is missing: make system-deps")
    invoices = 2000  # 10 batches of 100 may go: half of the data set
    cfg = Config(delete_seconds=1.0, delete_warmup=2, latency_warmup_seconds=1.0)
    with PortalProcess("--db", str(tmp_path / "p.sqlite"), "--invoices", str(invoices),
                       "--admin-token", portal.ADMIN_TOKEN) as server:  # fmt: skip
        served = portal.Served(server, tmp_path / "p.sqlite", invoices, 0.0, 0.0)
        (figure,) = portal.deletes(cfg, served, Progress())
        left = portal.total_invoices(server.url)
    # 2 warm-up deletes, then the rest of the 10 less the batch wrk builds and never sends,
    # each measured one answered and counted: deletes() checks the total against them.
    assert figure.runs == 6
    assert left == invoices - (2 + 6) * portal.DELETE_BATCH
    assert figure.value is not None and figure.p99 is not None and figure.value <= figure.p99
