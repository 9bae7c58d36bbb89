# The two commands a new user needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test test-python bench clean

$(STAMP): server/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e 'server[sql,lsp,debug,test]'
	touch $(STAMP)

setup: $(STAMP)

# Lichen's main job: run a reactive notebook (headless for now) and check it.
run: setup
	$(VENV)/bin/lichen check examples/intro.py
	$(VENV)/bin/lichen run examples/intro.py

test: test-python

test-python: setup
	$(PY) -m pytest tests/python -q -p no:cacheprovider

bench: setup
	$(PY) bench/bench_graph.py
	$(PY) bench/bench_runtime.py

clean:
	rm -rf $(VENV) bench/.cache tests/.cache
