# Two commands for a new user: `make run` serves the seeded site, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PORT ?= 8000
STAMP := $(VENV)/.installed
# uv.lock pins every dependency, uv included: the lock says which uv to bootstrap.
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Trust the operating system's certificates, as pip does (a company proxy's CA included).
export UV_SYSTEM_CERTS ?= 1
# Python keeps compiled bytecode: without it every Django start-up (each test server and
# subprocess) compiles Wagtail's source again, about 6 s of CPU instead of 2.
unexport PYTHONDONTWRITEBYTECODE
step = @printf '==> %s\n'

.PHONY: install lock upgrade run test test-fast lint format migrate content bench audit loadtest sqlmap clean

install: $(STAMP)

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Installs exactly what uv.lock pins, again only when the lock or pyproject.toml changes,
# with the packages' bytecode compiled once here rather than at every start-up.
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(step) "Installing the locked dependencies into $(VENV)"
	@$(UV) sync --locked --extra dev --quiet --compile-bytecode
	@touch $(STAMP)

# After editing the dependencies in pyproject.toml: resolve them into uv.lock again.
lock: | $(UV)
	$(UV) lock

# Upgrade one dependency within its range in pyproject.toml: make upgrade PACKAGE=wagtail
upgrade: | $(UV)
	@test -n "$(PACKAGE)" || { echo "Say which: make upgrade PACKAGE=name"; exit 1; }
	$(UV) lock --upgrade-package $(PACKAGE)
	@$(MAKE) --no-print-directory install

migrate: install
	$(step) "Migrating the database"
	@$(BIN)/python manage.py migrate --noinput -v 0

# The loader's own lines go to a log; its last line, the count, is shown.
content: migrate
	$(step) "Loading the seeded site"
	@$(BIN)/python manage.py load_site_content > $(VENV)/load_site_content.log \
		|| { tail -n 20 $(VENV)/load_site_content.log; exit 1; }
	@printf '    %s\n' "$$(tail -n 1 $(VENV)/load_site_content.log)"

# The server's banner ends with the address, user name and password (runserver.py).
run: content
	$(step) "Making sure a local admin exists"
	@$(BIN)/python manage.py ensure_local_admin -v 0
	$(step) "Starting the development server"
	@$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# One pytest worker a core (at most four), each with its own test database; a test file
# stays on one worker, so that its module's servers start once.
WORKERS := --numprocesses=auto --maxprocesses=4 --dist=loadfile

test: install
	$(BIN)/python -m pytest $(WORKERS)

# The inner loop: all but the browser and slow suites, on a test database kept between
# runs (a SQLite file unless DATABASE_URL is set). The file is named after what builds the
# tests' site (migrations, content, loader, factories): change one and the next run makes
# a new database, as the loader never rewrites a page that exists. Older files are removed.
# Name files or options in ARGS (then on one worker): make test-fast ARGS=search/tests/test_search.py
SITE_SOURCES = $(sort $(wildcard */migrations/*.py tests/*/migrations/*.py tests/content/*.py \
	guides/content/*.py guides/content/*.txt) guides/management/commands/load_site_content.py tests/factories.py)
FAST_DB = $(VENV)/test-fast-$(shell cat $(SITE_SOURCES) | cksum | cut -d' ' -f1).sqlite3
test-fast: install
	@find $(VENV) -maxdepth 1 -name 'test-fast*.sqlite3*' ! -name '$(notdir $(FAST_DB))*' -delete
	TEST_DATABASE_FILE=$(FAST_DB) $(BIN)/python -m pytest --reuse-db \
		-m "not browser and not slow" $(if $(ARGS),$(ARGS),$(WORKERS))

# The templates: the project's, and each app's own (page_cache/templates/ ...).
TEMPLATES = $(wildcard templates */templates)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	find $(TEMPLATES) -name '*.html' | xargs $(BIN)/djhtml --check
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	find $(TEMPLATES) -name '*.html' | xargs $(BIN)/djhtml

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

# sqlmap against the contact form under gunicorn, four ways; prints the leads each stored
# (needs PostgreSQL; SQLMAP_SECONDS bounds each attack, 300 by default).
sqlmap: install
	$(BIN)/python scripts/sqlmap_contact.py

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache .ruff_cache test-artifacts
