// Rich outputs in the worker, through the same code as in the daemon: an interactive table whose
// pages, sorts, searches and summaries the worker answers and whose selection runs its reader, a
// plotly figure (plotly installed offline from its wheels) and a `ui.plotly` selection running
// its reader, a vega-lite spec, LaTeX in markdown, a mermaid diagram and an image; each output as
// the CPython daemon gives it. (matplotlib, pandas and altair have no wheel Pyodide can install
// offline: the worker has only pure-Python packages besides its own.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { UI_MIME } from "../../shared-protocol/src/protocol";
import { DaemonConnection, hasDaemon } from "./daemon";
import { BOOT_MS, Client, doneEvents, outputWheels, workerHost, type Connection } from "./harness";

const CLOSED_INDEX = "http://127.0.0.1:9/simple/{package_name}/";
const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const VEGALITE_MIME = "application/vnd.vegalite.v5+json";
const DOT_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

const NB = "file:///notebooks/outputs.py";
const CELLS = [
  "import lichen\nrows = [{'city': ['Oslo', 'Lima', 'Rome', 'Pune'][i % 4], 'n': i,\n         'x': None if i % 9 == 0 else (i * 37) % 100 / 10} for i in range(120)]\nt = lichen.ui.table(rows, page_size=10)\nt",
  "picked = sorted(r['n'] for r in t.value)\npicked",
  "import plotly.graph_objects as go\nfigure = go.Figure(go.Bar(x=['Oslo', 'Lima', 'Rome'], y=[3, 1, 2]))\nfigure",
  "bars = lichen.ui.plotly(figure)\nbars",
  "chosen = [p['x'] for p in bars.value]\nchosen",
  "class Spec:\n    def _repr_mimebundle_(self, include=None, exclude=None):\n        return {'" + VEGALITE_MIME + "': {'mark': 'bar', 'data': {'values': [{'a': 1}, {'a': 2}]},\n                'encoding': {'y': {'field': 'a', 'type': 'quantitative'}}}}\nSpec()",
  "lichen.md(r'Euler: $e^{i\\pi} + 1 = 0$')",
  "lichen.mermaid('graph TD; A-->B')",
  `import base64\nlichen.image(base64.b64decode('${DOT_PNG}'), alt='a dot')`,
];

type Output = { [mime: string]: string };
type Done = { cell: string; output: Output | null; error: { ename: string; evalue: string } | null };
type Node = { id: string; kind: string; props: { [key: string]: unknown } };

function node(done: Done): Node {
  return (JSON.parse(done.output![UI_MIME]!) as { node: Node }).node;
}

/** An output with its JSON MIME types parsed (the two hosts' JSON encoders space it alike or not). */
function parsed(output: Output | null): unknown {
  if (output === null) return null;
  return Object.fromEntries(Object.entries(output).map(([mime, data]) => [mime, mime.endsWith("json") ? JSON.parse(data) : data]));
}

async function scenario(client: Client<Connection>): Promise<{ [step: string]: unknown }> {
  const seen: { [step: string]: unknown } = {};
  await client.initialize();
  const cells = client.open(NB, CELLS);
  seen.runAll = await client.request("lichen/runAll", { notebookUri: NB }, BOOT_MS * 2);
  const done = doneEvents(client.events(NB)) as Done[];
  const byCell = (i: number): Done => done.find((d) => d.cell === cells[i])!;
  seen.outputs = CELLS.map((_, i) => [byCell(i).error, parsed(byCell(i).output)]);
  const table = node(byCell(0));
  const tableId = (table.props.table as { id: string }).id;
  const ask = (request: unknown): Promise<unknown> =>
    client.request<{ answer: unknown }>("lichen/tableQuery", { notebookUri: NB, tableId, request }).then((r) => r.answer);
  seen.sorted = await ask({ sort: [{ column: "x", descending: true }], offset: 10, limit: 10 });
  seen.searched = await ask({ search: "LIMA", limit: 5 });
  seen.summary = await ask({ summary: "x" });
  seen.selected = await client.request("lichen/setUiValue", { notebookUri: NB, elementId: table.id, value: [5, 3] });
  seen.picked = (doneEvents(client.events(NB)) as Done[]).map((d) => d.output);
  const bars = node(byCell(3));
  const point = { curveNumber: 0, pointIndex: 1, pointNumber: 1, x: "Lima", y: 1 };
  seen.barPicked = await client.request("lichen/setUiValue", { notebookUri: NB, elementId: bars.id, value: { points: [point] } });
  seen.chosen = (doneEvents(client.events(NB)) as Done[]).map((d) => d.output);
  // Ids made afresh by each session, named for what they are.
  const ids: [string, string][] = [[tableId, "TABLE"], [table.id, "TABLE_ELEMENT"], [bars.id, "BARS_ELEMENT"]];
  let text = JSON.stringify(seen);
  for (const [id, name] of ids) text = text.split(id).join(name);
  return JSON.parse(text) as { [step: string]: unknown };
}

test("the worker's rich outputs are the daemon's, and its tables and charts answer alike", { timeout: BOOT_MS * 4 }, async () => {
  assert.ok(hasDaemon(), "no .venv with lichen: run make setup");
  const worker = new Client<Connection>(workerHost({ extraWheels: outputWheels(), indexUrls: [CLOSED_INDEX] }));
  let got: { [step: string]: unknown };
  try {
    got = await scenario(worker);
  } finally {
    worker.dispose();
  }
  const outputs = got.outputs as [unknown, { [mime: string]: unknown } | null][];
  assert.deepEqual(outputs.map(([error]) => error), CELLS.map(() => null), "every cell ran in the worker");
  const table = (outputs[0]![1]![UI_MIME] as { node: Node }).node.props.table as { rows: number; page: { rows: unknown[][] } };
  assert.equal(table.rows, 120);
  assert.deepEqual(table.page.rows[0], ["Oslo", 0, null]);
  const sorted = got.sorted as { positions: number[]; rows: unknown[][]; total: number };
  assert.equal(sorted.total, 120);
  assert.ok(sorted.rows.every((r, i) => i === 0 || (r[2] as number) <= (sorted.rows[i - 1]![2] as number)), "sorted by x, descending");
  assert.deepEqual((got.searched as { total: number }).total, 30);
  assert.deepEqual((got.summary as { nulls: number }).nulls, 14);
  assert.deepEqual(got.picked, [{ "text/plain": "[3, 5]" }]);
  const figure = outputs[2]![1]![PLOTLY_MIME] as { data: { type: string; x: string[] }[] };
  assert.deepEqual([figure.data[0]!.type, figure.data[0]!.x], ["bar", ["Oslo", "Lima", "Rome"]]);
  const shownBars = (outputs[3]![1]![UI_MIME] as { node: Node }).node;
  assert.equal(shownBars.kind, "plotly");
  assert.deepEqual(got.chosen, [{ "text/plain": "['Lima']" }]);
  assert.equal((outputs[5]![1]![VEGALITE_MIME] as { mark: string }).mark, "bar");
  const drawn = (i: number): Node & { text?: string; html?: string } =>
    (outputs[i]![1]![UI_MIME] as { node: Node & { text?: string; html?: string } }).node;
  assert.equal(drawn(6).text, "Euler: $e^{i\\pi} + 1 = 0$", "the formula goes to the renderer's KaTeX as written");
  assert.equal(drawn(7).html, '<pre class="mermaid">graph TD; A--&gt;B</pre>');
  assert.equal(drawn(8).html, `<img src="data:image/png;base64,${DOT_PNG}" alt="a dot">`);

  const daemon = new Client<Connection>(new DaemonConnection());
  try {
    assert.deepEqual(got, await scenario(daemon));
  } finally {
    daemon.dispose();
  }
});
