# Quick start: `make run` (serve the demo on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run serve test coverage lint format bench faults clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Python 3.11 or newer is needed ('$(PYTHON)' is older or missing)." >&2; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "Python's venv module is missing. On Debian/Ubuntu: sudo apt-get install python3-venv" >&2; \
	  echo "then run make again." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## run: install, migrate, publish the sample bank, seed the demo, serve with gunicorn
run: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) bank publish
	$(FLASK) demo
	$(MAKE) --no-print-directory serve

serve: $(STAMP)
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) wsgi:app

## test: lint, then the whole suite (embedded SQLite and Redis unless DATABASE_URL/REDIS_URL)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

## coverage: the suite with branch coverage of the candidate, proctor and events packages
coverage: $(STAMP)
	$(BIN)/pytest --cov=assessment_app.candidate --cov=assessment_app.proctor \
	  --cov=assessment_app.events --cov=assessment_app.attempts --cov-branch \
	  --cov-report=term-missing:skip-covered --cov-fail-under=95

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## bench: every benchmark in bench/ against real gunicorn, Redis and databases (prints figures)
bench: $(STAMP)
	$(BIN)/python -m bench

## faults: the fault suite (tests/faults, not in `make test`): hosts killed behind HAProxy, clients cut off, database and Redis faults
faults: $(STAMP)
	$(BIN)/pytest -m faults tests/faults

clean:
	-$(BIN)/python -c "from assessment_app.store import stop_embedded; stop_embedded('instance')"
	rm -rf instance test-artifacts .pytest_cache
