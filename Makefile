# Broadsheet: `make run` serves the demo site, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint format install clean bench bench-scale bench-faults

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py send_newsletters   # prints the demo's queued email
	$(BIN)/python manage.py ensure_admin
	@echo "Serving http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# gunicorn + wrk on SQLite and on PostgreSQL + Redis (bench/serve.py); needs wrk and nginx.
bench: $(STAMP)
	$(BIN)/python bench/serve.py $(BENCH_ARGS)

# Page timings through the test client over many articles (bench/run.py).
bench-scale: $(STAMP)
	$(BIN)/python bench/run.py

# Redis away and PostgreSQL restarted under load: nothing acknowledged is lost.
bench-faults: $(STAMP)
	$(BIN)/python bench/faults.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
