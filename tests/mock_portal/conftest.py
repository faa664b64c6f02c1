"""Fixtures for the mock portal: a small hand-built data set whose answers are known."""

from __future__ import annotations

import pytest
from mockportal_support import Shop, build_shop, client_for
from starlette.testclient import TestClient

from mock_portal import Portal


@pytest.fixture
def portal() -> Portal:
    p = Portal(timezone="Europe/Moscow")
    yield p
    p.close()


@pytest.fixture
def shop(portal: Portal) -> Shop:
    return build_shop(portal)


@pytest.fixture
def client(shop: Shop) -> TestClient:
    return client_for(shop.portal)
