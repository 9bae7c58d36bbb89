'use strict';
// Markdown cells in the notebook editor: which rows are Markdown, their rendered text, and
// editing one as a user would (Enter on the rendered cell, type, Escape to render it again).
const { execFileSync } = require('child_process');
const path = require('path');
const { REPO, waitFor } = require('./harness');

const PYTHON = process.env.LICHEN_E2E_PYTHON || path.join(REPO, '.venv', 'bin', 'python');

// marimo's intro tutorial, as its wheel on PyPI ships it (the Python tests fetch the wheel).
function marimoTutorial(name) {
  return execFileSync(PYTHON, ['-c',
    'import sys; sys.path.insert(0, sys.argv[1]); from test_marimo_tutorials import tutorials; ' +
    'sys.stdout.write(tutorials()[sys.argv[2]])', path.join(REPO, 'tests', 'python'), name],
  { encoding: 'utf8', timeout: 300000 });
}

function markdownRows(wb) {
  return wb.notebook().locator('.cell-list-container .monaco-list-row.markdown-cell-row');
}

// The rendered text of every Markdown cell on screen: VS Code draws their previews in the
// notebook's webview, next to the outputs.
async function renderedText(wb) {
  return wb.outputsText();
}

// Appends `text` to the Markdown cell showing `heading`, as a user would: a double click on its
// rendered text opens its editor, Escape renders it again.
async function appendToMarkdownCell(wb, heading, text) {
  const preview = await waitFor(`the rendered ${JSON.stringify(heading)}`, async () => {
    for (const frame of wb.page.frames()) {
      const found = frame.getByText(heading, { exact: true }).first();
      if (await found.count().catch(() => 0)) return found;
    }
    return undefined;
  }, { timeout: 20000 });
  await preview.dblclick();
  const editor = wb.notebook().locator('.monaco-list-row.markdown-cell-row .monaco-editor.focused');
  await waitFor('the Markdown cell\'s editor', () => editor.count(), { timeout: 10000 });
  await wb.page.keyboard.press('Control+End');
  await wb.page.keyboard.insertText(text);
  await wb.page.keyboard.press('Escape');
}

module.exports = { marimoTutorial, markdownRows, renderedText, appendToMarkdownCell };
