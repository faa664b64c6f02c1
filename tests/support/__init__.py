"""The test suite's support layer: paths, markers and fixtures shared by every test folder.

Loaded once through ``pytest_plugins`` in ``tests/conftest.py``; test modules import plain helpers
from here (``from tests.support.paths import REPO``) and get fixtures by name.
"""
