'use strict';
// Lichen: Export As... and Lichen: Import Notebook... in VS Code. intro.py, run, is exported as a
// Jupyter notebook that nbformat validates, holding the outputs the editor shows (printed text,
// values), and as an HTML page that a browser with no network draws (the markdown cell's heading,
// the printed text); a Jupyter notebook with a `%pip` line and a name assigned in two cells is
// imported, the renaming offered and accepted, and it opens as a Lichen notebook whose file has
// the PEP 723 block and the renamed name.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { REPO, waitFor } = require('../harness');

const JUPYTER = {
  cells: [
    { cell_type: 'markdown', id: 'a', metadata: {}, source: ['# Imported\n', 'From Jupyter.'] },
    { cell_type: 'code', id: 'b', metadata: {}, execution_count: 1, outputs: [], source: ['%pip install humanize\n', 'total = 10'] },
    { cell_type: 'code', id: 'c', metadata: {}, execution_count: 2, outputs: [], source: ['total = total + 5'] },
    { cell_type: 'code', id: 'd', metadata: {}, execution_count: 3, outputs: [], source: ['print("total is", total)'] },
  ],
  metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
  nbformat: 4,
  nbformat_minor: 5,
};

// Answers VS Code's file dialog (code-server shows its own, a path in a quick input) with `file`.
async function answerFileDialog(wb, file) {
  const input = wb.quickInput();
  await input.waitFor({ state: 'visible', timeout: 15000 });
  await input.fill(file);
  // The dialog checks the path as it is typed, and on a busy machine its message can still be
  // about a shorter path ("the folder ... does not exist"): Enter then asks to create a folder.
  await waitFor('the file dialog checked the whole path', async () => {
    const label = (await input.getAttribute('aria-label')) || '';
    return !label.includes('does not exist');
  }, { timeout: 15000 });
  await wb.page.waitForTimeout(300);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15000 });
}

async function pick(wb, label) {
  const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 15000 });
  await row.click();
}

async function exportAs(wb, label, file) {
  await wb.command('Lichen: Export As...');
  await pick(wb, label);
  await answerFileDialog(wb, file);
  await waitFor(`${path.basename(file)} written`, () => fs.existsSync(file), { timeout: 60000 });
}

module.exports = {
  name: 'import-export',
  timeout: 240000,
  async run({ wb, folder, log }) {
    const python = path.resolve(process.env.LICHEN_E2E_PYTHON || path.join(REPO, '.venv', 'bin', 'python'));
    await wb.openNotebook('intro.py');
    await wb.runAll();
    await wb.waitForOutput('area of a circle of radius 2.0: 12.57');

    const ipynb = path.join(folder, 'intro.ipynb');
    await exportAs(wb, 'Jupyter Notebook', ipynb);
    const check = spawnSync(python, ['-c', [
      'import json, sys, nbformat',
      'nb = nbformat.read(sys.argv[1], as_version=4)',
      'nbformat.validate(nb)',
      'print(json.dumps([[c.cell_type, c.get("outputs", [])] for c in nb.cells]))',
    ].join('\n'), ipynb], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`the exported notebook is not valid: ${check.stderr}`);
    const cells = JSON.parse(check.stdout);
    if (cells.length !== 7 || cells[1][0] !== 'markdown') throw new Error(`the exported cells: ${check.stdout}`);
    const outputs = JSON.stringify(cells.map((c) => c[1]));
    if (!outputs.includes('area of a circle of radius 2.0: 12.57')) throw new Error(`no printed text in ${outputs}`);
    if (!outputs.includes('5 values from 2.0 to 10.0')) throw new Error(`no value in ${outputs}`);

    const html = path.join(folder, 'intro.html');
    await exportAs(wb, 'HTML Page', html);
    const offline = await wb.context.browser().newContext({ offline: true });
    const page = await offline.newPage();
    try {
      const asked = [];
      page.on('request', (request) => { if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) asked.push(request.url()); });
      await page.goto(`file://${html}`);
      await waitFor('the markdown cell drawn in the page', async () => (await page.locator('.lichen-output h1').allInnerTexts()).includes('Lichen'));
      const printed = await page.locator('.lichen-stdout').allInnerTexts();
      if (!printed.some((t) => t.includes('area of a circle of radius 2.0: 12.57'))) throw new Error(`printed: ${printed}`);
      if (asked.length > 0) throw new Error(`the page asked the network for ${asked.join(', ')}`);
    } finally {
      await offline.close();
    }

    const source = path.join(folder, 'analysis.ipynb');
    fs.writeFileSync(source, JSON.stringify(JUPYTER, null, 1));
    const target = path.join(folder, 'analysis.py');
    await wb.command('Lichen: Import Notebook...');
    await answerFileDialog(wb, source);
    await wb.dialogButton('Rename Them').click();
    await answerFileDialog(wb, target);
    await waitFor('analysis.py written', () => fs.existsSync(target), { timeout: 30000 });
    await waitFor('the imported notebook open', async () => (await wb.cellCodes()).some((c) => c.includes('total_3 = total + 5')), { timeout: 30000 });
    const text = fs.readFileSync(target, 'utf8');
    for (const wanted of ['# /// script', '"humanize"', 'total_3 = total + 5', 'print("total is", total_3)']) {
      if (!text.includes(wanted)) throw new Error(`analysis.py lacks ${wanted}:\n${text}`);
    }
    log('exported intro.py as ipynb and html, imported analysis.ipynb');
  },
};
