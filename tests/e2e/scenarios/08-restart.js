'use strict';
// Restart the kernel: what the old kernel process held is gone.
const { waitFor } = require('../harness');
const intro = require('../intro');

// Counts its runs in the interpreter's own state, outside any cell's definitions.
const COUNTER = 'import sys\nsys.e2e_runs = getattr(sys, "e2e_runs", 0) + 1\nprint("runs:", sys.e2e_runs)';

module.exports = {
  name: 'restart',
  async run({ wb }) {
    await wb.openNotebook(intro.file);
    await wb.insertCellBelow(await wb.cell('describe(sizes)'), COUNTER);
    const counter = await wb.cell('sys.e2e_runs');
    await wb.runCell(counter);
    await wb.waitForOutput('runs: 1', { timeout: 60000 });
    await wb.runCell(counter);
    await wb.waitForOutput('runs: 2');
    await wb.command('Lichen: Restart Kernel');
    await waitFor('the restart to be reported', async () => /kernel restarted/i.test(await wb.statusBarText()), { timeout: 30000 });
    await wb.runCell(counter);
    await wb.waitForOutput('runs: 1');
    await wb.waitForOutput('runs: 2', { gone: true });
  },
};
