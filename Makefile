# Two commands do everything on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint browser-test bench clean

# The virtual environment is rebuilt whenever a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

# Links in e-mails and the printed survey link follow the port the server listens on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py frameworks load --all
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py surveys load --all
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py setup_demo
	@# The background worker (imports, e-mails, reminders) runs beside the server and stops with it.
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite, browser tests included (they need Debian's chromium; CI installs it).
test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

browser-test: $(VENV)/.installed
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

# Benchmarks on a database of their own (var/bench/); SCENARIOS="assessment observatory" picks some.
bench: $(VENV)/.installed
	$(PY) -m bench $(SCENARIOS)

# Stops at the first problem: lint, formatting, a model change without its migration, templates
# (djLint, lint mode only: it never rewrites them), templates that nothing renders.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.dev DATABASE_URL=sqlite://:memory: \
		$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/djlint templates --lint
	$(PY) -m pytest tests/test_templates_used.py -q

clean:
	rm -rf $(VENV) var
