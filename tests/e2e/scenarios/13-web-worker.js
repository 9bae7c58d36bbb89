'use strict';
// VS Code for the Web: the extension's browser build alone (no `main`, so code-server runs it in
// its web worker extension host, as vscode.dev would) runs notebooks in the Pyodide worker it
// ships. Open intro.py as a notebook, Run All, see every output and the Variables view list
// `radius` (a click on a name reveals its cell); edit `radius` and see the cells downstream run
// again; interrupt an endless loop (this page is not cross-origin isolated, so the worker is
// restarted, and the user told that the variables are gone), then run again; move a slider of
// ui.py and see the markdown that reads it change. No Python process is started for any of it.
const { waitFor } = require('../harness');
const { inTheBrowser } = require('../web');
const intro = require('../intro');
const ui = require('../ui');
const views = require('../views');

module.exports = {
  name: 'web-worker',
  standalone: true,
  timeout: 300000,
  async run({ page, root, log, keepOnFailure }) {
    await inTheBrowser({ page, root, keepOnFailure }, 'web-worker', async (wb) => {
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
    });
  },
};
