import httpx
import pytest
from onlyoffice_crm_client import AuthenticatedClient, iter_invoices


def test_builds_its_data_and_reads_it_back(mock_portal):
    acme = mock_portal.portal.add_contact("Acme Ltd", is_company=True)
    mock_portal.portal.add_invoice(number="INV-1", issue_date="2021-03-01", contact=acme)
    client = AuthenticatedClient(
        base_url=mock_portal.base_url, token=mock_portal.admin_token, prefix=""
    )
    with client:
        numbers = [i.number for i in iter_invoices(client)]
    assert numbers == ["INV-1"]
    assert [r["status"] for r in mock_portal.requests()] == [200]


@pytest.mark.mock_portal(invoices=25, seed=4)
def test_generated_data_and_reset(mock_portal):
    headers = {"Authorization": mock_portal.admin_token}
    url = f"{mock_portal.base_url}/api/2.0/crm/invoice"
    ids = [i["id"] for i in httpx.get(url + "/filter", headers=headers).json()["response"]]
    assert len(ids) == 25
    httpx.request("DELETE", url, json={"invoiceids": ids[:3]}, headers=headers)
    mock_portal.reset()
    assert httpx.get(url + "/filter", headers=headers).json()["total"] == 25
