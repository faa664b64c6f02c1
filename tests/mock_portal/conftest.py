"""The mock portal tests' fixtures: an empty portal, the hand-built shop and a client on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from mock_portal import Portal
from tests.support.mock_data import Shop, build_shop

if TYPE_CHECKING:
    from starlette.testclient import TestClient


@pytest.fixture
def portal() -> Iterator[Portal]:
    p = Portal(timezone="Europe/Moscow")
    yield p
    p.close()


@pytest.fixture
def shop(portal: Portal) -> Shop:
    return build_shop(portal)


@pytest.fixture
def client(shop: Shop, portal_client: Callable[..., TestClient]) -> TestClient:
    return portal_client(shop.portal)
