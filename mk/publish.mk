# Publishing, the breaking-change gate and releases.
# Included by the Makefile; uses its PY, BIN, NPX and setup.

.PHONY: publish breaking release

RELEASE_TAGS := git tag --list 'v[0-9]*.[0-9]*.[0-9]*' --sort=-v:refname

## publish: dist/openapi.yaml, dist/openapi.json (source + overlays/public.yaml, validated, linted) and the self-contained reference page dist/index.html
publish: setup
	$(PY) -m spec_pipeline.publish --out dist

## breaking: fail, naming each change and its operation, on a breaking change since BASE (a file or a git ref; default: the last v* tag, else HEAD)
breaking: setup
	@base='$(BASE)'; \
	if [ -z "$$base" ]; then base=$$($(RELEASE_TAGS) | sed -n 1p); base=$${base:-HEAD}; fi; \
	if [ -f "$$base" ]; then \
	  echo "breaking: openapi.yaml against the file $$base" >&2; \
	  $(PY) -m spec_pipeline.breaking_cli "$$base" openapi.yaml; \
	else \
	  echo "breaking: openapi.yaml against git ref $$base" >&2; \
	  $(PY) -m spec_pipeline.breaking_cli --base-ref "$$base" --file openapi.yaml; \
	fi

## release: make release VERSION=x.y.z: check it, gate breaking changes, set info.version, regenerate the client, update CHANGELOG.md, commit and tag vx.y.z (RELEASE_ARGS=--dry-run to rehearse)
release: setup
	@if [ -z '$(VERSION)' ]; then echo "release: give the version: make release VERSION=x.y.z" >&2; exit 2; fi
	$(PY) -m spec_pipeline.release '$(VERSION)' $(RELEASE_ARGS)
