# The two commands a new user needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The Python suite runs on Python 3.12 too, in a venv of its own (PEP 695 syntax and debugpy's
# sys.monitoring tracing are tested only there). PYENV_VERSION picks 3.12 where python3.12 is a
# pyenv shim; elsewhere it is ignored.
PYTHON_3_12 ?= python3.12
VENV_3_12 := .venv-3.12
STAMP_3_12 := $(VENV_3_12)/.installed

.PHONY: setup setup-3.12 run test test-python test-python-3.12 test-lane-a test-lane-b \
	bench clean

$(STAMP): server/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e 'server[sql,lsp,debug,test]'
	touch $(STAMP)

$(STAMP_3_12): server/pyproject.toml
	PYENV_VERSION=3.12 $(PYTHON_3_12) -m venv $(VENV_3_12)
	$(VENV_3_12)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_3_12)/bin/python -m pip install --quiet -e 'server[sql,lsp,debug,test]'
	touch $(STAMP_3_12)

setup: $(STAMP)

setup-3.12: $(STAMP_3_12)

# Lichen's main job: open examples/intro.py as a reactive notebook in a real VS Code (`vscode` below).
run: vscode

# Everything CI runs. The suites without a browser go in two lanes side by side (the machine has
# two cores): the Python suite on the venv's Python then on 3.12 (one after the other: they share
# tests/.cache); the extension's unit tests, then the Pyodide worker. A real VS Code (code-server
# and Chromium, timed waits for what it draws) runs last, alone. What both lanes need is made
# first; each suite's output is printed whole when it ends.
test:
	$(MAKE) setup setup-3.12 $(EXT_STAMP)
	$(MAKE) -j2 --output-sync=target test-lane-a test-lane-b
	$(MAKE) test-e2e

test-lane-a:
	$(MAKE) test-python && $(MAKE) test-python-3.12

test-lane-b:
	$(MAKE) test-extension && $(MAKE) test-wasm

test-python: setup
	$(PY) -m pytest tests/python -q -p no:cacheprovider

test-python-3.12: setup-3.12
	$(VENV_3_12)/bin/python -m pytest tests/python -q -p no:cacheprovider

bench: setup
	$(PY) bench/bench_graph.py
	$(PY) bench/bench_runtime.py
	$(PY) bench/bench_daemon.py
	$(PY) bench/bench_ui.py
	$(PY) bench/bench_outputs.py

clean:
	rm -rf $(VENV) $(VENV_3_12) bench/.cache tests/.cache tests/e2e/.cache scripts/.cache dist

# The VS Code extension (extension/): `make vsix` writes dist/lichen.vsix, which carries the lichen
# wheel, the daemon with its pure-Python dependencies (dist/bundled: it runs with any Python 3.10+
# and nothing installed) and, for VS Code for the Web, the Pyodide worker (`make wasm`); `make test-extension`
# type-checks it and runs its unit tests (tests/extension/).
.PHONY: vsix test-extension
EXT_STAMP := extension/node_modules/.installed

$(EXT_STAMP): extension/package-lock.json
	cd extension && npm ci --no-audit --no-fund
	touch $(EXT_STAMP)

# vsce's secret scan reads every packaged file; over the bundled Python packages, typeshed and
# Pyodide (6000 files, 56 MB of third-party code) it took twenty minutes on two busy cores, so
# it is off (its .env check stays on).
vsix: setup $(EXT_STAMP) wasm
	rm -rf extension/dist
	cd extension && node esbuild.mjs
	$(PY) -m pip wheel --quiet --no-deps -w extension/dist/wheels ./server
	bash scripts/bundle-python.sh $(PY) extension/dist/bundled
	mkdir -p dist
	cd extension && npx vsce package --no-dependencies --skip-license --allow-missing-repository \
		--allow-package-all-secrets --out ../dist/lichen.vsix

test-extension: $(EXT_STAMP)
	cd extension && npm run --silent typecheck && npm test

# A real VS Code: `make vscode` opens examples/intro.py as a Lichen notebook (desktop VS Code when
# `code` is on PATH, else code-server on 127.0.0.1 until Ctrl+C); `make test-e2e` installs
# code-server, Chromium and playwright-core (tests/e2e/setup.sh) and runs the end-to-end scenarios.
.PHONY: vscode test-e2e

vscode: setup vsix
	bash scripts/open-vscode.sh examples/intro.py

test-e2e: setup vsix
	bash tests/e2e/setup.sh
	node tests/e2e/run.js

# The Pyodide worker for VS Code for the Web (wasm-runner/): `make wasm` builds wasm-runner/dist
# (the worker, Pyodide's runtime files, the lichen and micropip wheels); `make test-wasm` type-checks
# it and runs its tests (tests/wasm/, Node's test runner, offline: Pyodide from npm, wheels built
# or downloaded here). The worker's Python tests run under CPython with `make test-python`.
.PHONY: wasm test-wasm
WASM_STAMP := wasm-runner/node_modules/.installed

$(WASM_STAMP): wasm-runner/package-lock.json
	cd wasm-runner && npm ci --no-audit --no-fund
	touch $(WASM_STAMP)

# What `lichen export html` pages draw with: built before any lichen wheel (the worker's and the
# extension's), so that a clean checkout's wheels all carry it.
PAGE_JS := server/lichen/convert/assets/page.js
$(PAGE_JS): $(EXT_STAMP) extension/esbuild.mjs $(shell find extension/src/renderer shared-protocol/src -type f)
	cd extension && node esbuild.mjs --page

wasm: setup $(WASM_STAMP) $(PAGE_JS)
	$(PY) -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.14 \
		--platform any --require-hashes -r wasm-runner/wheels.txt -d wasm-runner/wheels
	rm -f wasm-runner/wheels/lichen-*.whl
	$(PY) -m pip wheel --quiet --no-deps -w wasm-runner/wheels ./server
	cd wasm-runner && node build.mjs

test-wasm: wasm
	$(PY) -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.14 \
		--platform any --require-hashes -r tests/wasm/widget-wheels.txt -d tests/.cache/wasm-widget-wheels
	$(PY) -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.14 \
		--platform any --require-hashes -r tests/wasm/output-wheels.txt -d tests/.cache/wasm-output-wheels
	cd wasm-runner && npx tsc -p . --noEmit && node build.mjs --tests && node --test build/tests/
