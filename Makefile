# Everything a developer (and CI) runs. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails (a new coordinator's sign-in link, newsletter confirmations) lead here; set
# DJANGO_SITE_URL yourself to override it.
DJANGO_SITE_URL ?= http://$(HOST):$(PORT)
# Local commands: debug on (no secrets needed), e-mailed links on the address `make run` serves.
MANAGE := DJANGO_DEBUG=1 DJANGO_SITE_URL=$(DJANGO_SITE_URL) $(PY) manage.py
PYTEST_ARGS ?=
# The benchmark's data size (large, medium or tiny) and any other options (see bench/run.py).
BENCH_SIZE ?= large
BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run serve migrate demo superuser coordinator test test-postgres cluster-check lint format css bench ci clean

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

run: $(VENV)/.installed ## Serve the site with demo content on http://127.0.0.1:8000 (or HOST=, PORT=)
	@$(MANAGE) migrate --noinput
	@$(MANAGE) load_demo_content --if-empty
	@echo
	@echo "To edit content, create an admin account (in another terminal):"
	@echo "    make superuser"
	@echo "and make someone a coordinator (they are e-mailed a link; here it is printed):"
	@echo "    make coordinator PORT=$(PORT) EMAIL=sam@example.org GROUP=parent-power"
	@echo "then sign in at $(DJANGO_SITE_URL)/admin/"
	@echo
	@$(MANAGE) runserver $(HOST):$(PORT)

migrate: $(VENV)/.installed ## Apply database migrations
	$(MANAGE) migrate --noinput

demo: $(VENV)/.installed ## Load (or refresh) the demo content
	$(MANAGE) load_demo_content

superuser: $(VENV)/.installed ## Create an admin account for local use
	$(MANAGE) createsuperuser

coordinator: $(VENV)/.installed ## Make EMAIL a coordinator of GROUP (a group's web address), locally
	@test -n "$(EMAIL)" -a -n "$(GROUP)" || { echo "Give both: make coordinator EMAIL=sam@example.org GROUP=parent-power"; exit 2; }
	$(MANAGE) add_coordinator "$(EMAIL)" "$(GROUP)"

# The pinned npm packages: the stylesheet's build tools and the W3C HTML checker (vnu.jar) that
# tests/oig_site/test_valid_html.py runs. Installed again when package-lock.json changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: $(VENV)/.installed-dev node_modules/.installed ## Run every test (unit, view, admin and browser tests)
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev node_modules/.installed ## Run every test against the local PostgreSQL
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coproduction} $(PY) -m pytest $(PYTEST_ARGS)

cluster-check: $(VENV)/.installed-dev ## Two app servers on one PostgreSQL, Redis and S3 server behave as one site
	$(PY) deploy/cluster_check.py

lint: $(VENV)/.installed-dev ## Check code style (ruff)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev ## Format the code and fix what ruff can
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

css: $(VENV)/.installed node_modules/.installed ## Rebuild static/css/site.min.css from assets/scss/ (needs node and npm)
	PYTHON=$(PY) npm run --silent build

bench: $(VENV)/.installed ## Measure the site on PostgreSQL at scale (BENCH_SIZE=tiny: a quick check)
	BENCH_SIZE=$(BENCH_SIZE) $(PY) -m bench.run $(BENCH_ARGS)

ci: ## Run the whole CI pipeline (.ci/run)
	bash .ci/run

clean: ## Remove the virtualenv and local data (database, uploads)
	rm -rf $(VENV) var
