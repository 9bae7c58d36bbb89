'use strict';
// In an untrusted workspace a notebook opens and shows its cells, but runs nothing until the
// workspace is trusted: VS Code asks first when a cell is run, Lichen's own run commands refuse.
const assert = require('node:assert/strict');
const { waitFor } = require('../harness');
const intro = require('../intro');

async function assertNothingRan(wb, when) {
  // The webview may hold the rendered Markdown cell; no output.
  const markdown = ['Lichen', intro.markdown];
  const shown = (await wb.outputsText()).split('\n').map((line) => line.trim()).filter((l) => l && !markdown.includes(l));
  assert.deepEqual(shown, [], `a cell ran ${when}`);
  for (let i = 0; i < intro.cellCount; i++) {
    assert.equal(await wb.cellState(wb.cells().nth(i)), 'idle', `cell ${i} ran ${when}`);
  }
}

module.exports = {
  name: 'untrusted-workspace',
  trust: true,
  async run({ wb, log }) {
    await wb.openNotebook(intro.file);
    const codes = await wb.cellCodes();
    assert.equal(codes.length, intro.cellCount, `cells shown: ${JSON.stringify(codes)}`);
    assert.equal(codes[2], 'radius = 2.0');

    // Run All: VS Code asks whether to trust the folder; declined, nothing runs.
    await wb.runAll();
    await wb.dialogButton('Cancel').click();
    await assertNothingRan(wb, 'after trust was declined');

    // Lichen's own run command refuses and says why.
    await wb.command('Lichen: Run Stale Cells');
    const notice = await waitFor('Lichen\'s notice about trust', async () => (await wb.notifications()).find((t) => /untrusted/i.test(t)));
    log(`notice: ${notice}`);
    await assertNothingRan(wb, 'from Run Stale Cells in an untrusted workspace');

    // Trusted, the same Run All runs every cell.
    await wb.runAll();
    await wb.dialogButton('Trust Folder & Continue').click();
    for (const text of Object.values(intro.outputs)) await wb.waitForOutput(text, { timeout: 60000 });
  },
};
