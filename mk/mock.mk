# The mock portal as a local server. Included by the Makefile; uses its BIN and setup.

.PHONY: mock

## mock: run the mock portal on 127.0.0.1 (MOCK_ARGS="--port 8080 --invoices 100000")
mock: setup
	$(BIN)/mock-portal --host 127.0.0.1 $(MOCK_ARGS)
