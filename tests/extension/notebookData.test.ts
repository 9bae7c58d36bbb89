// The notebook between the daemon's NotebookData and VS Code's cells: what goes back on save.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NotebookData } from "../../shared-protocol/src/protocol";
import {
  cellConfig,
  fromPlainCells,
  markdownCode,
  pythonStringLiteral,
  toNotebookMetadata,
  toPlainCells,
  withConfig,
} from "../../extension/src/notebookData";

const parsed: NotebookData = {
  cells: [
    {
      code: "x = 1",
      metadata: {
        name: "_",
        kind: "cell",
        config: { hideCode: false, disabled: false, column: null, extra: [["expand_output", "True"]] },
        source: { lead: "\n\n", text: "@app.cell\ndef _():\n    x = 1\n    return (x,)\n", line: 9 },
      },
    },
    { code: "import math", metadata: { name: "setup", kind: "setup" } },
  ],
  metadata: { module: "marimo", header: '"""Doc."""\n', generatedWith: "0.9.0", newline: "\n" },
  problems: [],
};

test("cells become Python code cells carrying their metadata", () => {
  const cells = toPlainCells(parsed);
  assert.deepEqual(cells.map((c) => [c.kind, c.languageId, c.value]), [
    ["code", "python", "x = 1"],
    ["code", "python", "import math"],
  ]);
  assert.deepEqual(cells[0]!.metadata, parsed.cells[0]!.metadata);
});

test("metadata goes back unchanged, so an unedited notebook is written byte for byte", () => {
  const back = fromPlainCells(toPlainCells(parsed), toNotebookMetadata(parsed));
  assert.deepEqual(back.cells, parsed.cells);
  assert.deepEqual(back.metadata, parsed.metadata);
});

test("an edited cell sends its new code with the old metadata; a new cell has none", () => {
  const cells = toPlainCells(parsed);
  cells[0]!.value = "x = 2";
  cells.push({ kind: "code", value: "y = x", languageId: "python", metadata: {} });
  const back = fromPlainCells(cells, toNotebookMetadata(parsed));
  assert.equal(back.cells[0]!.code, "x = 2");
  assert.deepEqual(back.cells[0]!.metadata, parsed.cells[0]!.metadata);
  assert.deepEqual(back.cells[2], { code: "y = x", metadata: {} });
});

test("keys other extensions add to the metadata are not sent to the daemon", () => {
  const back = fromPlainCells(
    [{ kind: "code", value: "", languageId: "python", metadata: { name: "f", other: { a: 1 } } }],
    { module: "lichen", someone: "else" },
  );
  assert.deepEqual(back.cells[0]!.metadata, { name: "f" });
  assert.deepEqual(back.metadata, { module: "lichen" });
});

test("a Markdown cell is saved as a code cell that renders its text", () => {
  const back = fromPlainCells(
    [{ kind: "markup", value: "# Title", languageId: "markdown", metadata: {} }],
    { module: "marimo" },
  );
  assert.equal(back.cells[0]!.code, 'mo.md(r"""# Title""")');
  assert.equal(markdownCode("*a*", "lichen"), 'lichen.md(r"""*a*""")');
});

test("Python string literals survive quotes and backslashes", () => {
  assert.equal(pythonStringLiteral("a\nb"), 'r"""\na\nb\n"""');
  assert.equal(pythonStringLiteral('say """hi"""'), JSON.stringify('say """hi"""'));
  assert.equal(pythonStringLiteral("ends with \\"), JSON.stringify("ends with \\"));
  assert.equal(pythonStringLiteral('ends with "'), JSON.stringify('ends with "'));
});

test("cell configuration has defaults, and toggling one option keeps the rest", () => {
  assert.deepEqual(cellConfig(undefined), { hideCode: false, disabled: false, column: null, extra: [] });
  const metadata = parsed.cells[0]!.metadata as { [key: string]: unknown };
  const toggled = withConfig(metadata, { disabled: true });
  assert.equal(cellConfig(toggled).disabled, true);
  assert.deepEqual(cellConfig(toggled).extra, [["expand_output", "True"]]);
  assert.deepEqual(toggled.source, metadata.source);
  assert.equal(cellConfig(metadata).disabled, false, "the input is not changed");
});
