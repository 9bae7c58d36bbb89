// A notebook in the worker: open, run all, a reactive re-run after an edit, a UI value, a
// deleted cell, and the diagnostics of a name defined twice, all in Pyodide.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { UI_MIME } from "../../shared-protocol/src/protocol";
import { BOOT_MS, Client, doneEvents, workerHost } from "./harness";

const NB = "file:///notebooks/notebook.py";

describe("a notebook in the worker", { timeout: BOOT_MS * 2 }, () => {
  let client: Client;
  let cells: string[];

  before(async () => {
    client = new Client(workerHost());
    await client.initialize();
    cells = client.open(NB, [
      "import lichen\nradius = lichen.ui.slider(1, 10, value=2)\nradius",
      "area = 3 * radius.value ** 2\nprint('area is', area)\narea",
      "1 / 0",
      "after_error = 1",
    ]);
  });
  after(() => client.dispose());

  test("run all shows every cell's output, error and stream", async () => {
    const result = await client.request<{ ok: boolean; cells: { cellUri: string; status: string }[] }>("lichen/runAll", { notebookUri: NB });
    assert.equal(result.ok, false);
    assert.deepEqual(result.cells.map((c) => c.status), ["success", "success", "error", "success"]);
    const events = client.events(NB);
    const mine = events.filter((e) => e.cellUri === cells[1]);
    const kinds = mine.map((e) => e.event.kind).filter((kind, i, all) => kind !== all[i - 1]);
    assert.deepEqual(kinds, ["queued", "running", "stream", "done"]);
    assert.equal(mine.filter((e) => e.event.kind === "stream").map((e) => e.event.text).join(""), "area is 12\n");
    const done = doneEvents(events) as { cell: string; output: { [mime: string]: string } | null; error: { ename: string } | null }[];
    assert.ok(UI_MIME in done[0]!.output!);
    assert.deepEqual(done[1]!.output, { "text/plain": "12" });
    assert.equal(done[2]!.error!.ename, "ZeroDivisionError");
  });

  test("an edit re-runs the cells that read what it defines", async () => {
    client.setText(NB, cells[0]!, "import lichen\nradius = lichen.ui.slider(1, 10, value=5)\nradius");
    const result = await client.request<{ cells: { cellUri: string }[] }>("lichen/run", { notebookUri: NB, cellUris: [cells[0]] });
    assert.deepEqual(result.cells.map((c) => c.cellUri), [cells[0], cells[1]]);
    const done = doneEvents(client.events(NB)) as { output: unknown }[];
    assert.deepEqual(done[1]!.output, { "text/plain": "75" });
  });

  test("a UI value change runs the cells that read the element", async () => {
    await client.request("lichen/run", { notebookUri: NB, cellUris: [cells[0]] });
    const shown = doneEvents(client.events(NB))[0] as { output: { [mime: string]: string } };
    const element = (JSON.parse(shown.output[UI_MIME]!) as { node: { id: string } }).node.id;
    const result = await client.request<{ cells: { cellUri: string }[] }>("lichen/setUiValue", { notebookUri: NB, elementId: element, value: 10 });
    assert.deepEqual(result.cells.map((c) => c.cellUri), [cells[1]]);
    assert.deepEqual((doneEvents(client.events(NB))[0] as { output: unknown }).output, { "text/plain": "300" });
  });

  test("a name defined twice is a diagnostic on both cells before anything runs", async () => {
    client.notify("notebookDocument/didChange", {
      notebookDocument: { uri: NB, version: 10 },
      change: { cells: { structure: { array: { start: 4, deleteCount: 0, cells: [{ kind: 2, document: `${NB}#twice` }] }, didOpen: [{ uri: `${NB}#twice`, languageId: "python", version: 1, text: "area = 0" }] } } },
    });
    const published = await client.notification(
      (m) => m.method === "textDocument/publishDiagnostics" && (m.params as { uri: string }).uri === `${NB}#twice`,
      "diagnostics",
    );
    const [diagnostic] = (published.params as { diagnostics: { code: string; message: string }[] }).diagnostics;
    assert.equal(diagnostic!.code, "multiple-definition");
    assert.match(diagnostic!.message, /also defined in cell 2/);
  });
});
