'use strict';
// Language intelligence across the cells of examples/intro.py, checked the same way in desktop
// VS Code (the daemon) and in VS Code for the Web (the Pyodide worker): the cells are Lichen's
// Python (not `python`, which other Python servers would analyse cell by cell); typing `math.sq`
// in a new cell offers `sqrt` from the module another cell imports; hovering a name another cell
// defines shows its signature and that cell; F12 goes to the defining cell; after Run All,
// hovering a global shows its current value from the kernel; F2 renames across cells and the
// saved file's `def _(...)` parameters and `return` tuples follow.
const assert = require('node:assert/strict');
const fs = require('fs');
const { waitFor } = require('./harness');
const intro = require('./intro');

async function suggestions(wb) {
  const rows = wb.page.locator('.suggest-widget.visible .monaco-list-row');
  let labels = [];
  await waitFor('the suggestion list', async () => {
    labels = (await rows.allInnerTexts()).map((s) => s.split('\n')[0].trim());
    return labels.length > 0;
  }, { timeout: 60000 });
  return labels;
}

// Puts the cursor in `word` in the cell's first line that shows it.
async function clickWord(row, word) {
  await row.locator('.view-line span', { hasText: word }).last().click();
}

// The hover's text at the cursor, once it includes `until` (asked again until then).
async function hoverText(wb, row, word, until) {
  const hover = wb.page.locator('.monaco-hover:visible .hover-contents, .monaco-hover:visible .markdown-hover');
  let text = '';
  await waitFor(`a hover with ${JSON.stringify(until)}`, async () => {
    await clickWord(row, word);
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('Control+I');
    await hover.first().waitFor({ timeout: 10000 }).catch(() => {});
    text = (await hover.allInnerTexts()).join('\n');
    await wb.page.keyboard.press('Escape');
    return text.includes(until);
  }, { timeout: 90000, interval: 500 });
  return text;
}

async function check(wb, { openTimeout } = {}) {
  const file = wb.file(intro.file);
  await wb.openNotebook(intro.file, { timeout: openTimeout });
  const describeCall = await wb.cell('describe(sizes)');

  // The cell's language is Lichen's own, so no other Python server checks cells one by one.
  await waitFor('the cell language to be Lichen\'s', async () =>
    (await describeCall.locator('.cell-status-item, .cell-language-picker').allInnerTexts())
      .some((t) => t.includes('Lichen')), { timeout: 15000 });

  // Completion of an attribute of a module another cell imports.
  await wb.insertCellBelow(describeCall, '');
  // The harness turns quick suggestions off (they would get in other scenarios' typing): ask.
  await wb.page.keyboard.type('math.sq', { delay: 60 });
  await wb.page.keyboard.press('Control+Space');
  const labels = await suggestions(wb);
  assert.ok(labels.includes('sqrt'), `math.sq offered ${labels.join(', ')}`);
  await wb.page.keyboard.press('Escape');

  // Hover on a function another cell defines: its signature and its cell.
  const call = await wb.cell('describe(sizes)');
  const text = await hoverText(wb, call, 'describe', 'Defined in cell');
  assert.match(text, /describe\(values\)/);
  assert.match(text, /Defined in cell 6/);

  // F12 focuses the defining cell.
  await clickWord(call, 'describe');
  await wb.page.keyboard.press('F12');
  // (The editor draws spaces as U+00A0.)
  await waitFor('the defining cell to take focus', async () =>
    (await wb.notebook().locator('.monaco-list-row.focused .view-lines').allInnerTexts())
      .some((t) => t.replace(/\u00a0/g, ' ').includes('def describe')), { timeout: 20000 });

  // Once the cells ran, hover on a global adds its value in the kernel (or the worker).
  await wb.runAll();
  await wb.waitForOutput(intro.outputs.describe, { timeout: 180000 });
  const valued = await hoverText(wb, await wb.cell('sizes = [radius'), 'sizes', 'Current value (list)');
  assert.match(valued, /Current value \(list\): 5 items: \[2\.0, 4\.0/);

  // F2 renames `sizes` in every cell that defines or reads it; the saved file follows.
  // (On its own line: the web build may draw `describe(sizes)` as one token.)
  await clickWord(await wb.cell('sizes = [radius'), 'sizes');
  await wb.page.keyboard.press('F2');
  const box = wb.page.locator('.rename-box input, .rename-box .rename-input').first();
  await box.waitFor({ timeout: 15000 });
  await box.fill('lengths');
  await wb.page.keyboard.press('Enter');
  await waitFor('the rename in both cells', async () => {
    const codes = (await wb.cellCodes()).join('\n');
    return codes.includes('lengths = [radius') && codes.includes('describe(lengths)');
  }, { timeout: 20000 });
  await wb.save();
  await waitFor('the save to finish', async () => !(await wb.activeTabDirty()));
  const saved = fs.readFileSync(file, 'utf8');
  assert.match(saved, /lengths = \[radius \* k for k in range\(1, 6\)\]\n    lengths\n    return \(lengths,\)/);
  assert.match(saved, /def _\(describe, lengths\):\n    describe\(lengths\)/);
  assert.doesNotMatch(saved, /\bsizes\b/);
}

module.exports = { check };
