# Contract runs. Included by the Makefile; uses its PY and setup.

.PHONY: contract

## contract: schemathesis against the embedded mock portal, or a live one with PORTAL_URL and PORTAL_TOKEN (read-only unless CONTRACT_DESTRUCTIVE=1); reports in reports/
contract: setup
	$(PY) -m contract.run
