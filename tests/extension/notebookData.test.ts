// The notebook between the daemon's NotebookData and VS Code's cells: what goes back on save.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NotebookData } from "../../shared-protocol/src/protocol";
import {
  cellConfig,
  fromPlainCells,
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

test("cells become code cells of Lichen's Python language carrying their metadata", () => {
  const cells = toPlainCells(parsed);
  assert.deepEqual(cells.map((c) => [c.kind, c.languageId, c.value]), [
    ["code", "lichen-python", "x = 1"],
    ["code", "lichen-python", "import math"],
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

test("a cell the daemon found to be Markdown opens as a Markdown cell showing its text", () => {
  const data: NotebookData = {
    cells: [{ code: 'mo.md(r"""\n# Title\n""")', markdown: "# Title", metadata: { name: "_", kind: "cell" } }],
    metadata: { module: "marimo" },
  };
  const cells = toPlainCells(data);
  assert.deepEqual(cells.map((c) => [c.kind, c.languageId, c.value]), [["markup", "markdown", "# Title"]]);
  // its text goes back with the metadata it was read with: the daemon keeps the old code while
  // the text is the same
  assert.deepEqual(fromPlainCells(cells, toNotebookMetadata(data)).cells, [
    { code: "", markdown: "# Title", metadata: { name: "_", kind: "cell" } },
  ]);
});

test("cells converted with VS Code's commands keep their text either way", () => {
  const asMarkup = fromPlainCells([{ kind: "markup", value: "x = 1", languageId: "markdown", metadata: {} }], {});
  assert.deepEqual(asMarkup.cells, [{ code: "", markdown: "x = 1", metadata: {} }]);
  const asCode = fromPlainCells([{ kind: "code", value: "# Title", languageId: "python", metadata: {} }], {});
  assert.deepEqual(asCode.cells, [{ code: "# Title", metadata: {} }]);
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
