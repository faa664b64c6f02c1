"""Plain values (from a config file or a command line) are accepted wherever an enum is.

Catches ``AttributeError: 'int' object has no attribute 'value'`` for ``status=2`` and a value
outside the enum reaching the portal instead of being refused before sending.
"""

import httpx
import pytest
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.api.invoices import get_invoices

EMPTY = {"status": 0, "statusCode": 200, "response": []}


def _client(sent: list[httpx.Request]) -> AuthenticatedClient:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=EMPTY)

    return AuthenticatedClient(base_url="https://portal.test", token="t").set_httpx_client(
        httpx.Client(base_url="https://portal.test", transport=httpx.MockTransport(answer))
    )


def test_a_plain_status_number_is_sent_as_that_number() -> None:
    sent: list[httpx.Request] = []
    get_invoices.sync_detailed(client=_client(sent), status=2, sort_order="descending")
    assert sent[0].url.params["status"] == "2"
    assert sent[0].url.params["sortOrder"] == "descending"


@pytest.mark.parametrize(
    ("kwargs", "name"), [({"status": 99}, "status"), ({"sort_order": "up"}, "sort_order")]
)
def test_a_value_outside_the_enum_is_refused_before_sending(
    kwargs: dict[str, object], name: str
) -> None:
    sent: list[httpx.Request] = []
    with pytest.raises(ValueError, match=rf"^{name}: .* is not one of ") as caught:
        get_invoices.sync_detailed(client=_client(sent), **kwargs)  # type: ignore[arg-type]
    assert sent == []
    assert "," in str(caught.value)


@pytest.mark.slow
@pytest.mark.tool
def test_plain_values_type_check(tmp_path) -> None:
    """`mypy --strict` takes `status=2` where an enum is (`InvoiceStatus | int`), not `2.5`."""
    import subprocess
    import sys

    from tests.client.conftest import CLIENT_ROOT

    use = tmp_path / "use.py"
    use.write_text(
        "from onlyoffice_crm_client import AuthenticatedClient, iter_invoices\n"
        "from onlyoffice_crm_client.api.invoices import get_invoices\n"
        "c = AuthenticatedClient(base_url='https://portal.test', token='t')\n"
        "get_invoices.sync(client=c, status=2, sort_order='descending', sort_by='number')\n"
        "iter_invoices(c, status=2, entity_type='contact')\n"
        "get_invoices.sync(client=c, status=2.5)\n"  # not a plain value of the enum's type
    )
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--cache-dir", str(tmp_path / "cache"), str(use)],
        capture_output=True, text=True, timeout=300, check=False,
        env={"MYPYPATH": str(CLIENT_ROOT), "PATH": ""},
    )  # fmt: skip
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "use.py:6:" in errors[0], run.stdout + run.stderr
