'use strict';
// Open a notebook of examples/ as a notebook, Run All, see every output.
const assert = require('node:assert/strict');
const intro = require('../intro');

module.exports = {
  name: 'run-all',
  async run({ wb, log }) {
    await wb.openNotebook(intro.file);
    const codes = await wb.cellCodes();
    assert.equal(codes.length, intro.cellCount, `cells shown: ${JSON.stringify(codes)}`);
    assert.equal(codes[2], 'radius = 2.0');
    await wb.runAll();
    for (const text of Object.values(intro.outputs)) await wb.waitForOutput(text, { timeout: 60000 });
    const rows = wb.cells();
    await wb.waitForOutput(intro.markdown);
    for (let i = 0; i < intro.cellCount; i++) {
      if (!intro.markdownCells.includes(i)) await wb.waitCellState(rows.nth(i), 'success');
    }
    log(`outputs: ${JSON.stringify(await wb.outputsText())}`);
  },
};
