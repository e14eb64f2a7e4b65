# Broadsheet: `make demo` serves the demo newsroom, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS ?= redis://127.0.0.1:6379/15
FRONTEND ?= nginx

.PHONY: demo test test-postgres lint messages gettext install install-test chromium frontends stack serve worker bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/test.txt
	touch $@

# axe-core and vnu.jar for the browser tests (pinned in package-lock.json). vnu.jar runs on the
# machine's Java, so its install script (which would fetch a JDK) is skipped.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test node_modules/.installed

# `make demo BIND=127.0.0.1:8001` when port 8000 is taken. The demo speaks English and Turkish
# (/en/ and /tr/); `make demo BROADSHEET_LANGUAGE=en` (or tr) serves one language, unprefixed.
demo: install
	BROADSHEET_LANGUAGE="$${BROADSHEET_LANGUAGE:-en,tr}" $(BIN)/broadsheet demo $(if $(BIND),--bind $(BIND))

# The demo behind a front cache: FRONTEND=nginx (default) or FRONTEND=varnish.
stack: install
	FRONTEND=$(FRONTEND) deploy/stack.sh

serve: install
	$(BIN)/broadsheet serve $(if $(BIND),--bind $(BIND))

worker: install
	$(BIN)/broadsheet worker

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's varnish and nginx for the front-cache tests (the shipped VCL and nginx configuration
# run against real servers; in CI a missing one fails those tests instead of skipping them).
frontends:
	@{ command -v varnishd || test -x /usr/sbin/varnishd; } >/dev/null 2>&1 && \
	  { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's varnish and nginx for the front-cache tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    varnish nginx >/dev/null; }

lint: install-test gettext
	$(BIN)/ruff check broadsheet tests bench
	$(BIN)/ruff format --check broadsheet tests bench
	$(BIN)/lint-imports --no-cache
	tools/messages.sh --check

# Refresh the Turkish catalogues from the code and compile them (both are committed).
messages: install gettext
	tools/messages.sh

# GNU gettext's msgfmt checks and compiles the catalogues (only for lint and `make messages`:
# the compiled catalogues are committed, so `make demo` needs none of it).
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
	  echo "Installing Debian's gettext for the translation checks"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; }

# The test process's own Redis client flushes its database between tests on a machine that is
# also running the servers under test: it gets a second, not production's 50 ms (the timeout
# and circuit-breaker tests build clients with 50 ms; live servers never inherit this).
test: install-test chromium frontends lint
	REDIS_TIMEOUT=$${REDIS_TIMEOUT:-1} $(BIN)/pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL and Redis (the production parts).
test-postgres:
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS) $(MAKE) test

clean:
	rm -rf $(VENV) var node_modules
