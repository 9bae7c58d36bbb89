'use strict';
// Rich outputs with the browser offline (every request that leaves code-server is refused):
// outputs.py's 100,000-row DataFrame shows as an interactive table whose pages and sorts the
// kernel answers, its altair chart is drawn by the bundled vega-embed and its plotly figure by the
// bundled plotly.js; a matplotlib figure shows as a sharp PNG, an image as an <img>, LaTeX is typeset
// by the bundled KaTeX and a mermaid diagram drawn by the bundled mermaid; a click on a bar of a
// `ui.altair_chart` selects its city, and the cell reading the chart shows the selected rows.
// Prints the time from a click to the page on screen, and to the reader's new text.
const { waitFor } = require('../harness');
const ui = require('../ui');

const TABLE = '.lichen-datatable';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// The text of the table's first row, cell by cell.
async function firstRow(table) {
  return table.locator('tbody tr').first().locator('td').allInnerTexts();
}

// The time from clicking `control` to `done()` holding, in ms, as the test driver sees it (each
// look at the page is a round trip to the browser).
async function timed(control, done, what) {
  const start = Date.now();
  await control.click();
  await waitFor(what, done, { timeout: 30000, interval: 20 });
  return Date.now() - start;
}

// The time on screen, in ms, measured in the output's page: from a click on the table's control
// matching `click` (with `text`, if given) to the animation frame whose paint first shows the
// status `status` (and, if given, the first row's cell `cell[0]` holding `cell[1]`, and the header
// `sorted[0]` marked `aria-sort` `sorted[1]`, which the table sets as it draws the answer).
async function onScreen(table, { click, text, status, cell, sorted }) {
  return table.evaluate((t, { click, text, status, cell, sorted }) => new Promise((resolve, reject) => {
    const control = [...t.querySelectorAll(click)].find((c) => text === undefined || c.textContent.includes(text));
    if (control === undefined) return reject(new Error(`no ${click} ${text || ''} in the table`));
    const shown = () => t.querySelector('.lichen-table-status').textContent === status
      && (cell === undefined || t.querySelectorAll('tbody tr:first-child td')[cell[0]].textContent === cell[1])
      && (sorted === undefined || [...t.querySelectorAll('thead th')].find((th) => th.textContent.includes(sorted[0]))
        .getAttribute('aria-sort') === sorted[1]);
    const start = performance.now();
    const poll = () => (shown() ? resolve(Math.round(performance.now() - start)) : requestAnimationFrame(poll));
    setTimeout(() => reject(new Error(`the table did not show ${status} within 30 s`)), 30000);
    control.click();
    requestAnimationFrame(poll);
  }), { click, text, status, cell, sorted });
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
    // The kernel answers a table's queries between cells: the first page change comes once the
    // run has ended, the second is timed.
    const busyMs = await timed(next, async () => (await status.innerText()) === '11–20 of 100,000', 'the second page');
    if ((await firstRow(table))[0] !== '10') throw new Error(`the second page starts with ${await firstRow(table)}`);
    const pageMs = await timed(next, async () => (await status.innerText()) === '21–30 of 100,000', 'the third page');
    if ((await firstRow(table))[0] !== '20') throw new Error(`the third page starts with ${await firstRow(table)}`);
    // The same page changes timed in the page itself, a few times each way.
    const screenPages = [];
    for (let i = 0; i < 3; i++) {
      screenPages.push(await onScreen(table, { click: '.lichen-pager button', text: 'Next', status: `${31 + 10 * i}–${40 + 10 * i} of 100,000`, cell: [0, String(30 + 10 * i)] }));
      screenPages.push(await onScreen(table, { click: '.lichen-pager button', text: 'Previous', status: `${21 + 10 * i}–${30 + 10 * i} of 100,000`, cell: [0, String(20 + 10 * i)] }));
      await next.click();
      await waitFor('the next page', async () => (await status.innerText()) === `${31 + 10 * i}–${40 + 10 * i} of 100,000`);
    }
    await table.locator('.lichen-pager button[aria-label="First page"]').click();
    await waitFor('the first page again', async () => (await status.innerText()) === '1–10 of 100,000');

    const byAmount = table.locator('thead th', { hasText: 'amount' });
    const sortAmount = byAmount.locator('.lichen-sort');
    const sortUpMs = await timed(sortAmount, async () => (await byAmount.getAttribute('aria-sort')) === 'ascending'
      && (await firstRow(table))[2] === '0', 'the table sorted by amount, ascending');
    const sortDownMs = await timed(sortAmount, async () => (await byAmount.getAttribute('aria-sort')) === 'descending'
      && (await firstRow(table))[2] === '99.9', 'the table sorted by amount, descending');
    if ((await status.innerText()) !== '1–10 of 100,000') throw new Error(`a sort did not go back to the first page: ${await status.innerText()}`);
    // Off, then ascending again, timed in the page.
    const sortBy = { click: 'thead th .lichen-sort', text: 'amount', status: '1–10 of 100,000' };
    const screenSortOff = await onScreen(table, { ...sortBy, cell: [0, '0'], sorted: ['amount', 'none'] });
    const screenSortUp = await onScreen(table, { ...sortBy, cell: [2, '0'], sorted: ['amount', 'ascending'] });

    await table.locator('.lichen-table-search').fill('pune');
    await waitFor('the rows matching "pune"', async () => (await status.innerText()).includes('of 25,000 matching'));
    if ((await firstRow(table))[1] !== 'Pune') throw new Error(`the search shows ${await firstRow(table)}`);

    const vegaFrame = await ui.outputFrame(wb, '.lichen-chart[data-mime^="application/vnd.vegalite"]', 'the altair chart');
    const vega = vegaFrame.locator('.lichen-chart[data-mime^="application/vnd.vegalite"]').first();
    await waitFor('the altair chart drawn (an SVG with its 200 points)', async () =>
      (await vega.locator('svg g.mark-symbol.role-mark path').count()) === 200, { timeout: 60000 });
    await wb.cell('go.Figure'); // outputs are drawn when their cell is near the view
    const plotlyFrame = await ui.outputFrame(wb, '.lichen-chart[data-mime="application/vnd.plotly.v1+json"]', 'the plotly figure');
    const plotly = plotlyFrame.locator('.lichen-chart[data-mime="application/vnd.plotly.v1+json"]').first();
    await waitFor('the plotly figure drawn (its four bars)', async () =>
      (await plotly.locator('svg.main-svg .bars path').count()) === 4, { timeout: 60000 });
    for (const chart of [vega, plotly]) {
      if ((await chart.locator('.lichen-error').count()) > 0) throw new Error(await chart.innerText());
    }

    const plotlyHeight = await plotly.evaluate((box) => box.getBoundingClientRect().height);
    if (plotlyHeight > 1000) throw new Error(`the plotly figure is ${plotlyHeight} px high`);
    await wb.cell('plt.show()');
    // The figure is an <img> of a PNG with twice the pixels it is shown at (sharp on a
    // high-density display): a 4 x 3 inch figure at 100 dpi, trimmed to its drawing.
    const figureShown = (sizes) => sizes.some(([w, h, shownW, shownH]) => shownW > 300 && shownW < 450
      && shownH > 220 && shownH < 350 && Math.abs(w - 2 * shownW) <= 2 && Math.abs(h - 2 * shownH) <= 2);
    await waitFor('the matplotlib figure drawn (a 4 x 3 inch PNG at twice its pixels)', async () => {
      for (const frame of wb.page.frames()) {
        if (frame === wb.page.mainFrame()) continue;
        const sizes = await frame.locator('img[alt="a matplotlib figure"]').evaluateAll((imgs) =>
          imgs.map((i) => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width, i.getBoundingClientRect().height])).catch(() => []);
        if (figureShown(sizes)) return true;
      }
      return false;
    }, { timeout: 60000 });
    await wb.cell('a gradient');
    const imageFrame = await ui.outputFrame(wb, '.lichen-html img[alt="a gradient"]', 'the image');
    await waitFor('the image drawn (64 x 64 pixels shown 128 wide)', async () => {
      const size = await imageFrame.locator('.lichen-html img[alt="a gradient"]').first()
        .evaluate((img) => [img.naturalWidth, img.width]);
      return size[0] === 64 && size[1] === 128;
    });
    await wb.cell('normal density');
    const mathFrame = await ui.outputFrame(wb, '.lichen-markdown .lichen-math-done', 'the LaTeX');
    const maths = mathFrame.locator('.lichen-markdown math');
    await waitFor('the formulas typeset (inline and display)', async () => (await maths.count()) === 2
      && (await mathFrame.locator('.lichen-markdown math[display="block"] munderover').count()) === 1);
    await wb.cell('lichen.mermaid');
    const mermaidFrame = await ui.outputFrame(wb, '.lichen-mermaid svg', 'the mermaid diagram');
    const diagram = mermaidFrame.locator('.lichen-mermaid svg').first();
    await waitFor('the mermaid diagram drawn with its three nodes', async () =>
      (await diagram.locator('g.node').count()) === 3 && (await diagram.evaluate((svg) => svg.textContent)).includes('Load data'));

    await wb.cell('Click a city');
    const selectFrame = await ui.outputFrame(wb, '.lichen-altair_chart .lichen-chart svg', 'the chart to select on');
    const bars = selectFrame.locator('.lichen-altair_chart .lichen-chart svg g.mark-rect.role-mark path');
    await waitFor('the selectable chart drawn (its four bars)', async () => (await bars.count()) === 4, { timeout: 60000 });
    const readerShows = async (text) => {
      for (const frame of wb.page.frames()) {
        if (frame === wb.page.mainFrame()) continue;
        if ((await frame.getByText(text).count().catch(() => 0)) > 0) return true;
      }
      return false;
    };
    await wb.cell('len(picked.value)');
    await waitFor('the reader before any selection', () => readerShows(/Selected: 40 rows, cities \[.Lima., .Oslo., .Pune., .Rome.\]/));
    const selectStart = Date.now();
    await bars.and(selectFrame.locator('[aria-label*="city: Oslo"]')).click();
    await waitFor('the reader showing the selected city', () => readerShows(/Selected: 10 rows, cities \[.Oslo.\]/), { timeout: 30000, interval: 20 });
    const selectMs = Date.now() - selectStart;

    const fetched = refused.filter((url) => /vega|plotly|katex|mermaid|jsdelivr|unpkg|cdn/i.test(url));
    if (fetched.length > 0) throw new Error(`the outputs asked the network for ${fetched.join(', ')}`);
    log(`bench: table page change ${pageMs} ms (${busyMs} ms while the run went on), sort ${sortUpMs} / ${sortDownMs} ms (click to screen, 100,000 rows, timed by the test driver); chart selection to reader ${selectMs} ms`);
    log(`bench: on screen, timed in the page: page changes ${screenPages.join(', ')} ms (median ${median(screenPages)} ms), sort off ${screenSortOff} ms, sort ascending ${screenSortUp} ms`);
  },
};
