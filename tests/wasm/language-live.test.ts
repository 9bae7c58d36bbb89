// Completion and hover from the values of a notebook run in the worker (its runtime is in
// Pyodide's interpreter): what only the values know, an attribute set at run time and a dict's
// keys, is offered beside Jedi's static items, and hover shows a global's current value.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { BOOT_MS, Client, workerHost } from "./harness";

const NB = "file:///notebooks/live.py";

type Item = { label: string; textEdit?: { newText: string } };

describe("completion and hover from the worker's values", { timeout: BOOT_MS * 2 }, () => {
  let client: Client;
  let cells: string[];

  before(async () => {
    client = new Client(workerHost());
    await client.initialize();
    cells = client.open(NB, [
      "class Box:\n    pass\nbox = Box()\nsetattr(box, 'made_' + 'late', 1)\nconfig = dict(zip(['alpha_key', 'beta_key'], [1, 2]))",
      "",
    ]);
    const run = await client.request<{ ok: boolean }>("lichen/runAll", { notebookUri: NB }, BOOT_MS);
    assert.equal(run.ok, true);
  });
  after(() => client.dispose());

  async function complete(text: string): Promise<string[]> {
    client.setText(NB, cells[1]!, text);
    const found = await client.request<{ items: Item[] }>("textDocument/completion", {
      textDocument: { uri: cells[1] },
      position: { line: 0, character: text.length },
    }, BOOT_MS);
    return found.items.map((item) => item.label);
  }

  test("an attribute set at run time is offered once, with the static items", async () => {
    const labels = await complete("box.made");
    assert.equal(labels.filter((label) => label === "made_late").length, 1);
  });

  test("a dict's keys inside a subscript", async () => {
    const labels = await complete('config["');
    assert.ok(labels.includes('"alpha_key"') && labels.includes('"beta_key"'), labels.join(", "));
  });

  test("hover on a global shows its current value", async () => {
    client.setText(NB, cells[1]!, "config");
    const hover = await client.request<{ contents: { value: string } }>("textDocument/hover", {
      textDocument: { uri: cells[1] },
      position: { line: 0, character: 2 },
    }, BOOT_MS);
    assert.match(hover.contents.value, /Current value \(`dict`\): 2 items/);
  });
});
