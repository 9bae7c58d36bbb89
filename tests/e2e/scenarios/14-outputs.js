'use strict';
// Rich outputs with the browser offline (every request that leaves code-server is refused):
// outputs.py's 100,000-row DataFrame shows as an interactive table whose pages and sorts the
// kernel answers, its altair chart is drawn by the bundled vega-embed and its plotly figure by the
// bundled plotly.js. Prints the time from a click to the page on screen.
const { waitFor } = require('../harness');
const ui = require('../ui');

const TABLE = '.lichen-datatable';

// The text of the table's first row, cell by cell.
async function firstRow(table) {
  return table.locator('tbody tr').first().locator('td').allInnerTexts();
}

// The time from clicking `control` to `done()` holding, in ms.
async function timed(control, done, what) {
  const start = Date.now();
  await control.click();
  await waitFor(what, done, { timeout: 30000, interval: 20 });
  return Date.now() - start;
}

module.exports = {
  name: 'outputs',
  timeout: 240000,
  async run({ wb, server, log }) {
    const refused = await ui.offline(wb, server);

    await wb.openNotebook('outputs.py');
    await wb.runAll();
    const frame = await ui.outputFrame(wb, TABLE, 'the DataFrame as an interactive table');
    const table = frame.locator(TABLE).first();
    await waitFor('the table counts', async () => (await table.locator('.lichen-table-counts').innerText()) === '100,000 rows × 3 columns');
    const names = await table.locator('.lichen-column-name').allInnerTexts();
    if (names.join(',') !== 'day,city,amount') throw new Error(`the table's columns are ${names}`);
    const dtypes = await table.locator('.lichen-dtype').allInnerTexts();
    if (dtypes[0] !== 'int64') throw new Error(`the day column's dtype shows as ${dtypes[0]}`);
    if ((await table.locator('tbody tr').count()) !== 10) throw new Error('the first page does not have 10 rows');

    const status = table.locator('.lichen-table-status');
    const next = table.locator('.lichen-pager button', { hasText: 'Next' });
    const pageMs = await timed(next, async () => (await status.innerText()) === '11–20 of 100,000', 'the second page');
    if ((await firstRow(table))[0] !== '10') throw new Error(`the second page starts with ${await firstRow(table)}`);

    const byAmount = table.locator('thead th', { hasText: 'amount' });
    const sortAmount = byAmount.locator('.lichen-sort');
    const sortUpMs = await timed(sortAmount, async () => (await byAmount.getAttribute('aria-sort')) === 'ascending'
      && (await firstRow(table))[2] === '0', 'the table sorted by amount, ascending');
    const sortDownMs = await timed(sortAmount, async () => (await byAmount.getAttribute('aria-sort')) === 'descending'
      && (await firstRow(table))[2] === '99.9', 'the table sorted by amount, descending');
    if ((await status.innerText()) !== '1–10 of 100,000') throw new Error(`a sort did not go back to the first page: ${await status.innerText()}`);

    await table.locator('.lichen-table-search').fill('pune');
    await waitFor('the rows matching "pune"', async () => (await status.innerText()).includes('of 25,000 matching'));
    if ((await firstRow(table))[1] !== 'Pune') throw new Error(`the search shows ${await firstRow(table)}`);

    const vegaFrame = await ui.outputFrame(wb, '.lichen-chart[data-mime^="application/vnd.vegalite"]', 'the altair chart');
    const vega = vegaFrame.locator('.lichen-chart[data-mime^="application/vnd.vegalite"]').first();
    await waitFor('the altair chart drawn (an SVG with its 200 points)', async () =>
      (await vega.locator('svg g.mark-symbol.role-mark path').count()) === 200, { timeout: 60000 });
    const plotlyFrame = await ui.outputFrame(wb, '.lichen-chart[data-mime="application/vnd.plotly.v1+json"]', 'the plotly figure');
    const plotly = plotlyFrame.locator('.lichen-chart[data-mime="application/vnd.plotly.v1+json"]').first();
    await waitFor('the plotly figure drawn (its four bars)', async () =>
      (await plotly.locator('svg.main-svg .bars path').count()) === 4, { timeout: 60000 });
    for (const chart of [vega, plotly]) {
      if ((await chart.locator('.lichen-error').count()) > 0) throw new Error(await chart.innerText());
    }

    const fetched = refused.filter((url) => /vega|plotly|jsdelivr|unpkg|cdn/i.test(url));
    if (fetched.length > 0) throw new Error(`the outputs asked the network for ${fetched.join(', ')}`);
    log(`bench: table page change ${pageMs} ms, sort ${sortUpMs} / ${sortDownMs} ms (click to screen, 100,000 rows)`);
  },
};
