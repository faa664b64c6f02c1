"""Retries: 429 and 503 (honouring Retry-After) and connection errors, bounded in tries and in
time, with exponential backoff and jitter; off with `retry=None`."""

import asyncio
import email.utils
import time

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onlyoffice_crm_client import AuthenticatedClient, errors
from onlyoffice_crm_client.api.invoices import delete_invoices, get_invoices
from onlyoffice_crm_client.client import RetryPolicy
from onlyoffice_crm_client.models import DeleteInvoicesRequest

from tests.client.fake_portal import FakeClock, FakePortal, page


def throttled(status=429, retry_after=None):
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    return httpx.Response(status, content=b"slow down", headers=headers)


def test_a_429_is_retried_after_the_retry_after_it_asks():
    clock = FakeClock()
    portal = FakePortal.scripted(throttled(429, "3"), page([], total=0))
    result = get_invoices.sync(client=portal.client(retry=clock.policy()))
    assert result.total == 0
    assert len(portal.requests) == 2
    assert clock.sleeps == [3.0]  # the backoff's first wait is at most 0.5 s: Retry-After wins


def test_retry_after_as_an_http_date():
    clock = FakeClock()
    later = email.utils.formatdate(time.time() + 20, usegmt=True)
    portal = FakePortal.scripted(throttled(503, later), page([]))
    get_invoices.sync(client=portal.client(retry=clock.policy()))
    assert len(clock.sleeps) == 1 and 17 <= clock.sleeps[0] <= 20


def test_waits_grow_exponentially_up_to_the_cap():
    clock = FakeClock()
    portal = FakePortal.scripted(*[throttled(503)] * 5, page([]))
    policy = clock.policy(attempts=6, backoff=1.0, max_backoff=5.0, jitter=lambda: 1.0)
    get_invoices.sync(client=portal.client(retry=policy))
    assert clock.sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_jitter_spreads_each_wait_below_its_backoff():
    clock = FakeClock()
    portal = FakePortal.scripted(throttled(503), throttled(503), page([]))
    policy = clock.policy(backoff=2.0, jitter=lambda: 0.25)
    get_invoices.sync(client=portal.client(retry=policy))
    assert clock.sleeps == [0.5, 1.0]


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.RemoteProtocolError("closed"), httpx.ReadError("reset")],
)
def test_a_connection_error_is_retried_for_a_delete_too(failure):
    clock = FakeClock()
    portal = FakePortal.scripted(failure, page([]))
    body = DeleteInvoicesRequest(invoiceids=[1, 2])
    delete_invoices.sync(client=portal.client(retry=clock.policy()), body=body)
    assert [r.method for r in portal.requests] == ["DELETE", "DELETE"]
    assert portal.requests[0].content == portal.requests[1].content  # the same ids again


def test_when_the_tries_run_out_the_last_answer_raises():
    clock = FakeClock()
    portal = FakePortal(lambda request: throttled(429, "1"))
    with pytest.raises(errors.UnexpectedStatus) as raised:
        get_invoices.sync(client=portal.client(retry=clock.policy(attempts=3)))
    assert raised.value.status_code == 429
    assert len(portal.requests) == 3 and clock.sleeps == [1.0, 1.0]


def test_when_the_tries_run_out_the_connection_error_is_raised():
    clock = FakeClock()
    portal = FakePortal(lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused")))
    with pytest.raises(errors.PortalUnreachable) as raised:
        get_invoices.sync(client=portal.client(retry=clock.policy(attempts=2)))
    assert len(portal.requests) == 2
    assert isinstance(raised.value.__cause__, httpx.ConnectError)  # the original, chained
    assert isinstance(raised.value, httpx.TransportError)  # `except httpx.TransportError` holds
    assert raised.value.operation == "get_invoices" and raised.value.status_code is None


def test_a_retry_after_beyond_the_budget_is_not_waited_for():
    clock = FakeClock()
    portal = FakePortal(lambda request: throttled(503, "120"))
    with pytest.raises(errors.UnexpectedStatus):
        get_invoices.sync(client=portal.client(retry=clock.policy(budget=60)))
    assert len(portal.requests) == 1 and clock.sleeps == []


@settings(max_examples=50, deadline=None)
@given(
    retry_after=st.lists(st.integers(0, 40), min_size=1, max_size=8),
    budget=st.floats(0, 100),
    jitter=st.floats(0, 1),
)
def test_the_client_never_sleeps_past_its_budget(retry_after, budget, jitter):
    clock = FakeClock()
    answers = iter(retry_after)
    portal = FakePortal(lambda request: throttled(429, str(next(answers, 0))))
    policy = clock.policy(attempts=len(retry_after), budget=budget, jitter=lambda: jitter)
    with pytest.raises(errors.UnexpectedStatus):
        get_invoices.sync(client=portal.client(retry=policy))
    assert sum(clock.sleeps) <= budget
    assert len(portal.requests) <= len(retry_after)


def test_retries_off():
    portal = FakePortal.scripted(throttled(503, "1"), page([]))
    with pytest.raises(errors.UnexpectedStatus):
        get_invoices.sync(client=portal.client(retry=None))
    assert len(portal.requests) == 1


def test_the_default_client_retries():
    portal = FakePortal.scripted(throttled(503, "0"), page([]))
    default = AuthenticatedClient(
        base_url="https://portal.test", token="t", prefix="",
        httpx_args={"transport": httpx.MockTransport(portal)},
    )  # fmt: skip
    get_invoices.sync(client=default)  # sleeps for real: at most the first backoff, 0.5 s
    assert len(portal.requests) == 2


def test_the_async_client_retries_too():
    clock = FakeClock()
    portal = FakePortal.scripted(throttled(429, "2"), httpx.ConnectError("refused"), page([]))
    result = asyncio.run(get_invoices.asyncio(client=portal.client(retry=clock.policy())))
    assert result.response == [] and len(portal.requests) == 3
    assert clock.sleeps[0] == 2.0 and len(clock.sleeps) == 2


@pytest.mark.parametrize(
    ("options", "named"),
    [({"attempts": 0}, "attempts"), ({"budget": -1}, "budget"), ({"backoff": -0.5}, "backoff")],
)
def test_a_bad_policy_is_refused_with_a_clear_message(options, named):
    with pytest.raises(ValueError, match=f"RetryPolicy.{named}"):
        RetryPolicy(**options)
