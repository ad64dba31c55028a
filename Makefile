# Lagrundt: `make demo` runs the product with demo data, `make test` runs every test.
# Both install what is missing first (Python packages into .venv, npm assets, Debian packages).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Django 6.1 needs Python 3.12 or newer: take the first interpreter that runs and is new enough
# (a pyenv shim for a version that is not activated exists but fails, so each one is tried).
PYTHON ?= $(shell for p in $(HOME)/.pyenv/versions/3.1[234]*/bin/python3 python3.14 python3.13 python3.12 python3; do \
	"$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v "$$p"; break; }; done)
# `make serve` serves production unless LAGRUNDT_ENV says otherwise (read before the default below).
SERVE_ENV := $(or $(LAGRUNDT_ENV),production)
export LAGRUNDT_ENV ?= test
VENDOR := src/lagrundt/web/static/vendor
MESSAGES := $(wildcard src/lagrundt/locale/*/LC_MESSAGES/django.po src/lagrundt/*/locale/*/LC_MESSAGES/django.po)

.PHONY: install system demo serve test test-sqlite test-postgres test-dates lint bench messages clean
# The suite runs on every core (pytest-xdist); set TEST_WORKERS=0 to run it in one process.
TEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -q -n $(TEST_WORKERS)

install: system $(VENV)/.installed $(VENDOR)/.built $(MESSAGES:.po=.mo)

system:
	@bash scripts/ensure_system_packages.sh

$(VENV)/.installed: requirements.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed for Django 6.1 and was not found."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/.built: node_modules/.package-lock.json scripts/build_assets.py
	$(PY) scripts/build_assets.py
	@touch $@

%.mo: %.po
	msgfmt --check-format -o $@ $<

# The demo runs the task worker beside the development server (as scripts/serve.sh does in production):
# documents made in the background (the council report's PDF) need it, and the demo keeps the database
# task queue of production rather than running tasks inside the request. Stopping the server stops it.
demo: export LAGRUNDT_ENV = demo
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo
	@export LAGRUNDT_SECRET_KEY="$${LAGRUNDT_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver --insecure 127.0.0.1:8000

# Production serving: migrate, collect static files, then gunicorn and the task worker together until
# Ctrl-C (scripts/serve.sh; environment in docs/operations.md). `LAGRUNDT_ENV=demo make serve` serves the demo.
serve: export LAGRUNDT_ENV = $(SERVE_ENV)
serve: install
	bash scripts/serve.sh

lint: install
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check --quiet src tests scripts || { echo "Run ruff format."; exit 1; }
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "Models changed without a migration."; exit 1; }
	cd src && ../$(VENV)/bin/lint-imports --no-cache --no-logo ../.importlinter

test-sqlite: install
	$(PYTEST)

# The browser tests drive the same views on SQLite only: on PostgreSQL each of them empties every
# table after itself, which took two of the suite's minutes and tested no query the others do not.
test-postgres: install
	bash scripts/with_postgres.sh $(PYTEST) -m "not browser"

# The date-sensitive folders again on the days where calendar bugs hide (SQLite).
test-dates: install
	bash scripts/date_sweep.sh $(PYTEST)

test: lint test-sqlite test-postgres test-dates

bench: export LAGRUNDT_ENV = test
bench: export LAGRUNDT_SQLITE_PATH = var/bench.sqlite3
bench: install
	rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py bench --persons $${BENCH_PERSONS:-150000} --output var/bench.md
# Then the load: BENCH_LOAD_USERS (50) users for BENCH_LOAD_SECONDS (180) against `make serve`'s gunicorn
# on the demo data, on SQLite and on PostgreSQL, appended to the same report.
	@status=0; \
	$(PY) scripts/load_test.py --serve --report var/bench.md || status=1; \
	bash scripts/with_postgres.sh $(PY) scripts/load_test.py --serve --report var/bench.md || status=1; \
	echo "Report: var/bench.md"; exit $$status

messages: install
	cd src/lagrundt && ../../$(PY) ../../manage.py makemessages -l nb -l nn -l en --no-obsolete --no-location -i "static/*"

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
