"""A corpus of bad HTTP requests against the real mock portal, over both operations and their
.json and .xml variants: no answer is a 5xx, no rejected request changes anything (the full
invoice list is the same before and after), and the server is still alive at the end."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from mock_portal.process import PortalProcess

pytestmark = pytest.mark.slow

FILTER = "/api/2.0/crm/invoice/filter"
DELETE = "/api/2.0/crm/invoice"
ADMIN = "admin-token"
HUGE = "9" * 5000


@dataclass(frozen=True)
class Bad:
    method: str
    path: str
    query: str = ""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.path}?{self.query[:60]} body {self.body[:40]!r}"


# Values no converter accepts, or that stress one: digits past every limit, encodings that are
# not UTF-8 or decode to surrogates, control characters, sizes, lists and nesting.
VALUES = [
    HUGE, "-" + HUGE, "0" * 5000 + "1x", "1e309", "NaN", "Infinity", "0x", "&h", "#", "0xZZ",
    "%00", "%FF%FE", "%ED%A0%80", "%C0%AF", "%E2%80%AE", "%0D%0AX-Injected:%201", "%25",
    "a" * 60_000, "[]", "{}", "%5B1%5D", ",".join(["x"] * 2000), "%20", "%09",
    "2021-13-45T99:99:99", "9999-12-31T23:59:59.9999999+14:01",
]  # fmt: skip
GET_NAMES = ["count", "startIndex", "status", "entityid", "issueDateFrom", "sortBy", "currency"]
# invoiceids never holds a valid integer here, so that every delete must be refused
DELETE_VALUES = [v for v in VALUES if v.strip() and not v.lstrip("-").isdigit()]

BODIES = [
    (b"{", "application/json"),
    (b'{"invoiceids": [1,]}', "application/json"),
    (b"[" * 100_000, "application/json"),
    (b'{"invoiceids": "' + HUGE.encode() + b'"}', "application/json"),
    (b'{"invoiceids": [{"id": 1}]}', "application/json"),
    (b'{"invoiceids": ["\\ud800"]}', "application/json"),
    (b'{"currency": "\\udfff", "status": "' + HUGE.encode() + b'"}', "application/json"),
    (b"\xff\xfe\x00\x00", "application/json"),
    (b"invoiceids=%ED%A0%80&invoiceids=" + HUGE.encode(), "application/x-www-form-urlencoded"),
    (b"x" * (2 << 20), "application/octet-stream"),  # over --max-body: 413
    (b"<invoiceids>1</invoiceids>", "text/xml"),
]


def requests() -> Iterator[Bad]:
    for suffix in ("", ".json", ".xml"):
        get, delete = FILTER + suffix, DELETE + suffix
        for name in GET_NAMES:
            for value in VALUES:
                yield Bad("GET", get, f"{name}={value}")
        yield Bad("GET", get, "&".join(f"status={v}" for v in ["x"] * 3000))
        for value in DELETE_VALUES:
            yield Bad("DELETE", delete, f"invoiceids={value}")
            yield Bad("DELETE", delete, f"invoiceids%5B%5D={value}&count={HUGE}")
        yield Bad("DELETE", delete, f"count={HUGE}&startIndex={HUGE}")  # no ids: 400
        for body, media in BODIES:
            yield Bad("GET", get, body=body, headers={"Content-Type": media})
            yield Bad("DELETE", delete, body=body, headers={"Content-Type": media})
        for method in ("POST", "PUT", "PATCH"):
            yield Bad(method, get, "invoiceids=1")
            yield Bad(method, delete, "invoiceids=1", body=b'{"invoiceids": [1]}',
                      headers={"Content-Type": "application/json"})  # fmt: skip
        yield Bad(
            "DELETE", delete, "invoiceids=1", headers={"Authorization": "Bearer " + "x" * 5000}
        )
        yield Bad(
            "DELETE", delete, "invoiceids=1", headers={"Authorization": "Basic YWRtaW46YWRtaW4="}
        )
        yield Bad("DELETE", delete, "invoiceids=1", headers={"Host": "rebound.example"})
        yield Bad(
            "DELETE", delete, "invoiceids=1", headers={"Cookie": "asc_auth_key=" + "y" * 30_000}
        )


CORPUS = list(requests())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalProcess]:
    db = tmp_path_factory.mktemp("corpus") / "portal.sqlite"
    with PortalProcess("--db", str(db), "--invoices", "60", "--fixed-tokens") as process:
        yield process


def every_invoice(client: httpx.Client) -> list[dict]:
    page = client.get(FILTER, params={"count": 1000, "sortBy": "id"}).json()
    assert page["total"] == len(page["response"]) == 60
    return page["response"]


def send(client: httpx.Client, bad: Bad) -> httpx.Response:
    headers = {"Authorization": ADMIN, **bad.headers}
    url = bad.path + (f"?{bad.query}" if bad.query else "")
    return client.request(bad.method, url, content=bad.body or None, headers=headers)


def test_the_corpus_covers_both_operations_and_their_variants():
    assert len(CORPUS) >= 200
    for path in (FILTER, DELETE):
        for suffix in ("", ".json", ".xml"):
            assert any(bad.path == path + suffix for bad in CORPUS)


def test_no_bad_request_gets_a_5xx_or_changes_anything(server: PortalProcess):
    with httpx.Client(base_url=server.url, headers={"Authorization": ADMIN}, timeout=60) as client:
        before = every_invoice(client)
        problems = []
        for bad in CORPUS:
            answer = send(client, bad)
            if answer.status_code >= 500:
                problems.append(f"{answer.status_code} for {bad}")
            elif bad.method == "DELETE" and answer.status_code < 400:
                problems.append(f"{answer.status_code}, not refused, for {bad}")
        assert problems == []
        assert every_invoice(client) == before
        assert server.proc.poll() is None
        assert client.get(FILTER, params={"count": 1}).status_code == 200
