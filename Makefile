# The invoice contract: every step is a target. `make` runs the main job, `make test` the tests.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := all
MAKEFLAGS += --no-print-directory

UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
NPX := node_modules/.bin

export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

.PHONY: all setup lint lint-structure lint-house lint-python lint-client generate check-generated contract test mock clean

CLIENT := generated/onlyoffice-crm-client
CLIENT_SPEC := build/client/openapi.yaml
GENERATE := $(PY) -m spec_pipeline.generate --spec openapi.yaml --overlay overlays/client.yaml \
	--config generator-config.yml --templates generator-templates --client-spec $(CLIENT_SPEC) \
	--out $(CLIENT)

## all: the main job: lint the source, generate the client, lint the client spec, publish dist/,
## and a contract run against the embedded mock portal
all: setup lint generate lint-client publish contract

## setup: the locked Python environment in .venv (uv.lock) and the Node tools (package-lock.json)
setup: $(VENV)/.synced node_modules/.installed

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --quiet
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## lint: structural validation plus the house Spectral ruleset (zero errors and zero warnings),
## and ruff and mypy --strict over the project's own Python
lint: lint-structure lint-house lint-python

lint-structure: setup
	$(BIN)/openapi-spec-validator openapi.yaml

lint-house: setup
	$(NPX)/spectral lint --ruleset lint/spectral.yaml --fail-severity=hint --display-only-failures openapi.yaml

lint-python: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy --strict src

## generate: source spec -> overlays/client.yaml -> openapi-python-client -> generated/
generate: setup
	$(GENERATE)

## check-generated: fail, naming the files, if the committed client is not what the spec generates
check-generated: setup
	$(GENERATE) --check

## lint-client: the same lint on the overlaid spec the client is generated from
lint-client: setup
	$(GENERATE) --spec-only
	$(BIN)/openapi-spec-validator $(CLIENT_SPEC)
	$(NPX)/spectral lint --ruleset lint/spectral.yaml --fail-severity=hint --display-only-failures $(CLIENT_SPEC)

## contract: schemathesis against the embedded mock portal, or a live one with PORTAL_URL and
## PORTAL_TOKEN (read-only unless CONTRACT_DESTRUCTIVE=1); reports in reports/
contract: setup
	$(PY) -m contract.run

## test: the whole test suite
test: setup browser
	$(PY) -m pytest

## mock: run the mock portal on 127.0.0.1 (MOCK_ARGS="--port 8080 --invoices 1000")
mock: setup
	$(BIN)/mock-portal --host 127.0.0.1 $(MOCK_ARGS)

# Each area's targets live in mk/<area>.mk.
-include $(wildcard mk/*.mk)

clean:
	rm -rf .venv .tools node_modules build dist reports
