# Two commands for a new user: `make run` serves the seeded site, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test lint format migrate content bench audit loadtest clean

install: $(STAMP)

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

content: migrate
	$(BIN)/python manage.py load_site_content

run: content
	@$(BIN)/python manage.py ensure_local_admin --url http://127.0.0.1:$(PORT)/admin/
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	find templates -name '*.html' | xargs $(BIN)/djhtml --check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	find templates -name '*.html' | xargs $(BIN)/djhtml

# Lighthouse and the Nu HTML checker come from npm; only this target needs Node (and Java).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

audit: install node_modules/.installed
	$(BIN)/python scripts/audit.py

# Requests per second of cached and uncached pages against a static file (needs wrk).
bench: install
	$(BIN)/python scripts/bench.py

# 60 s of mixed traffic at 64 connections under gunicorn: p99, 5xx and socket errors (needs wrk).
loadtest: install
	$(BIN)/python scripts/loadtest.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache .ruff_cache test-artifacts
