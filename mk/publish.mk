# Publishing, the breaking-change gate, releases and the packages.
# Included by the Makefile; uses its PY, UV, GENERATE and setup.
#
# BASE, VERSION and RELEASE_ARGS reach the commands through the environment and are never pasted
# into a recipe's shell text: a branch name may hold quotes, `;` or `$(...)`. `$(value ...)` keeps
# make from expanding them, and `unexport` stops make from expanding them to hand them to every
# other recipe's environment (which would run a `$(shell ...)` inside one).

.PHONY: publish breaking release release-check packages

PUBLISH ?= $(PY) -m spec_pipeline.publish
PACKAGES ?= packages/mock-portal packages/contract-runner

unexport BASE VERSION RELEASE_ARGS

## publish: dist/openapi.yaml, dist/openapi.json (source + overlays/public.yaml, validated, linted) and the self-contained reference page dist/index.html
publish: setup
	$(PUBLISH) --out dist

## breaking: fail, naming each change and its operation, on a breaking change since BASE (a file or a git ref; default: the last release, releases/X.Y.Z/openapi.yaml)
breaking: export BREAKING_BASE := $(value BASE)
breaking: setup
	$(PY) -m spec_pipeline.check_breaking --base="$$BREAKING_BASE" --file openapi.yaml

## release: make release VERSION=x.y.z: checks (version, clean tree, the breaking-change gate), then make lint test contract, then bump-my-version (every file and CHANGELOG.md), regenerate, keep releases/x.y.z/, uv build, twine check, twine upload (TWINE_REPOSITORY_URL or TWINE_REPOSITORY; none: build and check only), commit and tag vx.y.z (RELEASE_ARGS=--dry-run to rehearse)
release: export RELEASE_VERSION := $(value VERSION)
release release-check: export RELEASE_EXTRA_ARGS := $(value RELEASE_ARGS)
release: export RELEASE_GENERATE := $(GENERATE)
release: export RELEASE_PUBLISH := $(PUBLISH)
release: setup release-check $(if $(filter --dry-run,$(value RELEASE_ARGS)),,lint test contract)
	$(PY) -m spec_pipeline.release run --version="$$RELEASE_VERSION" --more-args="$$RELEASE_EXTRA_ARGS" \
		--uv=$(UV) --client=$(CLIENT) $(foreach p,$(PACKAGES),--package=$(p))

# The gate is make lint's (lint-breaking): breaking changes since the last release pass only
# when VERSION's major is past its major.
## release-check: make release's first step, changing nothing: VERSION newer than the current version and the last release, its tag and folder free, a clean tree, bump-my-version's dry run, the breaking-change gate
release-check: export RELEASE_VERSION := $(value VERSION)
release-check: export RELEASE_GATE := $(PY) -m spec_pipeline.check_breaking --last-release --allow-major --file openapi.yaml
release-check: setup
	@if [ -z "$$RELEASE_VERSION" ]; then echo "release: give the version: make release VERSION=x.y.z" >&2; exit 2; fi
	$(PY) -m spec_pipeline.release check --version="$$RELEASE_VERSION" --more-args="$$RELEASE_EXTRA_ARGS"

# In a release the checks run after release-check, even under make -j.
ifneq ($(filter release,$(MAKECMDGOALS)),)
lint test contract: release-check
endif

## packages: what a release uploads, in build/packages/: the client's wheel and sdist (onlyoffice-crm-client), the wheels of the mock portal (onlyoffice-mock-portal) and the contract runner (onlyoffice-contract-runner)
packages: setup
	$(UV) build -q --sdist --wheel -o build/packages $(CLIENT)
	$(foreach p,$(PACKAGES),$(UV) build -q --wheel -o build/packages $(p) &&) true
