// The worker answers as the CPython daemon does: the same notebook and the same steps give the
// same run results, cell outputs, errors, streams and diagnostics in Pyodide as in the daemon
// and its kernel process. (The daemon's Python may be older than Pyodide's 3.14: the notebook
// avoids what differs between Python versions, such as the wording of some built-in errors.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { ErrorCodes, ServedMethods, UI_MIME } from "../../shared-protocol/src/protocol";
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

// A notebook to export, with what its one cell shows.
const EXPORTED = 'import lichen\n\n__generated_with = "0.1.0"\napp = lichen.App()\n\n\n@app.cell\ndef _():\n    print("hi")\n    x = 1\n    x\n    return (x,)\n';

/** Each method of the editor service's table once; what each answered, and the methods sent. */
// Each language request once, on a notebook of its own (Jedi in Pyodide's Python 3.14 and in the
// daemon's: the requests avoid what differs between Python versions, such as builtins' docstrings).
const LANGUAGE_NB = "file:///notebooks/language.py";
const LANGUAGE_CELLS = [
  'import math\ndef scale(values, factor=2):\n    """Multiply."""\n    return values * factor\ndata = 3\n',
  "scaled = scale(data)\n",
  "math.sq",
];

async function languageRequests(client: Client<Connection>, ask: (method: string, params: unknown) => Promise<unknown>): Promise<unknown> {
  const cells = client.open(LANGUAGE_NB, LANGUAGE_CELLS);
  const at = (cell: number, line: number, character: number, more: object = {}) => ({
    textDocument: { uri: cells[cell] },
    position: { line, character },
    ...more,
  });
  const seen: { [request: string]: unknown } = {};
  const completion = (await ask("textDocument/completion", at(2, 0, 7))) as { result: { items: { label: string }[] } };
  seen.completion = completion;
  const resolved = (await ask("completionItem/resolve", completion.result.items[0])) as { result: { label: string; detail: string } };
  seen.resolve = { label: resolved.result.label, detail: resolved.result.detail };
  seen.hover = await ask("textDocument/hover", at(1, 0, 10));
  seen.signature = await ask("textDocument/signatureHelp", at(1, 0, 15));
  seen.definition = await ask("textDocument/definition", at(1, 0, 10));
  seen.references = await ask("textDocument/references", at(1, 0, 16, { context: { includeDeclaration: true } }));
  seen.highlight = await ask("textDocument/documentHighlight", at(0, 4, 0));
  seen.symbols = await ask("textDocument/documentSymbol", { textDocument: { uri: cells[0] } });
  seen.prepareRename = await ask("textDocument/prepareRename", at(1, 0, 16));
  seen.rename = await ask("textDocument/rename", at(1, 0, 16, { newName: "samples" }));
  seen.renameRefused = await ask("textDocument/rename", at(1, 0, 16, { newName: "scaled" }));
  // Formatting is Ruff's, which the worker has not: a cell of no open notebook has no edits.
  seen.formatting = await ask("textDocument/formatting", { textDocument: { uri: "file:///nowhere.py#cell0" } });
  return seen;
}

async function everyMethod(client: Client<Connection>): Promise<{ seen: unknown; sent: Set<string> }> {
  const seen: { [step: string]: unknown } = {};
  const sent = new Set<string>(["initialize", "notebookDocument/didOpen", "notebookDocument/didChange"]);
  const ask = async (method: string, params: unknown): Promise<unknown> => {
    sent.add(method);
    try {
      return { result: await client.request(method, params, BOOT_MS) };
    } catch (error) {
      return { error: (error as { code: number }).code };
    }
  };
  const tell = (method: string, params: unknown): void => {
    sent.add(method);
    client.notify(method, params);
  };
  await client.initialize();
  const cells = client.open(NB, ["import lichen\ns = lichen.ui.slider(0, 10)\ns", "t = s.value + 1\nt", "u = t * 2\nu"]);
  seen.language = await languageRequests(client, ask);
  const parsed = (await ask("lichen/parse", { text: "import lichen\napp = lichen.App()\n" })) as { result: unknown };
  seen.parse = parsed;
  seen.serialize = await ask("lichen/serialize", { notebook: parsed.result });
  seen.import = await ask("lichen/importNotebook", { text: "# %%\nx = 1\n# %% [markdown]\n# # Title\n# %%\nx = 2\n", fileName: "s.py" });
  seen.importRefused = await ask("lichen/importNotebook", { text: "x", fileName: "t.txt" });
  const exported = ((await ask("lichen/parse", { text: EXPORTED })) as { result: unknown }).result;
  const outputs = [{ output: { "text/plain": "1" }, streams: [{ name: "stdout", text: "hi\n" }] }];
  seen.export = await ask("lichen/exportNotebook", { notebook: exported, format: "ipynb", outputs });
  seen.exportMd = await ask("lichen/exportNotebook", { notebook: exported, format: "md" });
  seen.runAll = await ask("lichen/runAll", { notebookUri: NB });
  const first = doneEvents(client.events(NB))[0] as { output: { [mime: string]: string } };
  const element = (JSON.parse(first.output[UI_MIME]!) as { node: { id: string } }).node.id;
  seen.uiValue = await ask("lichen/setUiValue", { notebookUri: NB, elementId: element, value: 4 });
  seen.tableQuery = await ask("lichen/tableQuery", { notebookUri: NB, tableId: element, request: {} }); // a slider: no table
  // Sizes are the interpreter's own (Pyodide's is 32-bit): whether there is one must agree.
  const listed = (await ask("lichen/variables", { notebookUri: NB })) as { result: { variables: { size: number | null }[] } };
  seen.variables = listed.result.variables.map((v) => ({ ...v, size: v.size === null ? null : "bytes" }));
  seen.cellGraph = await ask("lichen/cellGraph", { notebookUri: NB });
  tell("workspace/didChangeConfiguration", { settings: { onCellChange: "lazy" } });
  client.setText(NB, cells[1]!, "t = s.value + 2\nt");
  seen.lazyRun = await ask("lichen/run", { notebookUri: NB, cellUris: [cells[1]] });
  seen.runStale = await ask("lichen/runStale", { notebookUri: NB });
  seen.setConfig = await ask("lichen/setConfig", { notebookUri: NB, cellUri: cells[2], config: { disabled: true } });
  seen.interrupt = await ask("lichen/interrupt", { notebookUri: NB });
  seen.restart = await ask("lichen/restart", { notebookUri: NB });
  // A local kernel has no scheduler's job: nothing to cancel, in either host.
  seen.cancelJob = await ask("lichen/cancelKernelJob", { notebookUri: NB });
  // The default interpreter (none chosen): both hosts take it.
  seen.selectKernel = await ask("lichen/selectKernel", { notebookUri: NB, python: null });
  seen.debugAttach = await ask("lichen/debugAttach", { notebookUri: "file:///nowhere.py" });
  tell("lichen/debugToKernel", { notebookUri: NB, session: 1, message: { seq: 1, type: "request", command: "threads", arguments: {} } });
  tell("lichen/debugDetach", { notebookUri: NB, session: 1 }); // no session: nothing happens
  seen.events = doneEvents(client.events(NB));
  tell("notebookDocument/didSave", { notebookDocument: { uri: NB, version: 3 } });
  tell("notebookDocument/didClose", { notebookDocument: { uri: NB }, cellTextDocuments: cells.map((uri) => ({ uri })) });
  seen.closed = await ask("lichen/runAll", { notebookUri: NB });
  seen.shutdown = await ask("shutdown", null);
  tell("exit", null);
  return { seen, sent };
}

test("every method of the editor service's table is answered alike by the daemon and the worker", { timeout: BOOT_MS * 2 }, async () => {
  assert.ok(hasDaemon(), "no .venv with lichen: run make setup");
  const daemon = new Client<Connection>(new DaemonConnection());
  let expected: { seen: unknown; sent: Set<string> };
  try {
    expected = await everyMethod(daemon);
  } finally {
    daemon.dispose();
  }
  for (const method of ServedMethods) {
    assert.ok(expected.sent.has(method), `the scenario does not send ${method}`);
  }
  assert.deepEqual((expected.seen as { closed: unknown }).closed, { error: ErrorCodes.unknownNotebook });
  assert.deepEqual((expected.seen as { importRefused: unknown }).importRefused, { error: ErrorCodes.notConvertible });
  const language = (expected.seen as { language: { completion: { result: { items: { label: string }[] } } } }).language;
  assert.deepEqual(language.completion.result.items.map((item) => item.label), ["sqrt"]);
  const worker = new Client<Connection>(workerHost());
  try {
    assert.deepEqual((await everyMethod(worker)).seen, expected.seen);
  } finally {
    worker.dispose();
  }
});

test("the worker's answers and outputs are the CPython daemon's", { timeout: BOOT_MS * 2 }, async () => {
  assert.ok(hasDaemon(), "no .venv with lichen: run make setup");
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
