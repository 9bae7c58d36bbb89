'use strict';
// The README's main job without desktop VS Code: scripts/open-vscode.sh starts code-server, prints
// an address, and a browser opening it shows the notebook as a Lichen notebook that runs; Ctrl+C
// stops code-server with everything it started.
const assert = require('node:assert/strict');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const { REPO, copyDir, processesIn, waitFor } = require('../harness');
const intro = require('../intro');

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function answers(url) {
  return new Promise((resolve) => {
    http.get(url, (res) => { res.resume(); resolve(true); }).on('error', () => resolve(false));
  });
}

module.exports = {
  name: 'main-job-code-server',
  standalone: true,
  async run({ page, root, log, keepOnFailure }) {
    const state = path.join(root, 'main-job');
    const folder = path.join(root, 'workspaces', 'main-job');
    copyDir(path.join(REPO, 'examples'), folder);
    keepOnFailure(state);
    const port = await freePort();
    let output = '';
    const script = spawn('bash', [path.join(REPO, 'scripts', 'open-vscode.sh'), path.join(folder, intro.file)], {
      env: { ...process.env, LICHEN_EDITOR: 'code-server', LICHEN_PORT: String(port), LICHEN_VSCODE_STATE: state },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    script.stdout.on('data', (d) => { output += d; });
    script.stderr.on('data', (d) => { output += d; });
    let exited = false;
    script.on('exit', () => { exited = true; });
    try {
      const url = await waitFor('the address of code-server', () => {
        if (exited) throw new Error(`the script exited: ${output}`);
        const m = output.match(/https?:\/\/127\.0\.0\.1:\d+\/\S*/);
        return m && m[0];
      }, { timeout: 120000 });
      log(url);
      await page.goto(url);
      const rows = page.locator('.notebook-editor .cell-list-container .monaco-list-row');
      await waitFor(`the ${intro.cellCount} cells of ${intro.file}`, async () => (await rows.count()) === intro.cellCount, { timeout: 60000 });
      await page.locator('.notebook-toolbar-container .action-item a[aria-label^="Run All"]').first().click();
      await waitFor('the last output', async () => {
        for (const frame of page.frames()) {
          if (await frame.getByText(intro.outputs.describe).count().catch(() => 0)) return true;
        }
        return false;
      }, { timeout: 60000 });
      await waitFor('something running in the state folder', () => processesIn(state).length > 0, { timeout: 5000 });
      // Ctrl+C in the terminal.
      process.kill(script.pid, 'SIGINT');
      await waitFor('the script to exit', () => exited, { timeout: 20000 });
      await waitFor('code-server to stop answering', async () => !(await answers(`http://127.0.0.1:${port}/healthz`)), { timeout: 10000 });
      await waitFor('the daemon and kernel to exit', () => processesIn(state).length === 0, { timeout: 10000 });
      assert.match(output, /stopping code-server/);
    } finally {
      if (!exited) {
        try {
          process.kill(-script.pid, 'SIGKILL');
        } catch { /* gone */ }
      }
      fs.writeFileSync(path.join(state, 'script-output.txt'), output);
    }
  },
};
