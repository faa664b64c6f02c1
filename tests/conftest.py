"""Root conftest: only loads the support layer (``tests/support``)."""

import sys

from tests.support.paths import CLIENT_ROOT

# The committed client is imported from its folder, exactly as committed (it is not installed
# into .venv; tests/client/test_install.py installs it into a fresh environment).
if str(CLIENT_ROOT) not in sys.path:
    sys.path.insert(0, str(CLIENT_ROOT))

pytest_plugins: list[str] = ["tests.support.portal", "tests.support.isolation"]
