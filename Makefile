# Every target does its own set-up: a .venv made from pyproject.toml on first use.
# `make test` draws the same hypothesis examples on every run, here as in CI; `make fuzz` runs
# the tests under the `fuzz` profile instead (tests/profiles.py): 20 times the examples, drawn
# afresh each run, failures replayed first next time from .hypothesis/. Narrow it with
# `make fuzz FUZZ=tests/stream`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FUZZ ?= tests

.PHONY: demo test lint typecheck unit fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== verify check --treaty example-non-aggression-pact observations/example-pact.jsonl"
	@$(BIN)/verify check --treaty example-non-aggression-pact observations/example-pact.jsonl \
		--as-of 2027-12-31T00:00:00Z; status=$$?; [ $$status -le 1 ] || exit $$status

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

# The suite runs in one worker process per core (at most 4), a test module's tests in the same
# worker so that its fixtures are made once: about 7 minutes on 2 cores, 15 in one process.
unit: $(STAMP)
	$(BIN)/pytest -n auto --maxprocesses 4 --dist loadfile

test: lint typecheck unit

fuzz: $(STAMP)
	$(BIN)/pytest -n auto --maxprocesses 4 --dist loadfile -p no:cacheprovider \
		--hypothesis-profile=fuzz $(FUZZ)

bench: $(STAMP)
	bench/run

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .verify
