# The environments: the locked Python tools, the Node tools, the Debian packages the tests drive.
# Included by the Makefile; uses its UV, VENV.

.PHONY: setup system-deps clean

## setup: the locked Python environment in .venv (uv.lock) and the Node tools (package-lock.json)
setup: $(VENV)/.synced node_modules/.installed

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --quiet --compile-bytecode
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the test suite, the benchmarks and the compatibility matrix drive: the browser,
# its WebDriver, the load generator, and the Go toolchain that builds the Go client. Not pinned to
# a version: Debian's mirror serves only the current security release of each; the versions in use
# are recorded in BENCHMARKS.md and COMPATIBILITY.md.
SYSTEM_DEPS := chromium chromium-driver wrk golang-go

## system-deps: the Debian packages chromium, chromium-driver, wrk and golang-go (apt-get, as root, only when one is missing)
system-deps:
	@missing=$$(for p in $(SYSTEM_DEPS); do \
	  dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q '^install ok installed$$' || echo "$$p"; \
	done | xargs); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "system-deps: installing the Debian packages: $$missing" >&2; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "system-deps: apt-get needs root: run 'sudo apt-get install $$missing' (or 'sudo make system-deps')" >&2; \
	  exit 1; \
	fi; \
	apt-get update -qq; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null

## clean: remove the environments and every output (.venv, .tools, node_modules, compat's environments, build, dist, reports)
clean:
	rm -rf .venv .tools node_modules compat/.venv compat/node_modules build dist reports
