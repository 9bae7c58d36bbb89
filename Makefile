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
