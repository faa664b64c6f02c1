# Publishing, the breaking-change gate and releases.
# Included by the Makefile; uses its PY, GENERATE and setup.

.PHONY: publish breaking release

## publish: dist/openapi.yaml, dist/openapi.json (source + overlays/public.yaml, validated, linted) and the self-contained reference page dist/index.html
publish: setup
	$(PY) -m spec_pipeline.publish --out dist

## breaking: fail, naming each change and its operation, on a breaking change since BASE (a file or a git ref; default: the last vX.Y.Z release, else HEAD)
breaking: setup
	@if [ -f '$(BASE)' ]; then \
	  echo "breaking: openapi.yaml against the file $(BASE)" >&2; \
	  $(PY) -m spec_pipeline.check_breaking '$(BASE)' openapi.yaml; \
	else \
	  $(PY) -m spec_pipeline.check_breaking $(if $(BASE),--base-ref '$(BASE)',--last-release) --file openapi.yaml; \
	fi

## release: make release VERSION=x.y.z: check it, gate breaking changes, set info.version, regenerate the client, update CHANGELOG.md, commit and tag vx.y.z (RELEASE_ARGS=--dry-run to rehearse)
release: setup
	@if [ -z '$(VERSION)' ]; then echo "release: give the version: make release VERSION=x.y.z" >&2; exit 2; fi
	$(PY) -m spec_pipeline.release '$(VERSION)' --generate-cmd '$(GENERATE)' $(RELEASE_ARGS)
