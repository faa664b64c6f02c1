from pathlib import Path

import pytest

from spec_pipeline.overlay import apply_overlays, load_overlay
from spec_pipeline.spec_document import SpecDocument
from spec_pipeline.yamlio import load_document
from tests.conftest import CLIENT_ROOT

REPO = Path(__file__).resolve().parents[2]
CLIENT_PACKAGE = CLIENT_ROOT / "onlyoffice_crm_client"


@pytest.fixture(scope="session")
def client_spec() -> SpecDocument:
    """The spec the client is generated from: the source with the client overlay applied."""
    source = load_document(REPO / "openapi.yaml")
    overlay = load_overlay(str(REPO / "overlays" / "client.yaml"))
    return SpecDocument(apply_overlays(source, [overlay]))


@pytest.fixture(scope="module")
def running_portal(tmp_path_factory):
    """A mock portal over HTTP with 30 invoices: (base URL, admin token)."""
    from mock_portal.process import PortalProcess

    token = "client-test-token"
    db = tmp_path_factory.mktemp("portal") / "portal.sqlite"
    with PortalProcess("--db", str(db), "--invoices", "30", "--admin-token", token) as server:
        yield server.url, token
