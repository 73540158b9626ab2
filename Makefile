# Two entry points for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test install lint clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Scan the bundled OMS-like monolith and write its reports under reports/.
demo: $(STAMP)
	mkdir -p reports
	-$(BIN)/prodready scan fixtures/oms_monolith
	$(BIN)/prodready scan fixtures/oms_monolith --exit-zero --quiet \
		--format markdown --output reports/oms_monolith.md \
		--format html --output reports/oms_monolith.html \
		--format sarif --output reports/oms_monolith.sarif \
		--format json --output reports/oms_monolith.json
	@echo "Reports written to reports/ (oms_monolith.md, .html, .sarif, .json)"

## Install everything the tests need and run them.
test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/scan_speed.py

clean:
	rm -rf $(VENV) reports .prodready_cache .pytest_cache
