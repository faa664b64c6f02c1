"""The real server in a subprocess: readiness, logs, concurrent deletes, crash durability."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from mock_portal.process import READY_LINE, PortalProcess

FILTER = "/api/2.0/crm/invoice/filter"
DELETE = "/api/2.0/crm/invoice"
ADMIN = {"Authorization": "admin-token"}

pytestmark = pytest.mark.slow  # every test starts a real server


def admin_client(server: PortalProcess) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers=ADMIN, timeout=20)


def all_ids(client: httpx.Client) -> list[int]:
    found, start = [], 0
    for _ in range(1000):
        page = client.get(
            FILTER, params={"count": 1000, "startIndex": start, "sortBy": "id"}
        ).json()
        found += [i["id"] for i in page["response"]]
        if "nextIndex" not in page:
            return found
        start += 1000
    raise AssertionError("paging did not end")


def test_startup_output_and_no_tokens_in_logs(tmp_path, portal_server):
    server = portal_server(
        "--db", str(tmp_path / "p.sqlite"), "--invoices", "20", "--admin-token", "s3cr3t-admin"
    )
    try:
        assert server.url.startswith("http://127.0.0.1:") and not server.url.endswith(":0")
        startup = "".join(server.stdout)
        assert f"base URL: {server.url}\n" in startup
        assert "s3cr3t-admin" not in startup  # given, so never echoed
        assert "admin token: (as given, not shown)\n" in startup
        with httpx.Client(base_url=server.url, timeout=10) as client:
            assert (
                client.get(FILTER, headers={"Authorization": "s3cr3t-admin"}).json()["total"] == 20
            )
            client.get(
                FILTER + "?token=s3cr3t-admin", headers={"Authorization": "Bearer s3cr3t-admin"}
            )
            assert (
                client.get(FILTER, headers={"Cookie": "asc_auth_key=s3cr3t-admin"}).status_code
                == 200
            )
            assert client.get(FILTER, headers={"Authorization": "wrong-s3cr3t"}).status_code == 401
    finally:
        server.stop()
    after_startup = "".join(server.stdout).split(READY_LINE, 1)[1]
    assert "s3cr3t" not in after_startup
    assert "s3cr3t" not in "".join(server.stderr)


def test_environment_variables_configure_the_server(portal_server):
    env = {
        **os.environ,
        "MOCK_PORTAL_USER_TOKEN": "env-user",
        "MOCK_PORTAL_INVOICES": "7",
        "MOCK_PORTAL_TIMEZONE": "UTC",
    }
    server = portal_server("--fixed-tokens", "--db", ":memory:", env=env)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        page = client.get(FILTER, headers={"Authorization": "env-user"}).json()
        assert page["status"] == 0
        assert client.get(FILTER, headers=ADMIN).json()["total"] == 7
        assert client.get(FILTER, headers=ADMIN).json()["response"][0]["issueDate"].endswith("Z")


def test_concurrent_overlapping_deletes_report_each_invoice_once(tmp_path, portal_server):
    server = portal_server(
        "--fixed-tokens", "--db", str(tmp_path / "c.sqlite"), "--invoices", "300"
    )
    reported: list[list[int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        try:
            with admin_client(server) as client:
                wanted = list(range(1 + k * 25, 1 + k * 25 + 100))  # overlaps its neighbours
                for n in range(0, len(wanted), 7):
                    answer = client.request(
                        "DELETE", DELETE, json={"invoiceids": wanted[n : n + 7]}
                    )
                    assert answer.status_code == 200
                    with lock:
                        reported.append([i["id"] for i in answer.json()["response"]])
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    flat = [i for batch in reported for i in batch]
    requested = set(range(1, 1 + 7 * 25 + 100))
    assert len(flat) == len(set(flat))  # never reported twice
    assert set(flat) == requested & set(range(1, 301))
    with admin_client(server) as client:
        assert all_ids(client) == sorted(set(range(1, 301)) - requested)
        assert client.get(FILTER, params={"count": 1}).json()["total"] == 300 - len(flat)


def test_acknowledged_deletes_survive_sigkill(tmp_path, portal_server):
    db = str(tmp_path / "d.sqlite")
    server = portal_server("--fixed-tokens", "--db", db, "--invoices", "600")
    acknowledged: list[int] = []
    in_flight: list[int] = []
    stop = threading.Event()

    def stream() -> None:
        with admin_client(server) as client:
            for start in range(1, 600, 3):
                if stop.is_set():
                    return
                batch = [start, start + 1, start + 2]
                in_flight[:] = batch
                try:
                    answer = client.request("DELETE", DELETE, json={"invoiceids": batch})
                except httpx.HTTPError:
                    return
                assert sorted(i["id"] for i in answer.json()["response"]) == batch
                acknowledged.extend(batch)
                in_flight.clear()

    thread = threading.Thread(target=stream)
    thread.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < 90 and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.005)
    server.kill()  # in the middle of the stream
    stop.set()
    thread.join(timeout=30)
    assert 90 <= len(acknowledged) < 600  # killed mid-stream
    unsure = set(in_flight)

    restarted = portal_server("--fixed-tokens", "--db", db)
    with admin_client(restarted) as client:
        present = set(all_ids(client))
    restarted.stop()
    assert not present & set(acknowledged)  # no acknowledged delete is lost
    never_sent = set(range(1, 601)) - set(acknowledged) - unsure
    assert never_sent <= present  # nothing else went missing
    assert len(unsure & present) in (0, len(unsure))  # one transaction: all or nothing
    conn = sqlite3.connect(db)
    try:
        orphans = conn.execute(
            "SELECT COUNT(*) FROM invoice_line WHERE invoice_id NOT IN (SELECT id FROM invoice)"
        ).fetchone()[0]
        without_lines = conn.execute(
            "SELECT COUNT(*) FROM invoice WHERE id NOT IN (SELECT invoice_id FROM invoice_line)"
        ).fetchone()[0]
    finally:
        conn.close()
    assert orphans == 0 and without_lines == 0


def test_bad_options_fail_fast(tmp_path):
    script = Path(sys.executable).with_name("mock-portal")
    done = subprocess.run(
        [str(script), "--timezone", "Mars/Olympus", "--db", ":memory:"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "unknown time zone" in done.stderr


def test_unpaid_switch(portal_server):
    server = portal_server("--fixed-tokens", "--db", ":memory:", "--invoices", "3", "--unpaid")
    with admin_client(server) as client:
        assert client.get(FILTER).status_code == 402
        assert client.get(FILTER, headers={"Authorization": "nope"}).status_code == 401


def test_database_of_another_version_is_a_one_line_error(tmp_path):
    db = tmp_path / "other.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [("complete", "1"), ("schema", "99")])
    conn.commit()
    conn.close()
    script = Path(sys.executable).with_name("mock-portal")
    done = subprocess.run(
        [str(script), "--db", str(db), "--port", "0"], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith(
        f"mock-portal: error: {db} was built by another mock portal version (schema 99"
    )
    assert line.endswith("delete it to generate a new one")
    assert READY_LINE not in done.stdout
