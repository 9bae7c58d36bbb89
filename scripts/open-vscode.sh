#!/usr/bin/env bash
# Opens a Lichen notebook (examples/intro.py unless given) as a reactive notebook in a real VS Code,
# with the extension from dist/lichen.vsix and the daemon from .venv (`make vsix`, `make setup`):
#   - desktop VS Code when `code` is on PATH: installs the .vsix and opens the notebook;
#   - otherwise code-server (VS Code in a browser) on 127.0.0.1 with the extension installed: prints
#     the URL to open and stays in the foreground until Ctrl+C.
#
# usage: scripts/open-vscode.sh [NOTEBOOK.py]
# env:   LICHEN_EDITOR=code|code-server   which VS Code (default: code when on PATH)
#        LICHEN_PORT=N                    code-server's port (default 8765, or a free one)
#        LICHEN_VSCODE_STATE=DIR          where code-server's profile and the workspace file go
#                                         (default scripts/.cache)
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${LICHEN_VSCODE_STATE:-$REPO/scripts/.cache}"
VSIX="$REPO/dist/lichen.vsix"
PYTHON="$REPO/.venv/bin/python"
NOTEBOOK_ARG="${1:-$REPO/examples/intro.py}"

say() { echo "lichen: $*"; }
die() { echo "lichen: $*" >&2; exit 1; }

[ -f "$VSIX" ] || die "$VSIX is missing: build it with \`make vsix\`"
[ -x "$PYTHON" ] || die "$PYTHON is missing: create it with \`make setup\`"
[ -f "$NOTEBOOK_ARG" ] || die "no such notebook: $NOTEBOOK_ARG"
NOTEBOOK="$("$PYTHON" -c 'import os, sys; print(os.path.realpath(sys.argv[1]))' "$NOTEBOOK_ARG")"
FOLDER="$(dirname "$NOTEBOOK")"
mkdir -p "$STATE"

# A workspace of the notebook's folder whose settings open that notebook as a Lichen notebook
# (Lichen is an optional editor for .py files) and run the daemon with this checkout's .venv.
WORKSPACE="$STATE/lichen.code-workspace"
"$PYTHON" - "$WORKSPACE" "$FOLDER" "$(basename "$NOTEBOOK")" "$PYTHON" <<'PY'
import json, sys
path, folder, name, python = sys.argv[1:]
workspace = {
    "folders": [{"path": folder}],
    "settings": {
        "workbench.editorAssociations": {name: "lichen-notebook"},
        "lichen.python.path": python,
    },
}
with open(path, "w") as f:
    json.dump(workspace, f, indent=2)
    f.write("\n")
PY

EDITOR_KIND="${LICHEN_EDITOR:-}"
if [ -z "$EDITOR_KIND" ]; then
  if command -v code >/dev/null; then EDITOR_KIND=code; else EDITOR_KIND=code-server; fi
fi

# --- desktop VS Code -------------------------------------------------------------------------------
if [ "$EDITOR_KIND" = code ]; then
  command -v code >/dev/null || die "\`code\` is not on PATH (unset LICHEN_EDITOR to use code-server)"
  say "installing $(basename "$VSIX") into VS Code"
  code --install-extension "$VSIX" --force >/dev/null \
    || die "\`code --install-extension\` failed (LICHEN_EDITOR=code-server uses VS Code in a browser instead)"
  code "$WORKSPACE" "$NOTEBOOK" || die "\`code\` could not open a window (LICHEN_EDITOR=code-server uses VS Code in a browser instead)"
  say "opened $NOTEBOOK in VS Code. If it shows as text, choose \"Open as Reactive Notebook\" in the"
  say "editor's title bar. Run All runs every cell; edit one and run it to see its dependents follow."
  exit 0
fi
[ "$EDITOR_KIND" = code-server ] || die "LICHEN_EDITOR must be code or code-server, not $EDITOR_KIND"

# --- code-server -----------------------------------------------------------------------------------
bash "$REPO/tests/e2e/setup.sh" --code-server-only
CODE_SERVER="$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["codeServer"])' \
  "${LICHEN_E2E_CACHE:-$REPO/tests/e2e/.cache}/paths.json")"

CS="$STATE/code-server"
mkdir -p "$CS/user-data/User" "$CS/extensions"
# code-server's own logs and Chromium-free state stay here, not in the home folder.
export XDG_DATA_HOME="$CS/xdg/data" XDG_CONFIG_HOME="$CS/xdg/config"
SETTINGS="$CS/user-data/User/settings.json"
[ -f "$SETTINGS" ] || cat > "$SETTINGS" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "git.openRepositoryInParentFolders": "never"
}
JSON

PORT="${LICHEN_PORT:-}"
if [ -z "$PORT" ]; then
  PORT="$("$PYTHON" - <<'PY'
import socket
for port in (8765, 0):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as code-server binds
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    print(s.getsockname()[1])
    s.close()
    break
PY
)"
fi
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$CS/config.yaml"
ARGS=(--config "$CS/config.yaml" --user-data-dir "$CS/user-data" --extensions-dir "$CS/extensions"
  --disable-telemetry --disable-update-check)

"$CODE_SERVER" "${ARGS[@]}" --install-extension "$VSIX" --force >"$CS/install.log" 2>&1 \
  || { cat "$CS/install.log" >&2; die "installing the extension into code-server failed"; }

# Its own process group, so that Ctrl+C stops code-server with its extension host, the Lichen daemon
# and the kernels.
setsid "$CODE_SERVER" "${ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-workspace-trust \
  --ignore-last-opened >"$CS/code-server.log" 2>&1 &
CS_PID=$!
OPENER_PID=
stop() {
  trap - INT TERM EXIT
  if [ -n "$OPENER_PID" ]; then kill "$OPENER_PID" 2>/dev/null || true; fi
  kill -- -"$CS_PID" 2>/dev/null || true
  wait "$CS_PID" 2>/dev/null || true
}
trap 'echo; say "stopping code-server"; stop; exit 0' INT TERM
trap stop EXIT

"$PYTHON" - "http://127.0.0.1:$PORT/healthz" "$CS_PID" <<'PY' || { tail -20 "$CS/code-server.log" >&2; die "code-server did not start"; }
import os, sys, time, urllib.request
url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        urllib.request.urlopen(url, timeout=2)
        sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit(1)
PY

# Once a browser window shows the workspace, open the notebook in it (the window then knows Lichen's
# notebook editor, which the workspace's settings choose for this file).
(
  until "$CODE_SERVER" --user-data-dir "$CS/user-data" --reuse-window "$NOTEBOOK" >/dev/null 2>&1; do
    sleep 1
  done
) &
OPENER_PID=$!

URL="http://127.0.0.1:$PORT/?workspace=$("$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$WORKSPACE")"
echo
say "VS Code (code-server) with Lichen is running. Open this address in a browser:"
echo
echo "    $URL"
echo
say "$(basename "$NOTEBOOK") opens as a reactive notebook; press Ctrl+C here to stop."
wait "$CS_PID" || true
