'use strict';
// The Cell Graph view: intro.py drawn before any run, one node per cell (markdown included)
// with what it defines, one edge per (definer, reader) labelled with the names it carries; Run
// All colours every node by its state; a click on a node reveals its cell, and the selected
// cell's ancestors and descendants stay lit while the rest dims; an edit redraws the graph live
// (a new edge), and a failing run marks its node as an error.
const assert = require('node:assert/strict');
const { waitFor } = require('../harness');
const intro = require('../intro');
const graph = require('../graph');
const views = require('../views');

const EDGES = ['1->2:lichen', '3->4:radius', '3->5:radius', '5->7:sizes', '6->7:describe'];

module.exports = {
  name: 'cell-graph',
  timeout: 240000,
  async run({ wb, log }) {
    await wb.openNotebook(intro.file);
    await wb.command('Lichen: Show Cell Graph');
    const before = await graph.waitForGraph(wb, 'intro.py\'s seven cells', (g) => g.nodes.length === intro.cellCount);
    assert.deepEqual(before.edges, EDGES);
    assert.deepEqual(before.nodes.map((n) => [n.position, n.defines]), [
      [1, 'defines lichen'], [2, ''], [3, 'defines radius'], [4, 'defines area, math'],
      [5, 'defines sizes'], [6, 'defines describe'], [7, ''],
    ]);
    assert.equal(before.nodes[2].label, '3  radius = 2.0');
    assert.match(before.nodes[1].label, /^2 {2}lichen\.md\(/);
    assert.ok(before.nodes.every((n) => n.state === 'idle'), 'nothing has run');
    log(`drawn before any run: ${JSON.stringify(before)}`);

    await wb.runAll();
    for (const text of Object.values(intro.outputs)) await wb.waitForOutput(text, { timeout: 60000 });
    await graph.waitForGraph(wb, 'every node a success', (g) => g.nodes.every((n) => n.state === 'success'));
    log('Run All: every node success');

    await graph.clickNode(wb, 6);
    await waitFor('describe\'s cell selected', async () => (await views.selectedCellCode(wb)).includes('def describe(values):'));
    const lit = await graph.waitForGraph(wb, 'cell 6 and its descendant lit', (g) =>
      g.nodes[5].classes.includes('selected') && g.nodes[6].classes.includes('descendant'));
    assert.deepEqual(lit.nodes.filter((n) => n.classes.includes('dimmed')).map((n) => n.position), [1, 2, 3, 4, 5]);
    log('a click reveals the cell; its relatives are lit');

    const last = await wb.cell('describe(sizes)');
    await wb.setCellCode(last, 'describe(sizes), radius / 0');
    const edited = await graph.waitForGraph(wb, 'the new edge radius -> cell 7', (g) => g.edges.includes('3->7:radius'));
    assert.deepEqual(edited.edges, [...EDGES, '3->7:radius'].sort());
    await wb.runCell(last);
    await graph.waitForGraph(wb, 'cell 7 an error', (g) => g.nodes[6].state === 'error');
    log('an edit redraws live; a failing run marks its node');
  },
};
