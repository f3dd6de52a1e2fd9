# Launchkit. `make run` serves the demo site; `make test` runs lint and the whole test suite.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Where links in emails, feeds, the sitemap and the default Site point when BASE_URL is not set (in the environment
# or .env, which win): the address `make run` serves on. 0.0.0.0 (every interface) is reached as 127.0.0.1.
SERVE_URL ?= http://$(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST)):$(PORT)
export SERVE_URL
DJANGO_SETTINGS_MODULE ?= config.settings.dev
export DJANGO_SETTINGS_MODULE

.PHONY: run dev install install-dev migrate demo admin serve test test-postgres lint format check pytest bench clean

run: install migrate demo admin serve  ## Install, migrate, load the demo, create the admin, serve site + worker

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo

admin: install
	@$(PY) manage.py ensure_admin

# Ctrl-C stops both processes: background jobs of a non-interactive shell ignore SIGINT, so the trap passes it on.
serve: install
	@echo "Serving http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/) with a task worker. Ctrl-C stops both."
	@$(PY) manage.py run_worker --no-reload --interval 1 & worker=$$!; \
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 2 --no-control-socket \
		--access-logfile - --env DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) & web=$$!; \
	trap 'kill $$worker $$web 2>/dev/null; wait; exit 0' INT TERM; \
	wait $$web; kill $$worker 2>/dev/null; wait

dev: install migrate demo admin  ## runserver with autoreload, plus the worker
	@$(PY) manage.py run_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait; exit 0' INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT); kill $$worker 2>/dev/null; wait

test: install-dev lint check pytest  ## Lint, Django checks and the whole suite (SQLite, or DATABASE_URL/REDIS_URL)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html')

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files '*.html')

check: install-dev
	@mkdir -p var
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
pytest: install-dev
	@DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status

test-postgres:  ## The suite on the local PostgreSQL and Redis, as CI's second pass
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 $(MAKE) test

bench: install-dev  ## Production config under wrk; figures go in docs/performance.md
	@command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf var/static .pytest_cache .ruff_cache
