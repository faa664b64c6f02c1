"""For every test folder: the committed client is imported from its folder, exactly as
committed (it is not installed into .venv; tests/client/test_install.py installs it)."""

import sys
from pathlib import Path

CLIENT_ROOT = Path(__file__).resolve().parents[1] / "generated" / "onlyoffice-crm-client"
if str(CLIENT_ROOT) not in sys.path:
    sys.path.insert(0, str(CLIENT_ROOT))
