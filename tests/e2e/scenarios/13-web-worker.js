'use strict';
// VS Code for the Web: the extension's browser build alone (no `main`, so code-server runs it in
// its web worker extension host, as vscode.dev would) runs notebooks in the Pyodide worker it
// ships. Open intro.py as a notebook, Run All, see every output and the Variables view list
// `radius` (a click on a name reveals its cell); edit `radius` and see the cells downstream run
// again; interrupt an endless loop (this page is not cross-origin isolated, so the worker is
// restarted, and the user told that the variables are gone), then run again; move a slider of
// ui.py and see the markdown that reads it change. No Python process is started for any of it.
const fs = require('fs');
const path = require('path');
const { CodeServer, REPO, Workbench, copyDir, processesIn, waitFor } = require('../harness');
const intro = require('../intro');
const ui = require('../ui');
const views = require('../views');

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

function pythonProcesses(root) {
  return processesIn(root).filter((p) => /python|lichen/.test(p.cmd) && !/code-server|node/.test(p.cmd));
}

module.exports = {
  name: 'web-worker',
  standalone: true,
  timeout: 300000,
  async run({ page, root, log, keepOnFailure }) {
    const extensionsDir = path.join(root, 'web-extensions');
    browserOnly(extensionsDir);
    const server = new CodeServer({ root: path.join(root, 'server-web'), extensionsDir });
    keepOnFailure(server.root);
    await server.start();
    try {
      const folder = path.join(root, 'workspaces', 'web-worker');
      copyDir(path.join(REPO, 'examples'), folder, (src) => !src.includes('__pycache__'));
      const wb = new Workbench(server, page.context(), page, folder);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });

      await wb.openNotebook(intro.file);
      await wb.waitForOutput(intro.markdown, { timeout: 60000 }); // a Markdown cell, rendered before any run
      const started = Date.now();
      await wb.runAll();
      for (const text of Object.values(intro.outputs)) await wb.waitForOutput(text, { timeout: 180000 });
      log(`Run All in the browser's Python: every output ${((Date.now() - started) / 1000).toFixed(1)} s after the click`);
      await wb.command('Lichen: Show Variables');
      await views.waitForVariable(wb, 'radius', 'float · 2.0');
      await views.clickRow(wb, 'describe');
      await waitFor('describe\'s cell selected', async () => (await views.selectedCellCode(wb)).includes('def describe(values):'));
      await wb.command('View: Hide Panel'); // the notebook's full height again, for the cell rows below

      const describeCell = await wb.cell('describe(sizes)');
      const before = await describeCell.locator('.execution-count-label').innerText();
      const radius = await wb.cell('radius = 2.0');
      await wb.setCellCode(radius, 'radius = 3.0');
      await wb.runCell(radius);
      for (const text of Object.values(intro.outputsRadius3)) await wb.waitForOutput(text, { timeout: 60000 });
      await wb.waitForOutput(intro.outputs.area, { gone: true });
      await wb.waitCellState(describeCell, 'success');
      await waitFor('describe(sizes) to run again', async () =>
        (await describeCell.locator('.execution-count-label').innerText()) !== before);

      await wb.insertCellBelow(describeCell, 'while True:\n    pass');
      const loop = await wb.cell('while True:');
      await wb.runCell(loop);
      await wb.waitCellState(loop, 'running');
      await wb.command('Lichen: Interrupt Kernel');
      await waitFor('the notice that the variables are gone', async () =>
        (await wb.notifications()).some((n) => n.includes('restarted the browser\'s Python')), { timeout: 30000 });
      await wb.waitCellState(loop, ['error', 'idle']);
      await wb.runCell(radius);
      await wb.waitForOutput(intro.outputsRadius3.area, { timeout: 120000 });
      await wb.waitCellState(radius, 'success', 120000);

      await wb.openNotebook(ui.file);
      await wb.runAll();
      await wb.waitForOutput(ui.outputs.square(3), { timeout: 60000 });
      const frame = await ui.frameWith(wb, 'slider', 'size');
      await ui.control(frame, 'slider', 'size', 'input[type=range]').focus();
      await wb.page.keyboard.press('ArrowRight');
      await wb.waitForOutput(ui.outputs.square(4));

      const pythons = pythonProcesses(root);
      if (pythons.length > 0) throw new Error(`Python processes were started: ${JSON.stringify(pythons)}`);
    } finally {
      await server.stop();
    }
  },
};
