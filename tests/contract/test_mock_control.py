"""The mock portal's control endpoints (/__mock__/health, reset, requests), its request log
and the base URL it prints: what a team's CI uses to drive the mock between tests."""

from __future__ import annotations

import asyncio
import io
import json
import re

import pytest
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.api.invoices import get_invoices

from mock_portal.requestlog import RecordRequests, RequestLog

TOKEN = "control-admin-token-77"
FILTER = "/api/2.0/crm/invoice/filter"
DELETE = "/api/2.0/crm/invoice"


def test_health_answers_with_the_invoice_count(portal_client):
    client = portal_client(invoices=30, seed=2, admin_token=TOKEN)
    answer = client.get("/__mock__/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "invoices": 30}


def test_reset_restores_the_generated_data_after_deletes_and_additions(portal_client):
    client = portal_client(invoices=30, seed=2, admin_token=TOKEN)
    portal = client.app.state.portal
    seeded = portal.digest()
    first_page = client.get(FILTER, headers={"Authorization": TOKEN}).json()
    ids = portal.invoice_ids()[:5]
    deleted = client.request("DELETE", DELETE, json={"invoiceids": ids},
                             headers={"Authorization": TOKEN})  # fmt: skip
    assert len(deleted.json()["response"]) == 5
    portal.add_invoice(number="ADDED-1", issue_date="2021-03-01")
    assert portal.digest() != seeded
    answer = client.post("/__mock__/reset")
    assert answer.status_code == 200 and answer.json()["invoices"] == 30
    assert portal.digest() == seeded
    # answers come from the data, not from caches filled before the reset
    assert client.get(FILTER, headers={"Authorization": TOKEN}).json() == first_page


def test_control_endpoints_answer_only_the_portals_host_names(portal_client):
    client = portal_client(invoices=3, allowed_hosts={"127.0.0.1"})
    for method, path in (("GET", "/__mock__/health"), ("POST", "/__mock__/reset"),
                         ("GET", "/__mock__/requests")):  # fmt: skip
        answer = client.request(method, path, headers={"Host": "attacker.example"})
        assert answer.status_code == 400, (method, path)
    assert client.get("/__mock__/health", headers={"Host": "127.0.0.1:8080"}).status_code == 200


def test_the_request_log_names_the_credential_and_never_shows_a_token(portal_client):
    sink = io.StringIO()
    log = RequestLog(sink, secrets=[TOKEN])
    client = portal_client(invoices=3, admin_token=TOKEN, request_log=log)
    client.get(FILTER, params={"count": 2}, headers={"Authorization": f"Bearer {TOKEN}"})
    client.get(FILTER, params={"filterValue": TOKEN}, headers={"Cookie": f"asc_auth_key={TOKEN}"})
    client.get(FILTER)
    entries = client.get("/__mock__/requests").json()
    assert all(e["path"] == FILTER for e in entries)  # the control endpoints are not logged
    portal_entries = entries
    assert [e["credential"] for e in portal_entries] == ["bearer", "cookie", None]
    assert [e["status"] for e in portal_entries] == [200, 200, 401]
    assert portal_entries[0]["query"] == "count=2"
    assert portal_entries[1]["query"] == "filterValue=[token]"
    written = sink.getvalue()
    assert TOKEN not in written and TOKEN not in json.dumps(entries)
    assert len(written.splitlines()) >= 3
    assert client.delete("/__mock__/requests").status_code == 204
    assert client.get("/__mock__/requests").json() == []


def test_without_a_request_log_the_log_endpoint_says_it_is_off(portal_client):
    answer = portal_client(invoices=1).get("/__mock__/requests")
    assert answer.status_code == 404
    assert "--request-log" in answer.json()["error"]


@pytest.mark.slow
def test_the_printed_base_url_is_what_the_generated_client_needs(portal_server, tmp_path):
    log = tmp_path / "requests.jsonl"
    server = portal_server("--db", str(tmp_path / "p.sqlite"), "--invoices", "12",
                           "--admin-token", TOKEN, "--request-log", str(log),
                           secrets=(TOKEN,))  # fmt: skip
    printed = re.search(r"base URL: (\S+)", "".join(server.stdout))
    assert printed, server.output()
    with AuthenticatedClient(base_url=printed.group(1), token=TOKEN, prefix="") as client:
        page = get_invoices.sync(client=client, count=5)
    assert page is not None and len(page.response) == 5
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(e["method"], e["path"], e["status"]) for e in lines] == [("GET", FILTER, 200)]
    assert TOKEN not in log.read_text()


def test_a_request_is_logged_before_the_last_byte_of_its_answer_is_handed_on():
    # A client that has its whole answer must find the request in the log (the log was once
    # written after the answer, and a fast reader saw an empty file).
    log = RequestLog(io.StringIO(), secrets=[])
    seen_at_last_byte: list[int] = []

    async def portal(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"[", "more_body": True})
        await send({"type": "http.response.body", "body": b"]"})

    async def client_side(message):
        if message["type"] == "http.response.body" and not message.get("more_body"):
            seen_at_last_byte.append(len(log.entries()))

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "GET", "path": FILTER, "query_string": b"", "headers": []}
    asyncio.run(RecordRequests(portal, log)(scope, receive, client_side))
    assert seen_at_last_byte == [1]
    assert [(e["method"], e["status"]) for e in log.entries()] == [("GET", 200)]
