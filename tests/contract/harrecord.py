"""HAR 1.2 recordings of exchanges with an in-process portal, as a browser or proxy writes
them: the recordings `contract.har` is tested on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx


def _headers(headers: httpx.Headers) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in headers.items()]


def entry(response: httpx.Response) -> dict[str, Any]:
    request = response.request
    body = request.content.decode("utf-8") if request.content else None
    recorded: dict[str, Any] = {
        "startedDateTime": "2026-11-30T12:00:00.000Z",
        "time": 1,
        "request": {
            "method": request.method,
            "url": str(request.url),
            "httpVersion": "HTTP/1.1",
            "headers": _headers(request.headers),
            "queryString": [{"name": k, "value": v} for k, v in request.url.params.multi_items()],
            "cookies": [],
            "headersSize": -1,
            "bodySize": len(request.content or b""),
        },
        "response": {
            "status": response.status_code,
            "statusText": response.reason_phrase,
            "httpVersion": "HTTP/1.1",
            "headers": _headers(response.headers),
            "cookies": [],
            "content": {
                "size": len(response.content),
                "mimeType": response.headers.get("content-type", ""),
                "text": response.text,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(response.content),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 1, "receive": 0},
    }
    if body is not None:
        mime = request.headers.get("content-type", "")
        recorded["request"]["postData"] = {"mimeType": mime, "text": body}
    return recorded


def write_har(path: Path, responses: list[httpx.Response]) -> Path:
    log = {"version": "1.2", "creator": {"name": "tests", "version": "1"},
           "entries": [entry(r) for r in responses]}  # fmt: skip
    path.write_text(json.dumps({"log": log}), encoding="utf-8")
    return path
