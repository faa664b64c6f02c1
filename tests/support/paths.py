"""Repository paths, defined once for the whole test suite."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "openapi.yaml"
SCHEMATHESIS_CONFIG = REPO / "schemathesis.toml"
OVERLAYS = REPO / "overlays"
CLIENT_ROOT = REPO / "generated" / "onlyoffice-crm-client"
# hand-written modules that `generate --extras` adds to the generated client
CLIENT_EXTRAS = REPO / "client-extras"
NODE_BIN = REPO / "node_modules" / ".bin"
LINT = REPO / "lint"  # the house Spectral ruleset and its functions
RULESET = LINT / "spectral.yaml"
