# Clusterflow — the two commands a newcomer needs are `make run` and `make test`.
# Each installs what is missing (system packages, virtualenv, requirements) before it starts.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo users' password for `make run`; change it with `make run DEMO_PASSWORD=...`.
DEMO_PASSWORD ?= clusterflow-demo
# `make run` serves the product as its users meet it (error pages included), with DEBUG off and a secret key
# made once for this checkout in var/; `make run DEBUG=true` shows Django's debug pages instead.
DEBUG ?= false
SECRET_KEY_FILE := var/secret-key

.PHONY: run test test-browser worker bench fuzz install system-deps browser-deps messages translations migrate demo lint clean

run: install $(SECRET_KEY_FILE)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py demo --password "$(DEMO_PASSWORD)"
	@echo ""
	@echo "Clusterflow is running on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Log in with any demo user above and the password $(DEMO_PASSWORD). Stop with Ctrl+C."
	@echo ""
	DEBUG=$(DEBUG) SECRET_KEY="$$(cat $(SECRET_KEY_FILE))" ALLOWED_HOSTS="$(HOST),127.0.0.1,localhost" \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install browser-deps lint
	$(BIN)/pytest

# The browser tests alone (Playwright driving Debian's Chromium against a live server); screenshots of every
# main page land in var/screenshots/.
test-browser: install browser-deps
	$(BIN)/pytest tests/browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# A Celery worker with the beat scheduler, for a real broker (CELERY_BROKER_URL).
worker: install
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0): without it tasks run in process."; exit 1; }
	$(BIN)/celery -A config worker --beat --loglevel INFO

# Rendering time, peak memory and worker throughput of generated documents (BENCHMARKS.md), on throwaway
# databases; the throughput part needs PostgreSQL and Redis on 127.0.0.1 and is skipped without them.
bench: install
	$(BIN)/python scripts/bench_documents.py

# Schemathesis over the whole API of a running instance (gunicorn, demo data, a throwaway PostgreSQL database,
# FUZZ_DATABASE_URL), as staff and as a partner, about 3 minutes; fails on any server error (scripts/fuzz.sh).
fuzz: install
	BIN=$(BIN) bash scripts/fuzz.sh

install: system-deps $(INSTALLED) messages

system-deps:
	@bash scripts/system-deps.sh

browser-deps:
	@bash scripts/system-deps.sh --browser

# The pages' translations: locale/*/LC_MESSAGES/django.po (committed) compiled to .mo (not committed).
messages: $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

# After changing an interface string: gathers every message of the code and templates into the catalogs
# (new ones empty, to translate; translations of unchanged messages kept). `.ci/run` fails if this changes them.
translations: install
	$(BIN)/python manage.py makemessages -l pl -l sl --no-location --no-obsolete --ignore=.venv --ignore=var --ignore=tests

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(INSTALLED): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(SECRET_KEY_FILE):
	@mkdir -p var
	@$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

clean:
	rm -rf $(VENV) var
