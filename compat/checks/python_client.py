"""The client of openapi-generator's `python` generator decodes every example answer.

    python checks/python_client.py SPEC_JSON CLIENT_DIR PACKAGE

Each answer goes through the client's own API (the operation method, its HTTP layer replaced
by one that returns the example), so the status-to-type map, the content-type handling and
the models are all exercised. Prints one line per problem; exits 1 if there is any.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from examples import Answer, answers  # noqa: E402

# Arguments each operation needs; the answer does not depend on them.
CALLS: dict[str, dict[str, Any]] = {
    "getInvoices": {},
    "getInvoicesXml": {},
    "deleteInvoicesXml": {"invoiceids": [1234]},
}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def call(package: Any, answer: Answer) -> Any:
    """The operation's return value, or the ApiException it raised."""
    import urllib3

    rest = importlib.import_module(f"{package.__name__}.rest")

    def reply(self: Any, method: str, url: str, **_: Any) -> Any:
        raw = urllib3.HTTPResponse(
            body=answer.body,
            status=answer.status,
            headers={"Content-Type": f"{answer.media_type}; charset=utf-8"},
            preload_content=False,
        )
        return rest.RESTResponse(raw)

    rest.RESTClientObject.request = reply
    api = package.InvoicesApi(package.ApiClient(package.Configuration(host="http://portal")))
    kwargs = dict(CALLS.get(answer.operation_id, {}))
    if answer.operation_id == "deleteInvoices":
        kwargs["delete_invoices_request"] = package.DeleteInvoicesRequest(invoiceids=[1234])
    try:
        return getattr(api, snake(answer.operation_id))(**kwargs)
    except package.ApiException as exc:
        return exc


def status_id(value: Any) -> int:
    """The integer behind an open enum: a known member or a plain integer."""
    inner = getattr(value, "actual_instance", value)
    return int(inner.value if hasattr(inner, "value") else inner)


def problems(package: Any, answer: Answer) -> list[str]:
    got = call(package, answer)
    if isinstance(answer.value, str):  # XML and plain text stay text
        body = got.body if isinstance(got, package.ApiException) else got
        return [] if body == answer.value else [f"text body came back as {body!r:.80}"]
    if answer.status >= 400:
        if not isinstance(got, package.ApiException) or got.data is None:
            return [f"no decoded error, got {got!r:.120}"]
        message = got.data.error.message
        return [] if message == answer.value["error"]["message"] else [f"message {message!r}"]
    if isinstance(got, Exception):
        return [f"raised {type(got).__name__}: {got!s:.200}"]
    wanted = [invoice["status"]["id"] for invoice in answer.value["response"]]
    found = [status_id(invoice.status.id) for invoice in got.response]
    return [] if found == wanted else [f"status ids {found}, expected {wanted}"]


def main(spec: Path, client: Path, package_name: str) -> int:
    sys.path.insert(0, str(client))
    package = importlib.import_module(package_name)
    failed = 0
    for answer in answers(spec):
        for problem in problems(package, answer):
            failed += 1
            print(f"{answer.label}: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]))
