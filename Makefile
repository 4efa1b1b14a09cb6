VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint crosscheck bench bundles clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/autograde demo

test: $(STAMP)
	$(PY) -m pytest -q
	$(VENV)/bin/ruff check .

lint: $(STAMP)
	$(VENV)/bin/ruff check .

crosscheck: $(STAMP)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pytest -q -m crosscheck

bench: $(STAMP)
	$(PY) benchmarks/check_latency.py
	$(PY) benchmarks/nbgrader_per_lesson.py

bundles: $(STAMP)
	$(VENV)/bin/autograde build-bundles

clean:
	rm -rf $(VENV) build *.egg-info
