"""An answer the contract does not allow raises one of errors.MalformedAnswer's classes, naming
the operation, the status, the content type, the start of the body and, for a member that does
not fit, its path; never a KeyError, JSONDecodeError or RecursionError from inside the client.

Each case is an answer a broken portal (or a proxy in front of it) really sends.
"""

import asyncio
import copy
import gzip
import json
import zlib

import httpx
import pytest
from onlyoffice_crm_client import errors
from onlyoffice_crm_client.api.invoices import delete_invoices, get_invoices
from onlyoffice_crm_client.models import DeleteInvoicesRequest

from tests.client.fake_portal import JSON, FakePortal
from tests.spec.seed import camel_keys, seed_response_example


@pytest.fixture(scope="module")
def wire_invoice():
    return camel_keys(seed_response_example()["response"][0])


def answer(body: bytes, content_type: str = JSON, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"Content-Type": content_type})


def envelope(*invoices) -> dict:
    return {"count": len(invoices), "status": 0, "statusCode": 200, "response": list(invoices)}


def listed(body: bytes, content_type: str = JSON, status: int = 200):
    portal = FakePortal(lambda request: answer(body, content_type, status))
    with pytest.raises(errors.MalformedAnswer) as raised:
        get_invoices.sync(client=portal.client(), count=2)
    assert len(portal.requests) == 1
    error = raised.value
    assert isinstance(error, errors.PortalError)
    assert error.operation == "get_invoices" and error.status_code == status
    assert error.content_type == content_type and error.content == body
    assert str(error).startswith("get_invoices: 200 OK for GET https://portal.test/")
    return error


def test_an_invoice_without_a_required_member_names_its_path(wire_invoice):
    broken = copy.deepcopy(wire_invoice)
    del broken["templateType"]
    error = listed(json.dumps(envelope(wire_invoice, broken)).encode())
    assert isinstance(error, errors.SchemaMismatch)
    assert error.path == "response[1].templateType"
    assert "response[1].templateType: required member missing" in str(error)
    assert isinstance(error.__cause__, KeyError)  # the original, chained
    assert "the body starts b'{" in str(error)


@pytest.mark.parametrize(
    ("member", "value", "path", "said"),
    [
        ("issueDate", 5, "response[0].issueDate", "5 (a number) does not fit"),
        ("contact", "Acme", "response[0].contact", "'Acme' (a string) does not fit"),
        ("status", [], "response[0].status", "expected an object, found an array"),
    ],
)
def test_a_mistyped_member_names_its_path_and_value(wire_invoice, member, value, path, said):
    broken = copy.deepcopy(wire_invoice)
    broken[member] = value
    error = listed(json.dumps(envelope(broken)).encode())
    assert isinstance(error, errors.SchemaMismatch)
    assert error.path == path and said in error.reason


def test_a_member_inside_a_nested_object_is_named_through_it(wire_invoice):
    broken = copy.deepcopy(wire_invoice)
    assert isinstance(broken["contact"], dict)
    del broken["contact"]["id"]
    error = listed(json.dumps(envelope(wire_invoice, wire_invoice, broken)).encode())
    assert isinstance(error, errors.SchemaMismatch)
    assert error.path == "response[2].contact.id"


@pytest.mark.parametrize(
    ("body", "path", "said"),
    [
        (b"[]", "", "expected an object, found an array"),
        (b'{"status": 0, "statusCode": 200, "response": {}}', "response", "expected an array"),
        (b'{"status": 0, "statusCode": 200, "response": [7]}', "response[0]", "found a number"),
    ],
)
def test_an_answer_of_the_wrong_shape_names_where(body, path, said):
    error = listed(body)
    assert isinstance(error, errors.SchemaMismatch)
    assert error.path == path and said in error.reason


def test_a_maintenance_page_is_a_wrong_content_type():
    page = b"<html><body><h1>Portal under maintenance</h1></body></html>"
    error = listed(page, "text/html; charset=utf-8")
    assert isinstance(error, errors.WrongContentType)
    assert "expected application/json, found text/html" in str(error)
    assert "<html><body>" in str(error)  # the first bytes of the body


def test_html_labelled_as_json_is_not_json():
    error = listed(b"<html>Bad gateway</html>")
    assert isinstance(error, errors.NotJson)
    assert error.__cause__ is not None and "Expecting value" in str(error.__cause__)


def test_json_that_stops_midway_is_truncated():
    error = listed(b'{"status": 0, "statusCode": 200, "response": [{"id": 1')
    assert isinstance(error, errors.TruncatedAnswer)


def test_nesting_two_hundred_thousand_deep_is_too_deep():
    deep = b"[" * 200_000 + b"]" * 200_000
    error = listed(b'{"status": 0, "statusCode": 200, "response": ' + deep + b"}")
    assert isinstance(error, errors.AnswerTooDeep)
    assert isinstance(error.__cause__, RecursionError)
    assert len(str(error)) < 1000  # the body's start, not the body


def test_a_delete_and_the_detailed_and_async_forms_raise_the_same(wire_invoice):
    broken = copy.deepcopy(wire_invoice)
    del broken["number"]
    body = json.dumps(envelope(broken)).encode()
    portal = FakePortal(lambda request: answer(body))
    client = portal.client()
    calls = [
        lambda: delete_invoices.sync(client=client, body=DeleteInvoicesRequest(invoiceids=[1])),
        lambda: get_invoices.sync_detailed(client=client),
        lambda: asyncio.run(get_invoices.asyncio(client=client)),
        lambda: asyncio.run(get_invoices.asyncio_detailed(client=client)),
    ]
    for call in calls:
        with pytest.raises(errors.SchemaMismatch) as raised:
            call()
        assert raised.value.path == "response[0].number"
    assert [r.method for r in portal.requests] == ["DELETE", "GET", "GET", "GET"]


def test_an_answer_past_the_size_limit_stops_being_read():
    sent: list[int] = []

    def chunks():
        for _ in range(1000):  # 1,000 chunks of 1 KiB: never all read
            sent.append(1)
            yield b" " * 1024

    portal = FakePortal(
        lambda request: httpx.Response(200, content=chunks(), headers={"Content-Type": JSON})
    )
    with pytest.raises(errors.AnswerTooLarge) as raised:
        get_invoices.sync(client=portal.client(max_answer_bytes=10_000))
    assert raised.value.limit == 10_000 and raised.value.operation == "get_invoices"
    assert raised.value.status_code == 200 and raised.value.content_type == JSON
    assert "max_answer_bytes=10000" in str(raised.value)
    assert len(sent) <= 11


def test_the_size_limit_is_off_with_none_and_an_answer_within_it_reads():
    body = json.dumps(envelope()).encode()
    portal = FakePortal(
        lambda request: httpx.Response(200, content=iter([body]), headers={"Content-Type": JSON})
    )
    assert get_invoices.sync(client=portal.client(max_answer_bytes=len(body))).response == []
    assert get_invoices.sync(client=portal.client(max_answer_bytes=None)).response == []


def gzipped(body: bytes) -> httpx.Response:
    # Streamed (an iterator), as on the wire: httpx decompresses it while reading.
    headers = {"Content-Type": JSON, "Content-Encoding": "gzip"}
    return httpx.Response(200, content=iter([gzip.compress(body)]), headers=headers)


def test_a_compressed_answer_is_held_to_the_limit_decompressed():
    # 50 MB of JSON sent as 50 gzip pieces of about 1 KB: the bytes on the wire stay far below
    # the limit, so only counting what decompression gives stops it, and it stops early.
    sent: list[int] = []

    def pieces():
        packer = zlib.compressobj(wbits=31)  # the gzip format
        yield packer.compress(b'{"response": [')
        for _ in range(50):
            sent.append(1)
            yield packer.compress(b" " * 1_000_000) + packer.flush(zlib.Z_SYNC_FLUSH)
        yield packer.compress(b"]}") + packer.flush()

    headers = {"Content-Type": JSON, "Content-Encoding": "gzip"}
    portal = FakePortal(lambda request: httpx.Response(200, content=pieces(), headers=headers))
    with pytest.raises(errors.AnswerTooLarge) as raised:
        get_invoices.sync(client=portal.client(max_answer_bytes=100_000))
    assert raised.value.limit == 100_000
    assert len(sent) <= 2  # not decompressed to the end
    assert len(raised.value.content) <= 256  # nothing like the whole body is kept


def test_a_compressed_answer_within_the_limit_reads_as_usual(wire_invoice):
    body = json.dumps(envelope(wire_invoice)).encode()
    portal = FakePortal(lambda request: gzipped(body))
    answer = get_invoices.sync_detailed(client=portal.client(max_answer_bytes=len(body)))
    assert answer.content == body and answer.parsed.response[0].id == wire_invoice["id"]
    assert "Content-Encoding" not in answer.headers  # the body given is the decompressed one


def test_a_body_that_does_not_decompress_is_not_json():
    headers = {"Content-Type": JSON, "Content-Encoding": "gzip"}
    portal = FakePortal(
        lambda request: httpx.Response(200, content=iter([b"not gzip"]), headers=headers)
    )
    with pytest.raises(errors.NotJson) as raised:
        get_invoices.sync(client=portal.client())
    assert "Content-Encoding" in str(raised.value)
