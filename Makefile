# Two commands set everything up on a fresh machine:
#   make demo   - install, then run journeyspec on the example maps
#   make test   - install, then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# journeyspec works with DuckDB 1.x and 2.x (pyproject's pin). The suite runs on the
# newest 2.x in .venv; the tests marked `duckdb` (all in tests/engine and tests/check) run
# again on the newest 1.x in a second environment, which needs only the `dev` extra (Spark
# and the docs site read no DuckDB), and the tests that write a database with one line and
# read it with the other run each line's Python (see tests/engine/test_duckdb_versions.py).
DUCKDB_NEW := duckdb>=2,<3
DUCKDB_OLD := duckdb>=1.3.1,<2
# Every core runs tests; a file's tests stay on one worker (its module fixtures are built once).
# `make test PARALLEL=` runs them in one process.
PARALLEL ?= -n auto --dist loadfile
VENV_DUCKDB1 := .venv-duckdb1
STAMP_DUCKDB1 := $(VENV_DUCKDB1)/.installed

.PHONY: demo example-data test install system-packages editors-npm editor site spec bench bench-language bench-render bench-engine bench-simulate bench-check bench-lsp images clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark,docs,lsp]' '$(DUCKDB_NEW)'
	touch $(STAMP)

$(STAMP_DUCKDB1): pyproject.toml
	test -x $(VENV_DUCKDB1)/bin/python || $(PYTHON) -m venv $(VENV_DUCKDB1)
	$(VENV_DUCKDB1)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_DUCKDB1)/bin/python -m pip install --quiet -e '.[dev]' '$(DUCKDB_OLD)'
	touch $(STAMP_DUCKDB1)

install: $(STAMP) system-packages

# The npm packages of editors/ (package-lock.json): the TextMate grammar's test tools and
# what compiles the VS Code extension's client, for the tests; `npm ci` runs only when
# node_modules is missing or older than the lock file. `make editor` adds @vscode/vsce (a
# dev dependency, left out here: it is most of the download and no test needs it).
EDITORS_NPM := editors/node_modules/.package-lock.json
EDITORS_VSCE := editors/node_modules/@vscode/vsce/package.json
$(EDITORS_NPM): editors/package-lock.json
	cd editors && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error
	touch $@

editors-npm: $(EDITORS_NPM)

$(EDITORS_VSCE): editors/package-lock.json
	cd editors && npm ci --prefer-offline --no-audit --no-fund --loglevel=error
	touch $(EDITORS_NPM) $@

# The VS Code extension as a .vsix (editors/vscode/journeyspec-VERSION.vsix); install it
# with `code --install-extension editors/vscode/journeyspec-*.vsix` (editors/vscode/README.md).
editor: $(EDITORS_VSCE)
	cd editors/vscode && npm run package

# System packages the tools need; installed only when missing. Graphviz's
# `dot` lays out the journey graph and brings the cairo library that turns the
# canvas into PNG or PDF; fonts-liberation2 gives Helvetica/Arial metrics.
# Chromium opens the documentation site in the browser tests (driven by the
# Python `playwright` package, which never downloads a browser of its own).
# DejaVu Sans draws Hebrew and Arabic; fonts-wqy-microhei draws Chinese, Japanese
# and Korean (1.6 MB to download, against 57 MB for fonts-noto-cjk), installed when
# no font has a glyph for 中, あ and 가 (without one, those labels are empty boxes).
APT_PACKAGES := graphviz libcairo2 fonts-liberation2 fonts-dejavu-core fonts-wqy-microhei chromium
CJK_CHARSET := 4e2d 3042 ac00
system-packages:
	@if ! command -v dot >/dev/null 2>&1 || ! ldconfig -p 2>/dev/null | grep -q 'libcairo\.so\.2' \
	    || ! command -v chromium >/dev/null 2>&1 \
	    || ! fc-list ':charset=$(CJK_CHARSET)' family 2>/dev/null | grep -q .; then \
	  echo "installing $(APT_PACKAGES) with apt-get"; \
	  if [ "$$(id -u)" -eq 0 ]; then APT="env DEBIAN_FRONTEND=noninteractive apt-get"; \
	  else APT="sudo env DEBIAN_FRONTEND=noninteractive apt-get"; fi; \
	  $$APT install -y -qq $(APT_PACKAGES) >/dev/null 2>&1 \
	    || { $$APT update -qq >/dev/null && $$APT install -y -qq $(APT_PACKAGES) >/dev/null; } \
	    || { echo "could not install $(APT_PACKAGES); install them with your system's package manager" >&2; exit 1; }; \
	fi

# `check` pairs each journey with the example data source named like it in
# pyproject.toml; one expectation fails on purpose and one fails on the real news
# data, so exit 1 is expected (2 is not).
demo: install
	$(BIN)/journeyspec validate --strict maps/
	$(BIN)/journeyspec summary maps/
	$(BIN)/journeyspec check maps/; code=$$?; test $$code -le 1
	@$(MAKE) --no-print-directory site
	@echo
	@echo "The documentation site, with a page per example journey, is in site/. Serve it with"
	@echo "  $(BIN)/python -m http.server -d site 8000"
	@echo "and open http://localhost:8000/ (or http://localhost:8000/examples/ for the journeys)."

# The example event logs `make demo` checks (deterministic; committed): each
# journey simulated with its settings in examples/simulate/, its size and seed.
EXAMPLE_DATA := checkout:4000:1 saas_onboarding:2500:2 support:6000:3
example-data: install
	@for entry in $(EXAMPLE_DATA); do \
	  journey=$${entry%%:*}; rest=$${entry#*:}; sessions=$${rest%%:*}; seed=$${rest#*:}; \
	  $(BIN)/journeyspec simulate maps/$$journey.journey --settings examples/simulate/$$journey.toml \
	    --sessions $$sessions --seed $$seed -o examples/data/$$journey.parquet || exit 1; \
	done

# The documentation site (mkdocs.yml): docs/, the spec, the generated references
# and a page per example map, into site/.
site: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

# lint-imports holds the package to the layers in pyproject.toml's [tool.importlinter].
# Then the whole suite on DuckDB 2.x, and the tests marked `duckdb` on DuckDB 1.x (Spark's
# tests need no second run: Spark reads no DuckDB).
test: install $(STAMP_DUCKDB1) $(EDITORS_NPM)
	$(BIN)/lint-imports --no-cache
	JOURNEYSPEC_OTHER_DUCKDB_PYTHON=$(CURDIR)/$(VENV_DUCKDB1)/bin/python $(BIN)/python -m pytest $(PARALLEL)
	JOURNEYSPEC_OTHER_DUCKDB_PYTHON=$(CURDIR)/$(BIN)/python $(VENV_DUCKDB1)/bin/python -m pytest $(PARALLEL) -m "duckdb and not spark" tests/engine tests/check

spec: install
	$(BIN)/python -m journeyspec schema > spec/ir.schema.json
	$(BIN)/python -m journeyspec.lang.ebnf > spec/grammar.ebnf
	$(BIN)/python -m journeyspec.lang.textmate > editors/textmate/journey.tmLanguage.json

bench: bench-language bench-render bench-engine bench-simulate bench-check bench-lsp

bench-language: install
	$(BIN)/python benchmarks/language/parse_large_map.py

# The language server: change -> diagnostics on a 5,000-step map, and memory over 200 edits.
bench-lsp: install
	$(BIN)/python benchmarks/lsp/bench.py

bench-render: install
	$(BIN)/python benchmarks/render/render_large_map.py

# The rendered examples the README shows (tests check the text ones are current).
images: install
	$(BIN)/journeyspec render maps/checkout.journey --as graph -o docs/images/checkout-graph.svg
	$(BIN)/journeyspec render maps/checkout.journey --as canvas -o docs/images/checkout-canvas.svg
	$(BIN)/journeyspec render maps/checkout.journey --as mermaid -o docs/images/checkout.mmd
	$(BIN)/journeyspec render maps/checkout.journey --as mermaid --mermaid-journey -o docs/images/checkout-journey.mmd
	$(BIN)/journeyspec render maps/checkout.journey --data checkout -o docs/images/checkout-overlay.svg

bench-engine: install
	$(BIN)/python benchmarks/engine/bench.py

bench-simulate: install
	$(BIN)/python benchmarks/simulate/bench.py

# With --pm4py it also makes benchmarks/.pm4py-venv (pm4py is AGPL; never a dependency).
bench-check: install
	$(BIN)/python benchmarks/check/bench.py --pm4py

clean:
	rm -rf $(VENV) $(VENV_DUCKDB1) editors/node_modules editors/vscode/dist editors/vscode/syntaxes build site journey-pages tests/.artifacts *.egg-info .pytest_cache .hypothesis
