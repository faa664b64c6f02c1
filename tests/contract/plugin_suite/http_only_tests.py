import httpx
import pytest


@pytest.mark.mock_portal(invoices=25, seed=4)
def test_generated_data_delete_and_reset(mock_portal):
    headers = {"Authorization": mock_portal.admin_token}
    url = f"{mock_portal.base_url}/api/2.0/crm/invoice"
    ids = [i["id"] for i in httpx.get(url + "/filter", headers=headers).json()["response"]]
    assert len(ids) == 25
    httpx.request("DELETE", url, json={"invoiceids": ids[:3]}, headers=headers)
    assert httpx.get(url + "/filter", headers=headers).json()["total"] == 22
    mock_portal.reset()
    assert httpx.get(url + "/filter", headers=headers).json()["total"] == 25
    assert [r["method"] for r in mock_portal.requests()] == ["GET"]  # the log starts again


def test_builds_its_own_data(mock_portal):
    mock_portal.portal.add_invoice(number="INV-1", issue_date="2021-03-01")
    answer = httpx.get(f"{mock_portal.base_url}/api/2.0/crm/invoice/filter",
                       headers={"Authorization": mock_portal.user_token})  # fmt: skip
    assert [i["number"] for i in answer.json()["response"]] == ["INV-1"]
    assert mock_portal.admin_token not in str(mock_portal.requests())
