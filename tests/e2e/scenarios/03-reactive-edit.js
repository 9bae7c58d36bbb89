'use strict';
// Edit an upstream cell and run only it: the cells downstream run again by themselves.
const intro = require('../intro');

module.exports = {
  name: 'reactive-edit',
  async run({ wb }) {
    await wb.openNotebook(intro.file);
    await wb.runAll();
    await wb.waitForOutput(intro.outputs.describe, { timeout: 60000 });
    const describeCell = await wb.cell('describe(sizes)');
    const before = await describeCell.locator('.execution-count-label').innerText();

    const radius = await wb.cell('radius = 2.0');
    await wb.setCellCode(radius, 'radius = 3.0');
    await wb.runCell(radius);
    for (const text of Object.values(intro.outputsRadius3)) await wb.waitForOutput(text);
    await wb.waitForOutput(intro.outputs.area, { gone: true });
    await wb.waitForOutput(intro.outputs.describe, { gone: true });
    // The last cell, two steps downstream, ran again (a new execution count) without a click.
    await wb.waitCellState(describeCell, 'success');
    const after = await describeCell.locator('.execution-count-label').innerText();
    if (after === before) throw new Error(`describe(sizes) kept its execution count ${before}`);
  },
};
