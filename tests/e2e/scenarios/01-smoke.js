'use strict';
// code-server starts, the workbench loads, the vsix is installed and its commands are in the palette.
const assert = require('node:assert/strict');

module.exports = {
  name: 'smoke',
  async run({ wb, log }) {
    // Commands available everywhere.
    const wanted = ['Lichen: New Reactive Notebook', 'Lichen: Show Log'];
    const everywhere = await wb.paletteEntries('Lichen:', { until: (labels) => wanted.every((w) => labels.includes(w)) })
      .catch((e) => assert.fail(e.message));
    log(`palette: ${everywhere.join(' | ')}`);
    // With a notebook file open as text, the command that reopens it as a notebook.
    await wb.openFromExplorer('intro.py');
    await wb.page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'app = lichen.App()' }).first()
      .waitFor({ timeout: 20000 });
    await wb.paletteEntries('Lichen: Open as', { until: (labels) => labels.includes('Lichen: Open as Reactive Notebook') });
  },
};
