'use strict';
// The cells' status bar: before any run each cell says what it defines, reads (a link to the
// defining cell) and re-runs; after Run All, when it ran; an edit not yet run marks the edited
// cell and every cell downstream of it as outdated (and no other); running it clears the marks.
const assert = require('node:assert/strict');
const { waitFor } = require('../harness');
const intro = require('../intro');
const views = require('../views');

const RAN = /^ran \d{1,2}:\d\d:\d\d/;
const outdated = (items) => items.includes('outdated');

module.exports = {
  name: 'cell-status',
  timeout: 240000,
  async run({ wb, log }) {
    await wb.openNotebook(intro.file);
    const radius = await wb.cell('radius = 2.0');
    const before = await views.waitForCellStatus(radius, 'radius\'s cell to say what it defines',
      (items) => items.includes('defines radius') && items.includes('re-runs 3 cells'));
    assert.ok(!before.some((t) => RAN.test(t)), `nothing ran yet: ${before}`);
    const area = await wb.cell('import math');
    await views.waitForCellStatus(area, 'the area cell to read radius', (items) => items.includes('reads radius') && items.includes('defines area, math'));

    await wb.runAll();
    for (const text of Object.values(intro.outputs)) await wb.waitForOutput(text, { timeout: 60000 });
    const ran = await views.waitForCellStatus(radius, 'radius\'s cell to say when it ran', (items) => items.some((t) => RAN.test(t)));
    log(`after Run All: ${JSON.stringify(ran)}`);

    await wb.setCellCode(radius, 'radius = 3.0');
    await views.waitForCellStatus(radius, 'the edited cell outdated', outdated);
    for (const code of ['import math', 'sizes = [radius', 'describe(sizes)']) {
      await views.waitForCellStatus(await wb.cell(code), `${code} outdated`, outdated);
    }
    assert.ok(!outdated(await views.cellStatusItems(await wb.cell('def describe'))), 'describe reads nothing that changed');
    log('an edit not run marks its cell and the cells downstream outdated');

    const reading = await wb.cell('import math');
    await reading.locator('.cell-statusbar-container .cell-status-item', { hasText: 'reads radius' }).click();
    await waitFor('the cell defining radius selected', async () => (await views.selectedCellCode(wb)).includes('radius = 3.0'));

    await wb.runCell(await wb.cell('radius = 3.0'));
    for (const text of Object.values(intro.outputsRadius3)) await wb.waitForOutput(text, { timeout: 60000 });
    for (const code of ['radius = 3.0', 'import math', 'sizes = [radius', 'describe(sizes)']) {
      await views.waitForCellStatus(await wb.cell(code), `${code} current again`, (items) => !outdated(items) && items.some((t) => RAN.test(t)));
    }
    log('running it clears the marks');
  },
};
