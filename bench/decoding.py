"""2. Client decoding: one page of 1,000 invoices in wire form, parsed by the generated client.

The bytes come from the mock portal itself (`create_app(invoices=1000)` behind Starlette's
TestClient, `GET /api/2.0/crm/invoice/filter?count=1000` as the administrator). The three
contenders run interleaved on the same bytes: `InvoiceListEnvelope.from_dict(json.loads(b))`,
`json.loads(b)` and `orjson.loads(b)`. Each sample repeats its call enough times to last
tens of milliseconds; the figure is the time of one call.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable

import orjson

from bench.measure import ROOT, Config, Figure, Progress, interleave, median, pair_ratios

NAME = "2. Client decoding"
TARGET_RATIO = 4.0
CLIENT_DIR = ROOT / "generated" / "onlyoffice-crm-client"
FILTER = "/api/2.0/crm/invoice/filter?count=1000"


def plan(cfg: Config) -> str:
    return (
        f"{NAME}: 1,000-invoice page, client from_dict vs json.loads vs orjson.loads, "
        f"{cfg.decoding_reps} interleaved rounds; target client <= {TARGET_RATIO:g} x json.loads"
    )


def wire_page(invoices: int = 1000) -> bytes:
    from starlette.testclient import TestClient

    from mock_portal import create_app

    app = create_app(invoices=invoices)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        response = client.get(FILTER, headers={"Authorization": "admin-token"})
    response.raise_for_status()
    return response.content


def client_decoder() -> Callable[[bytes], object]:
    if str(CLIENT_DIR) not in sys.path:
        sys.path.insert(0, str(CLIENT_DIR))
    from onlyoffice_crm_client.models import InvoiceListEnvelope

    def decode(data: bytes) -> object:
        return InvoiceListEnvelope.from_dict(json.loads(data))

    return decode


def _per_call(fn: Callable[[bytes], object], data: bytes, calls: int) -> Callable[[], float]:
    def sample() -> float:
        gc.collect()
        started = time.perf_counter()
        for _ in range(calls):
            fn(data)
        return (time.perf_counter() - started) / calls

    return sample


def _calls_for(fn: Callable[[bytes], object], data: bytes, target_seconds: float) -> int:
    started = time.perf_counter()
    fn(data)
    once = max(time.perf_counter() - started, 1e-6)
    return max(1, int(target_seconds / once))


def run(cfg: Config, log: Progress) -> list[Figure]:
    data = wire_page()
    decode = client_decoder()
    page = decode(data)
    count = len(page.response)  # type: ignore[attr-defined]
    if count != 1000:
        raise RuntimeError(f"the page holds {count} invoices, not 1,000")
    log(f"decoding: {len(data):,} bytes, {count} invoices")
    budget = 0.02 if cfg.quick else 0.1
    contenders = {
        "client": _per_call(decode, data, _calls_for(decode, data, budget)),
        "json": _per_call(json.loads, data, _calls_for(json.loads, data, budget)),
        "orjson": _per_call(orjson.loads, data, _calls_for(orjson.loads, data, budget)),
    }
    for sample in contenders.values():
        sample()  # warm-up
    series = interleave(contenders, cfg.decoding_reps)
    to_json = median(pair_ratios(series["client"], series["json"]))
    to_orjson = median(pair_ratios(series["client"], series["orjson"]))
    n = cfg.decoding_reps
    ms = 1000
    kib = len(data) / 1024
    return [
        Figure(
            NAME,
            f"`InvoiceListEnvelope.from_dict(json.loads(b))`, 1,000 invoices ({kib:,.0f} KiB)",
            median(series["client"]) * ms,
            "ms",
            runs=n,
        ),
        Figure(NAME, "`json.loads(b)`, same bytes", median(series["json"]) * ms, "ms", runs=n),
        Figure(NAME, "`orjson.loads(b)`, same bytes", median(series["orjson"]) * ms, "ms", runs=n),
        Figure(
            NAME,
            "ratio client / json.loads",
            to_json,
            "x",
            target=f"<= {TARGET_RATIO:g}",
            met=to_json <= TARGET_RATIO,
            runs=n,
        ),
        Figure(NAME, "ratio client / orjson.loads (the floor)", to_orjson, "x", runs=n),
    ]
