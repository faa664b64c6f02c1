"""2. Client decoding: pages of 1,000 invoices in wire form, parsed by the generated client.

Two independent pages. The mock portal's own answer (`create_app(invoices=1000)` behind
Starlette's TestClient, `GET /api/2.0/crm/invoice/filter?count=1000` as the administrator),
and a second page built here from a seeded random generator that shares no code with the
mock: every contact private with an access list of one to six users, a consignee and a deal
on most invoices, contact currencies, offsets other than the portal's own, longer texts and
members a newer portal might add. The contenders run interleaved on the same bytes:
`InvoiceListEnvelope.from_dict(json.loads(b))`, `json.loads(b)` and `orjson.loads(b)`. Each
sample repeats its call enough times to last tens of milliseconds; the figure is the time of
one call.
"""

from __future__ import annotations

import gc
import json
import random
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

import orjson

from bench.measure import ROOT, Config, Figure, Progress, interleave, median, pair_ratios

NAME = "2. Client decoding"
TARGET_RATIO = 3.0
CLIENT_DIR = ROOT / "generated" / "onlyoffice-crm-client"
FILTER = "/api/2.0/crm/invoice/filter?count=1000"


def plan(cfg: Config) -> str:
    return (
        f"{NAME}: two 1,000-invoice pages (the mock's, a second realistic set), "
        "client from_dict vs json.loads vs orjson.loads, "
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


CURRENCIES = [
    ("EUR", "Euro", "€", "fr-FR"), ("USD", "US Dollar", "$", "en-US"),
    ("GBP", "Pound Sterling", "£", "en-GB"), ("RUB", "Russian Ruble", "₽", "ru-RU"),
]  # fmt: skip
WORDS = [
    "consulting",
    "hours",
    "licence",
    "renewal",
    "support",
    "annual",
    "maintenance",
    "hardware",
    "delivery",
    "training",
    "onsite",
    "setup",
    "migration",
    "quarterly",
    "retainer",
    "discount",
    "travel",
    "expenses",
]


def realistic_page(invoices: int = 1000, seed: int = 2026) -> bytes:
    """A page in the portal's wire form, richer than the mock's: see the module docstring."""
    rng = random.Random(seed)
    users = [_employee(rng, n) for n in range(120)]
    contacts = [_contact(rng, n, users) for n in range(400)]
    deals = [
        {"entityType": "opportunity", "entityId": 5000 + n, "entityTitle": _text(rng, 3)}
        for n in range(300)
    ]
    rows = []
    for n in range(invoices):
        status = rng.randint(1, 5)
        row: dict[str, Any] = {
            "status": {"title": ["Draft", "Billed", "Rejected", "Paid", "Archive"][status - 1],
                       "id": status},
            "number": f"INV-{rng.randint(1, 999_999):06d}",
            "issueDate": _moment(rng),
            "templateType": rng.choice([0, 1]),
            "contact": rng.choice(contacts),
            "consignee": rng.choice(contacts) if rng.random() < 0.8 else None,
            "entity": rng.choice(deals) if rng.random() < 0.7 else None,
            "dueDate": _moment(rng),
            "language": rng.choice(["en-US", "de-DE", "ru-RU", ""]),
            "currency": _currency(rng.choice(CURRENCIES), basic=False),
            "exchangeRate": round(rng.uniform(0.5, 120), 2),
            "purchaseOrderNumber": f"PO-{rng.randint(1, 99_999)}",
            "terms": _text(rng, rng.randint(8, 30)),
            "description": _text(rng, rng.randint(0, 40)),
            "fileID": rng.choice([-1, rng.randint(1, 90_000)]),
            "createOn": _moment(rng),
            "createBy": rng.choice(users),
            "cost": round(rng.uniform(0, 250_000), 2),
            "canEdit": status == 1,
            "canDelete": True,
            "id": 10_000 + n,
        }  # fmt: skip
        if rng.random() < 0.05:
            row["paymentLink"] = f"https://pay.example/{n}"  # a member a newer portal adds
        rows.append(row)
    envelope = {"count": invoices, "nextIndex": invoices + 1, "total": invoices * 3,
                "status": 0, "statusCode": 200, "response": rows}  # fmt: skip
    return json.dumps(envelope, ensure_ascii=False).encode()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _moment(rng: random.Random) -> str:
    offset = rng.choice(["Z", "+03:00", "-05:00", "+05:30", "+00:00"])
    return (
        f"20{rng.randint(15, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
        f"{rng.randint(0, 9_999_999):07d}{offset}"
    )


def _currency(entry: tuple[str, str, str, str], *, basic: bool) -> dict[str, Any]:
    abbreviation, title, symbol, culture = entry
    return {"title": title, "symbol": symbol, "abbreviation": abbreviation,
            "cultureName": culture, "isConvertable": True, "isBasic": basic}  # fmt: skip


def _employee(rng: random.Random, n: int) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "displayName": f"{_text(rng, 1).title()} {_text(rng, 1).title()} {n}",
        "avatarSmall": f"/storage/userPhotos/root/{n}_size_32-32.png",
        "profileUrl": f"https://portal.example/Products/People/Profile.aspx?user={n}",
    }
    if rng.random() < 0.6:
        user["title"] = rng.choice(["Sales manager", "Accountant", "Director"])
    return user


def _contact(rng: random.Random, n: int, users: list[dict[str, Any]]) -> dict[str, Any]:
    photo = "https://portal.example/Products/CRM/HttpHandlers/filehandler.ashx"
    return {
        "id": 700 + n,
        "smallFotoUrl": f"{photo}?action=contactphotoulr&cid={700 + n}&isc=True&ps=1",
        "mediumFotoUrl": f"{photo}?action=contactphotoulr&cid={700 + n}&isc=True&ps=2",
        "displayName": f"{_text(rng, 2).title()} Ltd",
        "isCompany": rng.random() < 0.7,
        "accessList": rng.sample(users, rng.randint(1, 6)),
        "isPrivate": True,
        "isShared": False,
        "shareType": 0,
        "currency": _currency(rng.choice(CURRENCIES), basic=True) if rng.random() < 0.5 else None,
        "canEdit": rng.random() < 0.5,
        "canDelete": False,
    }


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


def _compare(
    cfg: Config, data: bytes, decode: Callable[[bytes], object], budget: float
) -> dict[str, list[float]]:
    contenders = {
        "client": _per_call(decode, data, _calls_for(decode, data, budget)),
        "json": _per_call(json.loads, data, _calls_for(json.loads, data, budget)),
        "orjson": _per_call(orjson.loads, data, _calls_for(orjson.loads, data, budget)),
    }
    for sample in contenders.values():
        sample()  # warm-up
    return interleave(contenders, cfg.decoding_reps)


def _checked(decode: Callable[[bytes], object], data: bytes, where: str) -> int:
    count = len(decode(data).response)  # type: ignore[attr-defined]
    if count != 1000:
        raise RuntimeError(f"{where}: the page holds {count} invoices, not 1,000")
    return count


def run(cfg: Config, log: Progress) -> list[Figure]:
    decode = client_decoder()
    pages = {"the mock portal's page": wire_page(), "the second set": realistic_page()}
    budget = 0.02 if cfg.quick else 0.1
    n = cfg.decoding_reps
    ms = 1000
    figures: list[Figure] = []
    for where, data in pages.items():
        count = _checked(decode, data, where)
        log(f"decoding {where}: {len(data):,} bytes, {count} invoices")
        series = _compare(cfg, data, decode, budget)
        to_json = median(pair_ratios(series["client"], series["json"]))
        to_orjson = median(pair_ratios(series["client"], series["orjson"]))
        kib = len(data) / 1024
        figures += [
            Figure(
                NAME,
                f"{where}: `InvoiceListEnvelope.from_dict(json.loads(b))`, "
                f"1,000 invoices ({kib:,.0f} KiB)",
                median(series["client"]) * ms,
                "ms",
                runs=n,
            ),
            Figure(NAME, f"{where}: `json.loads(b)`", median(series["json"]) * ms, "ms", runs=n),
            Figure(
                NAME, f"{where}: `orjson.loads(b)`", median(series["orjson"]) * ms, "ms", runs=n
            ),
            Figure(
                NAME,
                f"{where}: ratio client / json.loads",
                to_json,
                "x",
                target=f"<= {TARGET_RATIO:g}",
                met=to_json <= TARGET_RATIO,
                runs=n,
            ),
            Figure(
                NAME, f"{where}: ratio client / orjson.loads (the floor)", to_orjson, "x", runs=n
            ),
        ]
    return figures
