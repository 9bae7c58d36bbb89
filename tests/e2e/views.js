'use strict';
// The Lichen panel's views as a user sees them: the Variables tree's rows (name and description),
// clicking one, and which notebook cell is selected afterwards.
const { waitFor } = require('./harness');

function variablesRows(wb) {
  return wb.page.locator('.part.panel .monaco-list-row[role="treeitem"]');
}

// The Variables view's rows as {name, description}, in order (a cell link has no description).
async function variables(wb) {
  return variablesRows(wb).evaluateAll((rows) => rows.map((row) => {
    const text = (selector) => (row.querySelector(selector)?.textContent ?? '').trim();
    return { name: text('.label-name'), description: text('.label-description') };
  }));
}

// Waits until the row named `name` has `description`; returns every row.
async function waitForVariable(wb, name, description, { timeout = 30000 } = {}) {
  let seen = [];
  await waitFor(`the variable ${name} as ${JSON.stringify(description)}`, async () => {
    seen = await variables(wb);
    return seen.some((v) => v.name === name && v.description === description);
  }, { timeout }).catch((e) => { throw new Error(`${e.message}; rows: ${JSON.stringify(seen)}`); });
  return seen;
}

// Clicks the row whose label is `label` (a variable, or a cell link under one).
async function clickRow(wb, label) {
  await variablesRows(wb).filter({ has: wb.page.locator('.label-name', { hasText: label }) }).first().click();
}

// Expands the variable `name` (its twistie) to show its cell links.
async function expand(wb, name) {
  const row = variablesRows(wb).filter({ has: wb.page.locator('.label-name', { hasText: name }) }).first();
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
}

// Code of the notebook cell VS Code has selected (focused), once one is.
async function selectedCellCode(wb) {
  const row = wb.notebook().locator('.cell-list-container .monaco-list-row.focused');
  await row.first().waitFor({ timeout: 10000 });
  return (await row.first().locator('.view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

// Texts of the cell's status bar items (icons have no text).
async function cellStatusItems(row) {
  return (await row.locator('.cell-statusbar-container .cell-status-item').allInnerTexts()).map((t) => t.trim());
}

// Waits until the cell's status bar items satisfy `test`; returns them.
async function waitForCellStatus(row, what, test, { timeout = 30000 } = {}) {
  let seen = [];
  await waitFor(what, async () => test(seen = await cellStatusItems(row)), { timeout })
    .catch((e) => { throw new Error(`${e.message}; items: ${JSON.stringify(seen)}`); });
  return seen;
}

module.exports = { variables, waitForVariable, clickRow, expand, selectedCellCode, cellStatusItems, waitForCellStatus };
