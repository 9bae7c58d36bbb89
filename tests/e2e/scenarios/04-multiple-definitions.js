'use strict';
// A second definition of a name gets a diagnostic (in the cell and in the Problems panel) before
// anything runs; removing it clears the diagnostic.
const assert = require('node:assert/strict');
const { waitFor } = require('../harness');
const intro = require('../intro');

module.exports = {
  name: 'multiple-definitions',
  async run({ wb, log }) {
    await wb.openNotebook(intro.file);
    const last = await wb.cell('describe(sizes)');
    await wb.insertCellBelow(last, 'radius = 10');
    const added = await wb.cell('radius = 10');
    // The squiggle in the new cell, and in the cell that defined radius first.
    await waitFor('an error squiggle in the added cell', () => added.locator('.squiggly-error').count(), { timeout: 15000 });
    const first = await wb.cell('radius = 2.0');
    await waitFor('an error squiggle in the first definition', () => first.locator('.squiggly-error').count(), { timeout: 15000 });
    const problems = await waitFor('a problem naming radius', async () => {
      const rows = await wb.problems();
      return rows.some((r) => r.includes('radius')) && rows;
    });
    log(`problems: ${JSON.stringify(problems)}`);

    await wb.deleteCell(added);
    await waitFor('the squiggle to go', async () => (await first.locator('.squiggly-error').count()) === 0, { timeout: 15000 });
    const left = await wb.problems();
    assert.ok(!left.some((r) => r.includes('radius')), `problems left: ${JSON.stringify(left)}`);
  },
};
