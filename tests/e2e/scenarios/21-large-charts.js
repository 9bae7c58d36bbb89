'use strict';
// Large charts with the browser offline: large_charts.py's 100,000-point altair scatter is drawn
// by the bundled vega-embed on a canvas and its 100,000-point plotly WebGL scatter by the bundled
// plotly.js, neither replaced by a note nor failing. Prints the time from Run All to each chart
// drawn (the kernel's run, the output's trip and the drawing).
const { waitFor } = require('../harness');
const ui = require('../ui');

const VEGA = '.lichen-chart[data-mime^="application/vnd.vegalite"]';
const PLOTLY = '.lichen-chart[data-mime="application/vnd.plotly.v1+json"]';

// Waits for the chart `selector` drawn (no longer busy, no error, a canvas with pixels), in ms
// from `start`.
async function drawn(wb, selector, what, start) {
  const frame = await ui.outputFrame(wb, selector, what, { timeout: 120000 });
  const box = frame.locator(selector).first();
  await waitFor(`${what} drawn`, async () => (await box.getAttribute('aria-busy')) === null, { timeout: 120000, interval: 50 });
  const ms = Date.now() - start;
  if ((await box.locator('.lichen-error').count()) > 0) throw new Error(`${what}: ${await box.innerText()}`);
  const canvases = await box.locator('canvas').evaluateAll((all) => all.map((c) => [c.width, c.height]));
  if (!canvases.some(([w, h]) => w > 100 && h > 100)) throw new Error(`${what} has no canvas drawn: ${JSON.stringify(canvases)}`);
  return { frame, box, ms };
}

module.exports = {
  name: 'large-charts',
  timeout: 300000,
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
    log(`bench: 100,000 points, Run All to drawn: altair (canvas) ${vega.ms} ms, plotly (WebGL) ${plotly.ms} ms`);
  },
};
