"""Nothing a test starts writes outside its temporary folders: the contract runner's cache of
hypothesis's character tables (contract.storage) goes to one folder for the test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contract.storage import CACHE_ENV


@pytest.fixture(autouse=True, scope="session")
def _contract_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("contract-cache")))
        yield
