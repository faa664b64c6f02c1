# Lint: the source spec, the client spec, the project's Python. Included by the Makefile; uses its
# PY, BIN, GENERATE, CLIENT_SPEC and setup.

.PHONY: lint lint-structure lint-house lint-python lint-imports lint-workflows lint-client lint-breaking lint-templates

## lint: structural validation plus the house Spectral ruleset (zero results), ruff and mypy --strict over the project's own Python, the import rules of ARCHITECTURE.md, actionlint on the workflows, the breaking-change gate, and the client templates' upstream bases
lint: lint-structure lint-house lint-python lint-imports lint-workflows lint-breaking lint-templates

## lint-structure: openapi-spec-validator on openapi.yaml (after lint-house, whose loader refuses a $ref to a file or URL before any tool follows it)
lint-structure: setup lint-house
	$(BIN)/openapi-spec-validator openapi.yaml

## lint-house: the house Spectral ruleset (lint/spectral.yaml) on openapi.yaml, failing on any result
lint-house: setup
	$(PY) -m spec_pipeline.spectral openapi.yaml

## lint-python: ruff (check and format) over every hand-written Python folder; mypy --strict over src
lint-python: setup
	$(BIN)/ruff check src tests bench compat client-extras lint/template_forks.py
	$(BIN)/ruff format --check src tests bench compat client-extras lint/template_forks.py
	$(BIN)/mypy --strict src lint/template_forks.py

## lint-imports: the layers of ARCHITECTURE.md (import-linter, [tool.importlinter] in pyproject.toml): the mock portal never imports the spec side, no import cycles
lint-imports: setup
	$(BIN)/lint-imports --no-cache

## lint-workflows: actionlint on the CI workflow and the example for a user's repository (.github/)
lint-workflows: setup
	$(BIN)/actionlint -no-color .github/workflows/*.yml .github/examples/*.yml

## lint-breaking: the gate on every change: openapi.yaml against the newest release (releases/X.Y.Z/openapi.yaml) fails, naming each change and its operation, on a breaking change unless info.version's major (or VERSION=x.y.z's) is past the release's
lint-breaking: export BREAKING_VERSION := $(value VERSION)
lint-breaking: setup
	$(PY) -m spec_pipeline.check_breaking --last-release --allow-major --file openapi.yaml $${BREAKING_VERSION:+--new-version="$$BREAKING_VERSION"}

## lint-templates: fail, naming the fork and showing the upstream diff, when a template of the pinned openapi-python-client that generator-templates/ or a replaced client extra was taken from has changed (lint/template_forks.py, lint/template-forks.json)
lint-templates: setup
	$(PY) lint/template_forks.py

## lint-client: the same lint on the overlaid spec the client is generated from
lint-client: setup
	$(GENERATE) --spec-only
	$(BIN)/openapi-spec-validator $(CLIENT_SPEC)
	$(PY) -m spec_pipeline.spectral $(CLIENT_SPEC)
