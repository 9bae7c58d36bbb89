'use strict';
// The Lichen panel's Cell Graph as a user sees it: the nodes and edges drawn in its webview
// (an iframe inside an iframe), each node's state, clicking a node.
const { waitFor } = require('./harness');

// The webview frame that draws the graph, once it has.
async function graphFrame(wb, { timeout = 30000 } = {}) {
  let found;
  await waitFor('the cell graph drawn', async () => {
    for (const frame of wb.page.frames()) {
      if (frame === wb.page.mainFrame()) continue;
      const drawn = await frame.evaluate(() => document.querySelectorAll('svg.lichen-graph g.node').length).catch(() => 0);
      if (drawn > 0) {
        found = frame;
        return true;
      }
    }
    return false;
  }, { timeout });
  return found;
}

// What the graph shows: nodes as {position, label, defines, state, classes}, edges as
// "from->to:names" by the cells' positions.
async function drawn(frame) {
  return frame.evaluate(() => {
    const nodes = [...document.querySelectorAll('svg.lichen-graph g.node')].map((g) => ({
      position: Number(g.dataset.position),
      label: g.querySelector('text.label')?.textContent ?? '',
      defines: g.querySelector('text.defines')?.textContent ?? '',
      state: g.dataset.state,
      classes: [...g.classList].filter((c) => !c.startsWith('state-') && c !== 'node'),
    }));
    const position = new Map([...document.querySelectorAll('svg.lichen-graph g.node')].map((g) => [g.dataset.cellUri, g.dataset.position]));
    const edges = [...document.querySelectorAll('svg.lichen-graph g.edge')].map((g) =>
      `${position.get(g.dataset.source)}->${position.get(g.dataset.target)}:${g.dataset.names}${g.classList.contains('graph-error') ? ' (error)' : ''}`);
    return { nodes: nodes.sort((a, b) => a.position - b.position), edges: edges.sort() };
  });
}

// Waits until `test(drawn)` holds; returns what was drawn.
async function waitForGraph(wb, what, test, { timeout = 30000 } = {}) {
  let seen;
  await waitFor(what, async () => {
    const frame = await graphFrame(wb, { timeout });
    seen = await drawn(frame).catch(() => undefined);
    return seen !== undefined && test(seen);
  }, { timeout }).catch((e) => { throw new Error(`${e.message}; drawn: ${JSON.stringify(seen)}`); });
  return seen;
}

async function clickNode(wb, position) {
  const frame = await graphFrame(wb);
  await frame.locator(`svg.lichen-graph g.node[data-position="${position}"] rect`).click();
}

module.exports = { graphFrame, drawn, waitForGraph, clickNode };
