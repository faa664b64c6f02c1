# Recorded traffic checked against the spec: nothing is sent anywhere.
# Included by the Makefile; uses its PY and setup. HAR reaches the command through the
# environment, never through the recipe's shell text (a file name may hold quotes or `;`).

.PHONY: contract-har

unexport HAR

## contract-har: check every exchange of a HAR file (browser dev tools, a proxy) against openapi.yaml, naming each mismatch's operation and place: make contract-har HAR=traffic.har
contract-har: export CONTRACT_HAR_FILE := $(value HAR)
contract-har: setup
	@if [ -z "$$CONTRACT_HAR_FILE" ]; then echo "contract-har: give the file: make contract-har HAR=traffic.har" >&2; exit 2; fi
	$(PY) -m contract.har --spec openapi.yaml -- "$$CONTRACT_HAR_FILE"
