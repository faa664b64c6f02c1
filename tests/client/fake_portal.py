"""A scripted portal behind httpx.MockTransport: it records each request and answers from a
queue (or a function), so tests see exactly what the client sends and how often."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.client import RetryPolicy

BASE = "https://portal.test"
TOKEN = "864FE52C-TOKEN"
JSON = "application/json; charset=UTF-8"


def envelope_error(status: int, message: str, hresult: int = -2147467259) -> httpx.Response:
    body = {"status": 1, "statusCode": status,
            "error": {"message": message, "hresult": hresult, "data": {}}}  # fmt: skip
    return httpx.Response(status, content=json.dumps(body).encode(), headers={"Content-Type": JSON})


def unauthorized() -> httpx.Response:
    # What a real portal sends: a plain body with ASP.NET's default content type.
    return httpx.Response(401, content=b"Unauthorized",
                          headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip


def page(invoices: list[dict[str, Any]], **members: Any) -> httpx.Response:
    body = {**members, "status": 0, "statusCode": 200, "response": invoices}
    return httpx.Response(200, content=json.dumps(body).encode(), headers={"Content-Type": JSON})


class FakeClock:
    """Time that moves only when the client sleeps: retries run instantly and are measured."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def policy(self, **options: Any) -> RetryPolicy:
        return RetryPolicy(sleep=self.sleep, async_sleep=self.async_sleep,
                           clock=lambda: self.now, **options)  # fmt: skip


class FakePortal:
    """Answers each request with `answer(request)`; every request is kept in `requests`."""

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    @classmethod
    def scripted(cls, *answers: httpx.Response | Exception) -> FakePortal:
        queue = list(answers)

        def next_answer(request: httpx.Request) -> httpx.Response:
            item = queue.pop(0)
            if isinstance(item, Exception):
                raise item
            return item

        return cls(next_answer)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    def client(self, **options: Any) -> AuthenticatedClient:
        options.setdefault("retry", None)
        return AuthenticatedClient(
            base_url=options.pop("base_url", BASE), token=TOKEN, prefix="",
            httpx_args={"transport": httpx.MockTransport(self)}, **options,
        )  # fmt: skip
