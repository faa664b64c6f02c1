# The test suite. Included by the Makefile; uses its PY, setup and system-deps.

.PHONY: test test-quick

# pytest-xdist runs the suite on two worker processes, the cores CI has: the tests wait on
# servers and subprocesses much of the time (5.3 instead of 8 minutes for the whole suite).
XDIST := -n 2
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): pytest
# keeps its assertion-rewritten test modules there, which saves rewriting 200 files on every
# run (about 3 s of the quick loop's 20). The folders are __pycache__/, ignored by git.
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest

## test: the whole test suite on two pytest-xdist workers (needs the Debian packages of `make system-deps`)
test: setup system-deps
	$(PYTEST) $(XDIST)

## test-quick: the quick loop: every test not marked slow (no real servers, subprocesses, browser)
test-quick: setup
	$(PYTEST) $(XDIST) -m "not slow"
