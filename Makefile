# Two commands set everything up on a fresh machine:
#   make demo   - install, then run journeyspec on the example maps
#   make test   - install, then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install system-packages spec bench bench-engine clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

install: $(STAMP) system-packages

# System packages the tools need; installed only when missing.
system-packages:
	@true

demo: install
	$(BIN)/journeyspec validate --strict maps/
	$(BIN)/journeyspec summary maps/

test: install
	$(BIN)/python -m pytest

spec: install
	$(BIN)/python -m journeyspec schema > spec/ir.schema.json
	$(BIN)/python -m journeyspec.lang.ebnf > spec/grammar.ebnf

bench: install
	$(BIN)/python benchmarks/parse_large_map.py

bench-engine: install
	$(BIN)/python benchmarks/engine/bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
