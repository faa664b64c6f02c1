"""The committed client as a user gets it: `pip install ./generated/onlyoffice-crm-client` in a
new virtual environment, then three lines that call a running portal (the mock portal)."""

import subprocess
import sys
import textwrap

import pytest

from tests.client.conftest import CLIENT_ROOT

THREE_LINES = """
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.api.invoices import get_invoices
page = get_invoices.sync(client=AuthenticatedClient(base_url=URL, token=TOKEN, prefix=""), count=5)
"""


pytestmark = [pytest.mark.slow, pytest.mark.tool]  # a fresh virtual environment, a server


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    venv = tmp_path_factory.mktemp("user-venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    run = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
         str(CLIENT_ROOT)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return venv / "bin" / "python"


def test_the_installed_client_calls_a_portal_in_three_lines(installed, running_portal):
    url, token = running_portal
    script = (
        f"URL, TOKEN = {url!r}, {token!r}\n"
        + THREE_LINES
        + textwrap.dedent("""
        import onlyoffice_crm_client
        print(onlyoffice_crm_client.__file__)
        print(type(page).__name__, len(page.response), page.total, page.response[0].number)
        from onlyoffice_crm_client import iter_invoices
        client = AuthenticatedClient(base_url=URL, token=TOKEN, prefix="")
        print(len({invoice.id for invoice in iter_invoices(client, page_size=7)}))
    """)
    )
    run = subprocess.run([str(installed), "-c", script], capture_output=True, text=True,
                         timeout=60, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    location, summary, every = run.stdout.strip().splitlines()
    assert "site-packages" in location, "the client was not imported from the installation"
    kind, count, total, number = summary.split()
    assert (kind, count) == ("InvoiceListEnvelope", "5")
    assert int(total) == 30 and number.startswith("INV-")
    assert every == "30", "iter_invoices did not give every invoice once"
