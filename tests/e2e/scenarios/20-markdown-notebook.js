'use strict';
// A marimo markdown notebook (.md) opens through Open as Reactive Notebook, its cells run, and a
// save after an edit writes markdown again: the edited cell changed, every other byte kept.
const fs = require('fs');
const path = require('path');
const { waitFor } = require('../harness');

const TEXT = `---
title: Report
marimo-version: 0.25.2
---

# Report

Some *prose* between cells.

\`\`\`python {.marimo}
import marimo as mo
\`\`\`

\`\`\`python {.marimo}
base  =  20
\`\`\`

\`\`\`python {.marimo}
print("total", base + 1)
\`\`\`
`;

module.exports = {
  name: 'markdown-notebook',
  timeout: 180000,
  async run({ wb, folder }) {
    const file = path.join(folder, 'report.md');
    fs.writeFileSync(file, TEXT);
    await wb.quickOpen('report.md');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'report.md' }).waitFor({ timeout: 20000 });
    await wb.command('Open as Reactive Notebook');
    await wb.notebook().waitFor({ state: 'visible', timeout: 30000 });
    await wb.cell('base  =  20');
    await wb.runAll();
    await wb.waitForOutput('total 21');
    await wb.setCellCode(await wb.cell('base  =  20'), 'base = 40');
    await wb.save();
    await waitFor('report.md saved as markdown', () => fs.readFileSync(file, 'utf8') === TEXT.replace('base  =  20', 'base = 40'), { timeout: 20000 });
  },
};
