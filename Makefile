# tochuc: every target creates or updates .venv itself, so a fresh clone needs only `make demo` or `make test`.
#
#   make demo      migrate the SQLite database under var/, seed the demo province once, serve on 127.0.0.1:8000
#   make test      the whole suite on DATABASE_URL (default: SQLite), browser tests included when Chromium is there
#   make test-pg   the whole suite on PostgreSQL (starts a local server when DATABASE_URL is not set)
#   make lint      ruff check + ruff format --check
#   make screenshots  retake the README's screenshots (docs/*.png) with the browser tests
#   make bench     the benchmarks in bench/
#   make clean     the virtualenv, caches and build leftovers (var/, with the demo database and secret key, stays)

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-x tests/orgs"`.
PYTEST_ARGS ?=
DEMO_HOST ?= 127.0.0.1
DEMO_PORT ?= 8000
PG_URL := postgresql://tochuc:tochuc@127.0.0.1:5432/tochuc

.PHONY: help venv .venv demo test test-pg lint bench clean screenshots

help:
	@sed -n 's/^#   //p' Makefile

# --- The virtualenv ------------------------------------------------------------------------------
# Reinstalled when pyproject.toml is newer than the stamp. uv (installed into the venv by pip) does it
# in seconds; plain pip is the fallback when uv cannot be had.
venv .venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	@if [ -x $(BIN)/uv ] || $(BIN)/python -m pip install -q --disable-pip-version-check uv; then \
		$(BIN)/uv pip install -q --python $(BIN)/python -e '.[dev]'; \
	else \
		echo "uv unavailable: installing with pip"; \
		$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'; \
	fi
	@touch $@

# --- The demo ------------------------------------------------------------------------------------
# seed-demo does nothing when the demo is already there, so `make demo` can be run again and again.
# DEBUG stays off: WhiteNoise (WHITENOISE_USE_FINDERS) serves the static files, no collectstatic needed.
demo: $(STAMP)
	@scripts/ensure-pdf-libs.sh
	$(BIN)/tochuc migrate --noinput -v0
	$(BIN)/tochuc seed-demo
	@echo
	@echo "  tochuc is at http://$(DEMO_HOST):$(DEMO_PORT)/  (Ctrl-C stops it)"
	@echo
	$(BIN)/tochuc runserver --noreload $(DEMO_HOST):$(DEMO_PORT)

# --- Tests ---------------------------------------------------------------------------------------
# The browser tests drive Debian's /usr/bin/chromium (Playwright downloads no browser here). When it is
# missing we install it if we can (root + apt-get); otherwise those tests skip themselves and we say so.
# pytest's exit code 5 (no test collected) is a failure like any other: it is reported, never hidden.
define run_pytest
	@scripts/ensure-chromium.sh
	@scripts/ensure-pdf-libs.sh
	@echo "pytest on $${DATABASE_URL:-sqlite (var/, test database in memory)}"
	@$(BIN)/pytest -q $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no tests (exit code 5)"; fi; \
	exit $$rc
endef

test: $(STAMP)
	$(run_pytest)

test-pg: export DATABASE_URL := $(or $(DATABASE_URL),$(PG_URL))
test-pg: $(STAMP)
	@if [ "$$DATABASE_URL" = "$(PG_URL)" ]; then scripts/pg-start.sh; \
	else echo "DATABASE_URL is set: using that server as it is"; fi
	$(run_pytest)

# The README's screenshots, taken by the browser tests into docs/.
screenshots: $(STAMP)
	@scripts/ensure-chromium.sh
	TOCHUC_SCREENSHOTS=1 $(BIN)/pytest -q tests/browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	@set -e; for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info .ruff_cache .pytest_cache .hypothesis test-results
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
