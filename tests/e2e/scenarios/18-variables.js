'use strict';
// The Variables view: empty before a run; after Run All it lists intro.py's globals with their
// types and values; a click on a name reveals its defining cell, a click on a "read by" link the
// reading cell; an edit run updates the value shown.
const assert = require('node:assert/strict');
const { waitFor } = require('../harness');
const intro = require('../intro');
const views = require('../views');

module.exports = {
  name: 'variables',
  timeout: 240000,
  async run({ wb, log }) {
    await wb.openNotebook(intro.file);
    await wb.command('Lichen: Show Variables');
    await waitFor('the view\'s message before any run', async () =>
      (await wb.page.locator('.part.panel').innerText()).includes('No variables yet: run a cell.'), { timeout: 20000 });

    await wb.runAll();
    for (const text of Object.values(intro.outputs)) await wb.waitForOutput(text, { timeout: 60000 });
    const rows = await views.waitForVariable(wb, 'radius', 'float · 2.0');
    assert.deepEqual(rows.map((r) => r.name), ['area', 'describe', 'lichen', 'math', 'radius', 'sizes']);
    assert.equal(rows.find((r) => r.name === 'sizes').description, 'list · 5 items: [2.0, 4.0, 6.0, 8.0, 10.0]');
    assert.equal(rows.find((r) => r.name === 'describe').description, 'function · describe(values)');
    log(`variables: ${JSON.stringify(rows)}`);

    await views.clickRow(wb, 'describe');
    await waitFor('describe\'s cell selected', async () => (await views.selectedCellCode(wb)).includes('def describe(values):'));
    await views.expand(wb, 'sizes');
    await views.clickRow(wb, 'read by cell 7');
    await waitFor('the reading cell selected', async () => (await views.selectedCellCode(wb)).includes('describe(sizes)'));

    log('links reveal their cells');
    await views.clickRow(wb, 'radius'); // back up to its cell
    const radius = await wb.cell('radius = 2.0');
    await wb.setCellCode(radius, 'radius = 3.0');
    await wb.runCell(radius);
    log('radius = 3.0 ran');
    await views.waitForVariable(wb, 'radius', 'float · 3.0');
    await views.waitForVariable(wb, 'sizes', 'list · 5 items: [3.0, 6.0, 9.0, 12.0, 15.0]');
  },
};
