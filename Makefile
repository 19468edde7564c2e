# `make demo` and `make test` work on a fresh machine: each creates .venv and installs sitrep.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test bench bench-geo bench-analysis bench-web bench-modes bench-first-pass bench-hostile gate gate-raise clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/sitrep demo

test: $(STAMP)
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(VENV)/bin/python bench/ingest_bench.py
	$(VENV)/bin/python bench/mentions_bench.py

bench-geo: $(STAMP)
	$(VENV)/bin/python bench/geoparse_eval.py

bench-analysis: $(STAMP)
	$(VENV)/bin/python bench/analysis_bench.py

bench-web: $(STAMP)
	$(VENV)/bin/python bench/web_bench.py

bench-modes: $(STAMP)
	$(VENV)/bin/python bench/modes_bench.py

bench-first-pass: $(STAMP)
	$(VENV)/bin/python bench/first_pass.py

bench-hostile: $(STAMP)
	$(VENV)/bin/python bench/pathological_bench.py

gate: $(STAMP)
	$(VENV)/bin/python -m tests.quality.gate

gate-raise: $(STAMP)
	$(VENV)/bin/python -m tests.quality.gate --raise

clean:
	rm -rf $(VENV) .pytest_cache
