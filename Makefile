# Every target does its own set-up: a .venv made from pyproject.toml on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench clean

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

unit: $(STAMP)
	$(BIN)/pytest

test: lint typecheck unit

bench: $(STAMP)
	bench/run

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .verify
