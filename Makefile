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

# Lichen's main job: open examples/intro.py as a reactive notebook in a real VS Code (`vscode` below).
run: vscode

test: test-python test-e2e

test-python: setup
	$(PY) -m pytest tests/python -q -p no:cacheprovider

bench: setup
	$(PY) bench/bench_graph.py
	$(PY) bench/bench_runtime.py

clean:
	rm -rf $(VENV) bench/.cache tests/.cache

# The VS Code extension (extension/): `make vsix` writes dist/lichen.vsix, which carries the lichen
# wheel; `make test-extension` type-checks it and runs its unit tests (tests/extension/).
.PHONY: vsix test-extension
EXT_STAMP := extension/node_modules/.installed

$(EXT_STAMP): extension/package-lock.json
	cd extension && npm ci --no-audit --no-fund
	touch $(EXT_STAMP)

vsix: setup $(EXT_STAMP)
	rm -rf extension/dist
	$(PY) -m pip wheel --quiet --no-deps -w extension/dist/wheels ./server
	cd extension && node esbuild.mjs
	mkdir -p dist
	cd extension && npx vsce package --no-dependencies --skip-license --allow-missing-repository --out ../dist/lichen.vsix

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
