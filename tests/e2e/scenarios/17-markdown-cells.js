'use strict';
// marimo's intro tutorial opens with its plain `mo.md(...)` cells as Markdown cells, rendered
// before anything runs; appending a line to one and saving changes only that cell's lines; Run
// All runs the code cells, the Markdown ones render as before.
const assert = require('node:assert/strict');
const fs = require('fs');
const { waitFor } = require('../harness');
const md = require('../markdown');

module.exports = {
  name: 'markdown-cells',
  timeout: 240000,
  async run({ wb, log }) {
    const original = md.marimoTutorial('intro');
    fs.writeFileSync(wb.file('tutorial.py'), original);
    // Quick Open finds a file written after the window opened (the Explorer may not list it yet).
    await wb.quickOpen('tutorial.py');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'tutorial.py' }).waitFor({ timeout: 20000 });
    await wb.command('Open as Reactive Notebook');
    await wb.notebook().waitFor({ state: 'visible', timeout: 30000 });

    // Rendered at once: the heading of the first prose cell is on screen, no run asked for.
    await waitFor('a Markdown cell rendered', async () => (await md.markdownRows(wb).count()) > 0, { timeout: 30000 });
    await waitFor('the tutorial\'s prose rendered', async () =>
      (await md.renderedText(wb)).includes('1. Reactive execution'), { timeout: 30000 });
    const rendered = await md.renderedText(wb);
    assert.ok(!rendered.includes('mo.md('), 'the Markdown cells show their text, not their code');
    log(`Markdown rows on screen: ${await md.markdownRows(wb).count()}`);

    // Edit one: only its lines change in the file.
    await md.appendToMarkdownCell(wb, '1. Reactive execution', '\n\nAn added line.');
    await waitFor('the edit to render', async () => (await md.renderedText(wb)).includes('An added line.'), { timeout: 20000 });
    await wb.save();
    await waitFor('the save to finish', async () => !(await wb.activeTabDirty()), { timeout: 20000 });
    const saved = fs.readFileSync(wb.file('tutorial.py'), 'utf8');
    const before = original.split('\n');
    const after = saved.split('\n');
    const at = firstDifference(before, after);
    assert.deepEqual(after.slice(at, at + 2), ['', '    An added line.'], 'the added line, in the cell');
    assert.equal([...after.slice(0, at), ...after.slice(at + 2)].join('\n'), original, 'only the edited cell changed');
  },
};

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}
