# Newcomer commands: `make demo` (set up + run the main job), `make test` (set up + run the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: setup demo test test-fast lint format serve bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,report,web,spark]"
	rm -f $(VENV)/.installed-*
	touch $@

demo: setup
	$(BIN)/tradestat demo --out out

test: setup
	$(BIN)/python -m pytest -q -n 2

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow and not spark and not browser"

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: setup
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

serve: setup  # the demo warehouse (run `make demo` first)
	$(BIN)/tradestat serve --host 127.0.0.1 --port 8000 --warehouse out/demo.duckdb

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
