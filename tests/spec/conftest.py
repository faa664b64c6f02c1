from pathlib import Path

import pytest

from spec_pipeline.spec_document import SpecDocument

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def spec() -> SpecDocument:
    return SpecDocument.from_path(REPO / "openapi.yaml")
