# Contract runs (the packages teams use in their own CI: mk/publish.mk). Included by the
# Makefile; uses its PY, UV and setup. REPLAY reaches the command through the environment only.

.PHONY: contract contract-replay

unexport REPLAY

## contract: schemathesis against the embedded mock portal, or a live one with PORTAL_URL and PORTAL_TOKEN (read-only with small pages unless CONTRACT_DESTRUCTIVE=1 with CONTRACT_DELETE_FILTER; CONTRACT_WORKERS requests in flight, 4, and at most CONTRACT_RATE_LIMIT a second, 50); reports in reports/
contract: setup
	$(PY) -m contract.run

## contract-replay: replay the failures of the last contract run against the same portal (REPLAY="ID ..." for some; PORTAL_URL and PORTAL_TOKEN as for the run)
contract-replay: export CONTRACT_REPLAY_IDS := $(value REPLAY)
contract-replay: setup
	$(PY) -m contract.run --replay $$CONTRACT_REPLAY_IDS
