"""The mock portal tests' data: a hand-built shop whose answers are known, tokens, and request
shortcuts that work on any httpx client (in-process or over the network)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import httpx

from mock_portal import Portal

# the tokens tests/support/portal.py's in-process portals accept
ADMIN = "admin-token"
USER = "user-token"
VISITOR = "visitor-token"
FILTER = "/api/2.0/crm/invoice/filter"
DELETE = "/api/2.0/crm/invoice"


@dataclass
class Shop:
    """Six invoices. Numbers are out of id order on purpose.

    id number   status    issue       due         contact  creator  description
    1  INV-0105 Draft     2021-01-10  2021-02-10  Acme     admin    Annual support renewal
    2  INV-0101 Sent      2021-01-20  2021-01-31  Beta     user     Cloud server migration
    3  INV-0104 Rejected  2021-02-01  2021-03-01  Gamma    admin    Office furniture
    4  INV-0102 Paid      2021-02-15  2021-03-15  none     user     Server rack installation
    5  INV-0106 Archived  2021-03-01  2021-04-01  Acme     admin    (empty)
    6  INV-0103 Draft     2021-03-01  2021-03-31  Gamma    user     Support services

    Acme is shared ReadWrite, Beta private and readable by the regular user, Gamma private and
    not. Invoice 1 has an open deal, invoice 4 the same deal; invoice 2 has Acme as consignee.
    """

    portal: Portal
    acme: int
    beta: int
    gamma: int
    deal: int


def build_shop(portal: Portal) -> Shop:
    acme = portal.add_contact("Acme Ltd", is_company=True, share_type=1, currency="EUR")
    beta = portal.add_contact("Beta Person", private=True, access=["admin", "user"])
    gamma = portal.add_contact("Gamma Secret", private=True, access=["admin"])
    deal = portal.add_deal("Big deal")
    rows = [
        dict(number="INV-0105", status=1, issue_date="2021-01-10", due_date="2021-02-10",
             contact=acme, deal=deal, currency="EUR", create_by="admin",
             description="Annual support renewal", lines=[(2, 50.0, 0), (1, 100.0, 10)]),
        dict(number="INV-0101", status=2, issue_date="2021-01-20", due_date="2021-01-31",
             contact=beta, consignee=acme, currency="USD", create_by="user",
             description="Cloud server migration", lines=[(1, 10.0, 0)]),
        dict(number="INV-0104", status=3, issue_date="2021-02-01", due_date="2021-03-01",
             contact=gamma, currency="RUB", create_by="admin", description="Office furniture"),
        dict(number="INV-0102", status=4, issue_date="2021-02-15", due_date="2021-03-15",
             deal=deal, currency="EUR", create_by="user",
             description="Server rack installation"),
        dict(number="INV-0106", status=5, issue_date="2021-03-01", due_date="2021-04-01",
             contact=acme, currency=None, create_by="admin", description=""),
        dict(number="INV-0103", status=1, issue_date="2021-03-01", due_date="2021-03-31",
             contact=gamma, currency="EUR", create_by="user", description="Support services"),
    ]  # fmt: skip
    for n, row in enumerate(rows, start=1):
        assert portal.add_invoice(**row) == n
    return Shop(portal, acme, beta, gamma, deal)


def ids(answer: Any) -> list[int]:
    return [item["id"] for item in answer.json()["response"]]


def get(client: httpx.Client, token: str = ADMIN, path: str = FILTER, **params: Any) -> Any:
    return client.get(path, params=params, headers={"Authorization": token})


def delete(client: httpx.Client, body: Any = None, token: str = ADMIN, **kwargs: Any) -> Any:
    return client.request(
        "DELETE", kwargs.pop("path", DELETE), json=body, headers={"Authorization": token}, **kwargs
    )


def named_ids(request: dict[str, str]) -> set[str]:
    """Every value a delete request names as an id, from its query and its JSON body."""
    named = {v for k, v in parse_qsl(request["query"], keep_blank_values=True) if "invoiceids" in k}
    try:
        value = json.loads(request["body"] or "null")
    except ValueError:
        value = None

    def leaves(item: object) -> list[object]:  # a JSON body: every value a portal could read
        if isinstance(item, dict):
            return [leaf for v in item.values() for leaf in leaves(v)]
        if isinstance(item, list):
            return [leaf for v in item for leaf in leaves(v)]
        return [item]

    named |= {str(leaf) for leaf in leaves(value) if not isinstance(leaf, bool)}
    return {n for n in named if any(c.isdigit() for c in n)}
