# Publishing, the breaking-change gate and releases.
# Included by the Makefile; uses its PY, UV, GENERATE and setup.
#
# BASE, VERSION and RELEASE_ARGS reach the commands through the environment and are never pasted
# into a recipe's shell text: a branch name may hold quotes, `;` or `$(...)`. `$(value ...)` keeps
# make from expanding them, and `unexport` stops make from expanding them to hand them to every
# other recipe's environment (which would run a `$(shell ...)` inside one).

.PHONY: publish breaking release

unexport BASE VERSION RELEASE_ARGS

## publish: dist/openapi.yaml, dist/openapi.json (source + overlays/public.yaml, validated, linted) and the self-contained reference page dist/index.html
publish: setup
	$(PY) -m spec_pipeline.publish --out dist

## breaking: fail, naming each change and its operation, on a breaking change since BASE (a file or a git ref; default: the last release, releases/X.Y.Z/openapi.yaml)
breaking: export BREAKING_BASE := $(value BASE)
breaking: setup
	$(PY) -m spec_pipeline.check_breaking --base="$$BREAKING_BASE" --file openapi.yaml

## release: make release VERSION=x.y.z: gate, regenerate, run lint, tests and a contract run, build and check the client's wheel and sdist, keep releases/x.y.z/, rebuild dist/, update CHANGELOG.md, commit and tag vx.y.z (RELEASE_ARGS=--dry-run to rehearse)
release: export RELEASE_VERSION := $(value VERSION)
release: export RELEASE_EXTRA_ARGS := $(value RELEASE_ARGS)
release: export RELEASE_GENERATE := $(GENERATE)
release: export RELEASE_UV := $(UV)
release: setup
	@if [ -z "$$RELEASE_VERSION" ]; then echo "release: give the version: make release VERSION=x.y.z" >&2; exit 2; fi
	$(PY) -m spec_pipeline.release --version="$$RELEASE_VERSION" --generate-cmd="$$RELEASE_GENERATE" --uv="$$RELEASE_UV" --more-args="$$RELEASE_EXTRA_ARGS"
