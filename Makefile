# The invoice contract: every step is a target. `make` runs the main job, `make test` the tests,
# `make help` lists every target. Each area's targets live in mk/<area>.mk; this file holds the
# shared variables and the main job.
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

CLIENT := generated/onlyoffice-crm-client
CLIENT_SPEC := build/client/openapi.yaml
GENERATE := $(PY) -m spec_pipeline.generate --spec openapi.yaml --overlay overlays/client.yaml \
	--config generator-config.yml --templates generator-templates --extras client-extras \
	--client-spec $(CLIENT_SPEC) --out $(CLIENT)

.PHONY: all help

## all: the main job: lint the source, generate the client, lint the client spec, publish dist/ and a contract run against the embedded mock portal
all: setup lint generate lint-client publish contract

## help: every target with its one-line description (from the `## target:` lines of Makefile and mk/*.mk)
help:
	@awk -f mk/help.awk $(MAKEFILE_LIST)

include $(sort $(wildcard mk/*.mk))
