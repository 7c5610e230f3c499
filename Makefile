# Rapport's task runner. The two commands a newcomer needs:
#   make run    start Rapport on SQLite with the demo workspace (web UI on localhost)
#   make test   install everything, then lint, type-check and run the full test suite
#   make test-fast   the quick lane while you work: SQLite only, no browser or slow tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
PY_DIRS := src tests scripts $(wildcard bench) $(wildcard setup.py)

.PHONY: install run demo-sync test test-fast lint typecheck pytest services fmt clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/rapport demo --if-empty
	$(BIN)/rapport serve

# Calendar sync in one step: a local Radicale with a sample calendar whose attendees are
# the demo clients' contacts, added to the demo workspace and synced (docs/integrations.md).
# Ctrl-C stops Radicale.
demo-sync: install
	$(BIN)/python -c "import radicale" 2>/dev/null || $(BIN)/python -m pip install -q 'radicale>=3.2'
	$(BIN)/rapport demo --if-empty
	$(BIN)/python scripts/demo_sync.py

services:
	bash scripts/ensure-services.sh

# lint-imports: the layers of src/rapport and their rules ([tool.importlinter] in
# pyproject.toml, docs/architecture.md).
lint: install
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

pytest: install services
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test: lint typecheck pytest

# Under a minute on two cores: the unit tests and the integration and end-to-end tests on
# SQLite, without the tests marked slow (full installs, sweeps, model accuracy) or browser.
# `make test` (and CI) runs everything, on SQLite and PostgreSQL.
test-fast: install
	RAPPORT_TEST_SKIP_POSTGRES=1 $(BIN)/pytest -n 2 -q -m "not slow and not browser" $(PYTEST_ARGS)

fmt: install
	$(BIN)/ruff format $(PY_DIRS)
	$(BIN)/ruff check --fix $(PY_DIRS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
