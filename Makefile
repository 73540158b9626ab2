# Two entry points for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
# semgrep lives in a venv of its own: its pins would downgrade OpenTelemetry in .venv.
TOOLS := .venv-tools
SEMGREP := $(TOOLS)/bin/semgrep

.PHONY: demo test install lint clean bench rule-docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Two distributions: the scanner (.) and the runtime kit (kit/, with every extra for its tests).
$(STAMP): pyproject.toml kit/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e './kit[all]' -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(SEMGREP):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet semgrep

## Scan the bundled OMS-like monolith and write its reports under reports/.
demo: $(STAMP)
	mkdir -p reports
	$(BIN)/prodready scan fixtures/oms_monolith || echo "prodready exited $$? (1 means findings at or above --fail-on: the gate works)"
	$(BIN)/prodready scan fixtures/oms_monolith --exit-zero --quiet \
		--format markdown --output reports/oms_monolith.md \
		--format html --output reports/oms_monolith.html \
		--format sarif --output reports/oms_monolith.sarif \
		--format json --output reports/oms_monolith.json
	@echo "Reports written to reports/ (oms_monolith.md, .html, .sarif, .json)"

## Install everything the tests need and run them.
test: $(STAMP) $(SEMGREP)
	PATH="$(CURDIR)/$(TOOLS)/bin:$$PATH" $(BIN)/python -m pytest

## Regenerate docs/rules/ from the rules' docstrings (a test checks the committed pages).
rule-docs: $(STAMP)
	$(BIN)/python -m prodready.reports.rule_docs docs/rules

bench: $(STAMP) $(SEMGREP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/scan_speed.py --semgrep $(SEMGREP)

clean:
	rm -rf $(VENV) $(TOOLS) reports .prodready_cache .pytest_cache
