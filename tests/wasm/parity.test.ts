// The worker answers as the CPython daemon does: the same notebook and the same steps give the
// same run results, cell outputs, errors, streams and diagnostics in Pyodide as in the daemon
// and its kernel process. (The daemon's Python may be older than Pyodide's 3.14: the notebook
// avoids what differs between Python versions, such as the wording of some built-in errors.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { DaemonConnection, hasDaemon } from "./daemon";
import { BOOT_MS, Client, doneEvents, workerHost, type Connection } from "./harness";

const NB = "file:///notebooks/parity.py";
const CELLS = [
  "import math\nradius = 2.0",
  "area = math.pi * radius ** 2\nprint('area', round(area, 2))\narea",
  "import sys\nprint('to stderr', file=sys.stderr)\n[radius, {'r': radius}, (1, 'two')]",
  "import lichen\nlichen.md(f'# Radius\\n**r** = {radius}')",
  "if radius < 3:\n    raise ValueError(f'radius {radius} is too small')\nbig = radius * 10",
  "after_failure = big * 2",
  "lichen.Html('<b>bold</b>')",
  "x = 1",
  "x = 2",
  "'unicode: café 😀'",
];

async function scenario(client: Client<Connection>): Promise<unknown> {
  const seen: { [step: string]: unknown } = {};
  await client.initialize();
  const cells = client.open(NB, CELLS);
  seen.diagnostics = await client.notification(
    (m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === cells[7],
    "diagnostics",
  );
  seen.runAll = await client.request("lichen/runAll", { notebookUri: NB }, BOOT_MS);
  const events = client.events(NB);
  seen.runAllDone = doneEvents(events);
  seen.streams = joined(events.filter((e) => e.event.kind === "stream").map((e) => [e.cellUri, e.event.name, e.event.text] as string[]));
  client.setText(NB, cells[0]!, "import math\nradius = 3.0");
  seen.edit = await client.request("lichen/run", { notebookUri: NB, cellUris: [cells[0]] });
  seen.editDone = doneEvents(client.events(NB));
  seen.parse = await client.request("lichen/parse", { text: "import lichen\napp = lichen.App()\n\n@app.cell\ndef _():\n    x = 1\n    return (x,)\n" });
  return seen;
}

/** Stream chunks of one cell and stream joined, as the editor shows them: how text is cut into
 * chunks depends on timing (and on threads, which Pyodide has not). */
function joined(chunks: string[][]): string[][] {
  const out: string[][] = [];
  for (const [cell, name, text] of chunks) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0] === cell && last[1] === name) {
      last[2] += text!;
    } else {
      out.push([cell!, name!, text!]);
    }
  }
  return out;
}

test("the worker's answers and outputs are the CPython daemon's", { skip: !hasDaemon() && "no .venv (make setup)", timeout: BOOT_MS * 2 }, async () => {
  const daemon = new Client<Connection>(new DaemonConnection());
  let expected: unknown;
  try {
    expected = await scenario(daemon);
  } finally {
    daemon.dispose();
  }
  const worker = new Client<Connection>(workerHost());
  try {
    assert.deepEqual(await scenario(worker), expected);
  } finally {
    worker.dispose();
  }
});
