'use strict';
// Large charts with the browser offline: large_charts.py's 100,000-point altair scatter is drawn
// by the bundled vega-embed on a canvas and its 100,000-point plotly WebGL scatter by the bundled
// plotly.js, neither replaced by a note nor failing. Prints the time from Run All to each chart
// output in the page (the kernel's run and the output's trip) and to each drawn. Headless Chromium
// draws WebGL in software, slowly on a busy machine: the waits are long.
const { waitFor } = require('../harness');
const ui = require('../ui');

const VEGA = '.lichen-chart[data-mime^="application/vnd.vegalite"]';
const PLOTLY = '.lichen-chart[data-mime="application/vnd.plotly.v1+json"]';

// Waits for the chart `selector` drawn (no longer busy, no error, a canvas with pixels): ms from
// `start` to its output in the page (`shown`) and to its drawing (`ms`).
async function drawn(wb, selector, what, start) {
  const frame = await ui.outputFrame(wb, selector, what, { timeout: 240000 });
  const shown = Date.now() - start;
  const box = frame.locator(selector).first();
  await waitFor(`${what} drawn`, async () => (await box.getAttribute('aria-busy')) === null, { timeout: 240000, interval: 50 });
  const ms = Date.now() - start;
  if ((await box.locator('.lichen-error').count()) > 0) throw new Error(`${what}: ${await box.innerText()}`);
  const canvases = await box.locator('canvas').evaluateAll((all) => all.map((c) => [c.width, c.height]));
  if (!canvases.some(([w, h]) => w > 100 && h > 100)) throw new Error(`${what} has no canvas drawn: ${JSON.stringify(canvases)}`);
  return { frame, box, shown, ms };
}

module.exports = {
  name: 'large-charts',
  timeout: 480000,
  async run({ wb, server, log }) {
    const refused = await ui.offline(wb, server);
    await wb.openNotebook('large_charts.py');
    const start = Date.now();
    await wb.runAll();
    const vega = await drawn(wb, VEGA, 'the 100,000-point altair chart', start);
    const marks = await vega.box.evaluate((el) => el.textContent);
    if (/output not shown/.test(marks)) throw new Error('the altair chart was replaced by a note');
    await wb.cell('go.Scattergl');
    const plotly = await drawn(wb, PLOTLY, 'the 100,000-point plotly scatter', start);
    const gl = await plotly.box.locator('.gl-container canvas').count();
    if (gl === 0) throw new Error('the plotly scatter has no WebGL canvas');
    const fetched = refused.filter((url) => /vega|plotly|cdn/i.test(url));
    if (fetched.length > 0) throw new Error(`the charts asked the network for ${fetched.join(', ')}`);
    log(`bench: 100,000 points, from Run All: altair (canvas) output in the page ${vega.shown} ms, drawn ${vega.ms} ms; `
      + `plotly (WebGL) output in the page ${plotly.shown} ms, drawn ${plotly.ms} ms`);
  },
};
