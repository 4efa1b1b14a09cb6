VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# MathJax for offline feedback pages, fetched from the npm registry (integrity-checked) into the
# package, so wheels built from here ship it and `autograde init` copies it into each course
MATHJAX := $(shell python3 autograde/course/mathjax.py --path)

.PHONY: demo test lint crosscheck bench bundles clean system

$(MATHJAX):
	python3 autograde/course/mathjax.py

$(STAMP): pyproject.toml setup.py | $(MATHJAX)
	python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: system $(STAMP)
	$(VENV)/bin/autograde demo

test: system $(STAMP)
	$(PY) -m pytest -q -n 2 --dist loadfile
	$(VENV)/bin/ruff check .

lint: $(STAMP)
	$(VENV)/bin/ruff check .

crosscheck: $(STAMP)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pytest -q -m crosscheck

bench: $(STAMP)
	$(PY) benchmarks/check_latency.py
	$(PY) benchmarks/nbgrader_per_lesson.py
	$(PY) benchmarks/grading_throughput.py

bundles: $(STAMP)
	$(VENV)/bin/autograde build-bundles

# bubblewrap is the grader's sandbox (without it the grader falls back to rlimits only);
# the store's tests also run on a real PostgreSQL server; the browser tests drive Chromium and
# need Japanese fonts. command:package, or a bare package (no command) that dpkg must know
SYSTEM_PACKAGES := bwrap:bubblewrap initdb:postgresql chromium:chromium fonts-noto-cjk
system:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/$${pair%%:*} \
	    >/dev/null 2>&1 || dpkg -s $${pair#*:} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get install -y -q $$missing >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q $$missing >/dev/null)) && \
	    echo "installed$$missing"; \
	  else echo "note: not installed:$$missing (bubblewrap: the grader uses its fallback;" \
	    "postgresql: the PostgreSQL store tests fail; chromium: the browser tests fail)"; fi; fi

clean:
	rm -rf $(VENV) build *.egg-info autograde/course/vendor
