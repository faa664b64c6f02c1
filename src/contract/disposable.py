"""The invoices a destructive live run may delete: those the user marks as disposable.

`CONTRACT_DELETE_FILTER` is a `getInvoices` query string (`currency=XTS`,
`filterValue=CONTRACT-TEST`); the run may delete at most `CONTRACT_MAX_DELETES` (default 5)
of the invoices it matches, picked before the run starts. Nothing else is ever named in a delete.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

FILTER_ENV = "CONTRACT_DELETE_FILTER"
MAX_DELETES_ENV = "CONTRACT_MAX_DELETES"
DEFAULT_MAX_DELETES = 5
LIST_PATH = "/api/2.0/crm/invoice/filter"
# Paging is the run's business, not the filter's: the pool is always the first page.
PAGING = {"count", "startindex"}


class DisposableError(Exception):
    """The disposable invoices cannot be determined (bad filter or cap, portal unreachable)."""


@dataclass(frozen=True)
class DeletePlan:
    filter: str
    cap: int
    pool: tuple[int, ...]  # the invoices the run may delete, at most `cap`


def parse_filter(text: str, parameters: Iterable[str]) -> list[tuple[str, str]]:
    """The filter as (name, value) pairs, refused unless every name is a list filter of the spec
    (a misspelt name would be ignored by the portal and match every invoice)."""
    if not text.strip():
        raise DisposableError(
            f"{FILTER_ENV} is empty; set it to a getInvoices filter that matches only "
            "disposable invoices, for instance currency=XTS"
        )
    try:
        pairs = parse_qsl(text.strip().lstrip("?"), keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise DisposableError(f"{FILTER_ENV} is not a query string: {text!r}") from None
    known = {name.lower(): name for name in parameters if name.lower() not in PAGING}
    for name, value in pairs:
        if name.lower() in PAGING:
            raise DisposableError(f"{FILTER_ENV}: {name} is paging, not a filter")
        if name.lower() not in known:
            raise DisposableError(
                f"{FILTER_ENV}: {name!r} is not a getInvoices filter "
                f"(one of: {', '.join(sorted(known.values()))})"
            )
        if not value:
            raise DisposableError(f"{FILTER_ENV}: {name} has no value")
        if name.lower() == "filtervalue" and ("%" in value or "_" in value):
            # the portal never escapes them: `%` matches any text, `_` any character
            raise DisposableError(
                f"{FILTER_ENV}: filterValue {value!r} holds % or _, which a portal reads as "
                "wildcards (it could match invoices you did not mark)"
            )
    return pairs


def parse_cap(text: str | None) -> int:
    if text is None or not text.strip():
        return DEFAULT_MAX_DELETES
    try:
        cap = int(text)
    except ValueError:
        cap = -1
    if not 0 < cap <= 1000:
        raise DisposableError(f"{MAX_DELETES_ENV} must be a whole number from 1 to 1000: {text!r}")
    return cap


def list_ids(
    url: str, token: str, query: list[tuple[str, str]], timeout: float = 30.0
) -> list[int]:
    """The ids of one page of `getInvoices` with `query`."""
    request = urllib.request.Request(
        f"{url}{LIST_PATH}?{urlencode(query)}",
        headers={"Authorization": token, "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (the user's portal)
            body: Any = json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        raise DisposableError(
            f"listing the disposable invoices: the portal answered {exc.code}"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise DisposableError(f"cannot reach the portal at {url}: {exc}") from None
    except ValueError:
        raise DisposableError("listing the disposable invoices: the answer is not JSON") from None
    items = body.get("response") if isinstance(body, Mapping) else None
    if not isinstance(items, list):
        raise DisposableError("listing the disposable invoices: the answer has no `response` list")
    return [i["id"] for i in items if isinstance(i, Mapping) and isinstance(i.get("id"), int)]


def plan_deletes(
    url: str, token: str, environ: Mapping[str, str], parameters: Iterable[str]
) -> DeletePlan:
    """The disposable invoices of this run, from the environment and the portal."""
    text = environ.get(FILTER_ENV)
    if text is None:
        raise DisposableError(
            f"CONTRACT_DESTRUCTIVE=1 needs {FILTER_ENV}: a getInvoices filter matching only "
            "invoices the run may delete (for instance currency=XTS or filterValue=CONTRACT-TEST)"
        )
    pairs = parse_filter(text, parameters)
    cap = parse_cap(environ.get(MAX_DELETES_ENV))
    ids = list_ids(url, token, [*pairs, ("count", str(cap))])
    return DeletePlan(filter=text.strip(), cap=cap, pool=tuple(ids[:cap]))


def still_there(url: str, token: str, plan: DeletePlan) -> set[int]:
    """The pool's invoices that the portal still lists under the filter."""
    pairs = parse_filter(plan.filter, {name for name, _ in parse_qsl(plan.filter)})
    return set(list_ids(url, token, [*pairs, ("count", "1000")])) & set(plan.pool)
