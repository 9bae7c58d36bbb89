#!/usr/bin/env bash
# Installs what the end-to-end tests need, offline except for the apt and npm registries:
#   - code-server (VS Code in a browser), pinned to the last release whose engines accept Node 20;
#   - Debian's chromium, driven by playwright-core (never a browser download of Playwright's own);
#   - the system packages code-server's native addons need to build from source.
# Everything goes into tests/e2e/.cache/ (override with LICHEN_E2E_CACHE). Idempotent: a second run
# with the same versions does nothing and takes well under a second.
#
# usage: tests/e2e/setup.sh [--code-server-only]
#   --code-server-only   skip chromium and playwright-core (for opening Lichen in code-server by hand)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${LICHEN_E2E_CACHE:-$HERE/.cache}"
CS_VERSION=4.100.3       # VS Code 1.100.3; code-server 4.103+ require Node 22
PW_VERSION=1.65.1
BROWSER=1
[ "${1:-}" = "--code-server-only" ] && BROWSER=0

CS_DIR="$CACHE/code-server-$CS_VERSION"
PW_DIR="$CACHE/playwright-core-$PW_VERSION"
LOGS="$CACHE/logs"

say() { echo "e2e setup: $*"; }
fail() { echo "e2e setup: $*" >&2; exit 1; }
# Runs a step with its output in a log file; on failure shows the end of that log.
quiet() {
  local log="$LOGS/$1.log"; shift
  if ! "$@" >"$log" 2>&1; then
    tail -40 "$log" >&2
    fail "step failed: $* (full log: $log)"
  fi
}

command -v node >/dev/null || fail "node (20 or later) is needed: install Node.js and npm"
command -v npm >/dev/null || fail "npm is needed: install npm"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' \
  || fail "Node 20 or later is needed (found $(node --version))"

# --- system packages -------------------------------------------------------------------------------
need_pkgs=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
if [ ! -f "$CS_DIR/.complete" ]; then
  for p in ripgrep libkrb5-dev build-essential pkg-config python3; do installed "$p" || need_pkgs+=("$p"); done
fi
if [ "$BROWSER" = 1 ] && ! command -v chromium >/dev/null; then need_pkgs+=(chromium); fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "missing system packages (${need_pkgs[*]}) and no apt-get to install them"
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "missing system packages: ${need_pkgs[*]} (run as root or install them)"
    SUDO=(sudo)
  fi
  say "apt-get install ${need_pkgs[*]}"
  mkdir -p "$LOGS"
  # Wait for another apt run to finish instead of failing on its lock.
  quiet apt-update "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  quiet apt-install "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_pkgs[@]}"
fi

# --- npm environment -------------------------------------------------------------------------------
mkdir -p "$CACHE" "$LOGS"
# code-server writes its own logs under XDG_DATA_HOME: keep them in the cache, not the home folder.
export XDG_DATA_HOME="$CACHE/xdg/data" XDG_CONFIG_HOME="$CACHE/xdg/config"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export npm_config_loglevel=error
# Native addons build against the installed Node headers: node-gyp would otherwise download them.
if [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi

# --- code-server -----------------------------------------------------------------------------------
if [ ! -f "$CS_DIR/.complete" ]; then
  say "installing code-server $CS_VERSION (a few minutes the first time)"
  T0=$SECONDS
  # Installed in place; the .complete marker is written last, so an interrupted install starts over.
  BUILD="$CS_DIR"
  rm -rf "$BUILD" && mkdir -p "$BUILD"
  cd "$BUILD"
  echo '{"name":"lichen-e2e-code-server","private":true}' > package.json
  # Scripts off: code-server's postinstall refuses to run as root under current npm, and the nested
  # install would reach @vscode/ripgrep's postinstall, which downloads a binary. The postinstall's
  # steps follow by hand.
  quiet cs-install npm install --no-save --ignore-scripts "code-server@$CS_VERSION"
  quiet cs-argon2 npm rebuild argon2
  VS="$BUILD/node_modules/code-server/lib/vscode"
  cd "$VS"
  quiet vscode-install npm install --omit=dev --ignore-scripts
  # A bin/ folder with rg in it makes @vscode/ripgrep's postinstall skip its download.
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  # node-pty's postinstall runs `npx node-gyp`, which must not stop to ask.
  quiet vscode-rebuild env npm_config_yes=true npm rebuild
  rm -rf node_modules.asar && ln -s node_modules node_modules.asar
  (cd bin/remote-cli && ln -sf code-linux.sh code-server)
  (cd bin/helpers && ln -sf browser-linux.sh browser.sh)
  (cd extensions && quiet vscode-extensions npm install --omit=dev)
  cd "$CACHE"
  "$BUILD/node_modules/.bin/code-server" --version >/dev/null || fail "code-server does not start"
  touch "$BUILD/.complete"
  say "code-server $CS_VERSION installed in $((SECONDS - T0)) s"
fi
# Older versions left in the cache are removed.
for d in "$CACHE"/code-server-*; do
  [ -d "$d" ] && [ "$d" != "$CS_DIR" ] && rm -rf "$d"
done

# --- playwright-core -------------------------------------------------------------------------------
if [ "$BROWSER" = 1 ] && [ ! -f "$PW_DIR/.complete" ]; then
  say "installing playwright-core $PW_VERSION"
  rm -rf "$PW_DIR" && mkdir -p "$PW_DIR"
  echo '{"name":"lichen-e2e-driver","private":true}' > "$PW_DIR/package.json"
  (cd "$PW_DIR" && quiet playwright-install npm install --no-save "playwright-core@$PW_VERSION")
  touch "$PW_DIR/.complete"
  for d in "$CACHE"/playwright-core-*; do
    [ -d "$d" ] && [ "$d" != "$PW_DIR" ] && rm -rf "$d"
  done
fi

# A record the harness reads to find what was installed.
cat > "$CACHE/paths.json.tmp" <<JSON
{
  "codeServer": "$CS_DIR/node_modules/.bin/code-server",
  "codeServerVersion": "$CS_VERSION",
  "playwrightCore": "$PW_DIR/node_modules/playwright-core",
  "chromium": "$(command -v chromium || true)"
}
JSON
mv "$CACHE/paths.json.tmp" "$CACHE/paths.json"
say "ready (code-server $CS_VERSION$([ "$BROWSER" = 1 ] && echo ", playwright-core $PW_VERSION, $(chromium --version 2>/dev/null | head -1)"))"
