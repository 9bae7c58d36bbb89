'use strict';
// VS Code for the Web, for the scenarios that run the extension's browser build alone (no `main`,
// so code-server runs it in its web worker extension host, as vscode.dev would).
const fs = require('fs');
const path = require('path');
const { CodeServer, REPO, Workbench, copyDir, processesIn } = require('./harness');

const EXTENSION = path.join(REPO, 'extension');
const FILES = ['README.md', 'dist/browser.js', 'dist/renderer.js', 'dist/renderer-chunks', 'dist/wasm'];

// The extension as a browser-only one, unpacked into `extensionsDir` (code-server scans it).
function browserOnly(extensionsDir) {
  if (!fs.existsSync(path.join(EXTENSION, 'dist', 'wasm', 'worker.js'))) {
    throw new Error('extension/dist has no browser build with its worker: run `make wasm vsix`');
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));
  delete manifest.main;
  delete manifest.extensionKind;
  const folder = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const file of FILES) copyDir(path.join(EXTENSION, file), path.join(folder, file));
}

// The Python processes under `root` (a browser-only extension must start none).
function pythonProcesses(root) {
  return processesIn(root).filter((p) => /python|lichen/.test(p.cmd) && !/code-server|node/.test(p.cmd));
}

// `work(wb)` in a window of a code-server that has only the browser build, on a fresh copy of
// examples/ in the workspace `name`; no Python process may start meanwhile.
async function inTheBrowser({ page, root, keepOnFailure }, name, work) {
  const extensionsDir = path.join(root, `web-extensions-${name}`);
  browserOnly(extensionsDir);
  const server = new CodeServer({ root: path.join(root, `server-${name}`), extensionsDir });
  keepOnFailure(server.root);
  await server.start();
  try {
    const folder = path.join(root, 'workspaces', name);
    copyDir(path.join(REPO, 'examples'), folder, (src) => !src.includes('__pycache__'));
    const wb = new Workbench(server, page.context(), page, folder);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    await work(wb);
    const pythons = pythonProcesses(root);
    if (pythons.length > 0) throw new Error(`Python processes were started: ${JSON.stringify(pythons)}`);
  } finally {
    await server.stop();
  }
}

module.exports = { inTheBrowser };
