#!/usr/bin/env bash
# The Python the extension carries, into DEST (the vsix's dist/bundled): Lichen itself (lichen/),
# the daemon's pure-Python dependencies (libs/, hash-pinned in extension/bundled-requirements.txt)
# and the launcher the extension runs with the user's interpreter (lichen_lsp.py).
# Usage: scripts/bundle-python.sh PYTHON DEST
set -euo pipefail
python=$1
dest=$2
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$dest"
mkdir -p "$dest/lichen" "$dest/libs"
cp -R "$here/server/lichen" "$dest/lichen/"
"$python" -m pip install --quiet --disable-pip-version-check --no-deps --no-compile --only-binary=:all: \
  --require-hashes --target "$dest/libs" -r "$here/extension/bundled-requirements.txt"
cp "$here/extension/python/lichen_lsp.py" "$dest/"
# Compiled files are written where the user's Python runs it, for its own version.
find "$dest" -name __pycache__ -prune -exec rm -rf {} +
