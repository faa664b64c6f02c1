"""The contract checks inside pytest, in-process over ASGI, against a fresh mock portal for each
run (so deletes in one run never starve another)."""

import pytest

from mock_portal import create_app
from tests.contract.inprocess import TOKEN, contract_failures, stateful_failure

# Hypothesis runs of every operation: seconds each.
pytestmark = pytest.mark.slow


def fresh_portal():
    return create_app(invoices=60, seed=7, admin_token=TOKEN)


def test_every_operation_keeps_the_contract():
    assert contract_failures(fresh_portal()) == []


def test_list_delete_list_keeps_the_contract():
    assert stateful_failure(fresh_portal) is None
