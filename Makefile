# Everything a developer (and CI) runs. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The benchmark's data size (large, medium or tiny) and any other options (see bench/run.py).
BENCH_SIZE ?= large
BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run serve migrate demo superuser test test-postgres cluster-check lint format css bench ci clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed ## Serve the site with demo content on http://127.0.0.1:8000
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_demo_content --if-empty
	@echo
	@echo "To edit content, create an admin account (in another terminal):"
	@echo "    DJANGO_DEBUG=1 $(PY) manage.py createsuperuser"
	@echo "then sign in at http://$(HOST):$(PORT)/admin/"
	@echo
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

migrate: $(VENV)/.installed ## Apply database migrations
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

demo: $(VENV)/.installed ## Load (or refresh) the demo content
	DJANGO_DEBUG=1 $(PY) manage.py load_demo_content

superuser: $(VENV)/.installed ## Create an admin account for local use
	DJANGO_DEBUG=1 $(PY) manage.py createsuperuser

test: $(VENV)/.installed-dev ## Run every test (unit, view, admin and browser tests)
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev ## Run every test against the local PostgreSQL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coproduction} $(PY) -m pytest $(PYTEST_ARGS)

cluster-check: $(VENV)/.installed-dev ## Two app servers on one PostgreSQL, Redis and S3 server behave as one site
	$(PY) deploy/cluster_check.py

lint: $(VENV)/.installed-dev ## Check code style (ruff)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev ## Format the code and fix what ruff can
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

css: $(VENV)/.installed ## Rebuild static/css/site.min.css from assets/scss/ (needs node and npm)
	npm ci --no-audit --no-fund
	PYTHON=$(PY) npm run --silent build

bench: $(VENV)/.installed ## Measure the site on PostgreSQL at scale (BENCH_SIZE=tiny: a quick check)
	BENCH_SIZE=$(BENCH_SIZE) $(PY) -m bench.run $(BENCH_ARGS)

ci: ## Run the whole CI pipeline (.ci/run)
	bash .ci/run

clean: ## Remove the virtualenv and local data (database, uploads)
	rm -rf $(VENV) var
