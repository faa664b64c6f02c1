# The test suite. Included by the Makefile; uses its PY, setup and system-deps.

.PHONY: test test-quick

## test: the whole test suite (needs the Debian packages of `make system-deps`)
test: setup system-deps
	$(PY) -m pytest

## test-quick: the quick loop: every test not marked slow (no real servers, subprocesses, browser)
test-quick: setup
	$(PY) -m pytest -m "not slow"
