import assert from "node:assert/strict";
import { test } from "node:test";
import type { Variable } from "../../shared-protocol/src/protocol";
import { cellLabel, formatBytes, variableRows } from "../../extension/src/variablesModel";

const variables: Variable[] = [
  { name: "df", type: "DataFrame", value: "3 rows × 2 columns: a int64, b str", size: 2048, cellUri: "c#1", readers: ["c#2", "c#3"] },
  { name: "total", type: "int", value: "6", size: 28, cellUri: "c#2", readers: [] },
];
const cells = new Map([
  ["c#1", { position: 1, name: "load" }],
  ["c#2", { position: 2, name: "_" }],
  ["c#3", { position: 3, name: "_" }],
]);

test("a variable's row says its type and value, and links its defining and reading cells", () => {
  const [df] = variableRows(variables, cells);
  assert.equal(df!.description, "DataFrame · 3 rows × 2 columns: a int64, b str");
  assert.equal(df!.cellUri, "c#1");
  assert.deepEqual(df!.links.map((l) => [l.role, l.cellUri, l.label]), [
    ["defined in", "c#1", "cell 1 (load)"],
    ["read by", "c#2", "cell 2"],
    ["read by", "c#3", "cell 3"],
  ]);
  assert.match(df!.tooltip, /2\.0 KB/);
  assert.match(df!.tooltip, /read by cell 2, cell 3/);
});

test("a variable no cell reads says so", () => {
  assert.match(variableRows(variables, cells)[1]!.tooltip, /read by no cell/);
});

test("the filter keeps the names containing it, whatever the case", () => {
  assert.deepEqual(variableRows(variables, cells, "TOT").map((r) => r.name), ["total"]);
  assert.deepEqual(variableRows(variables, cells, " ").map((r) => r.name), ["df", "total"]);
});

test("a cell the notebook no longer has is named so", () => {
  assert.equal(cellLabel(undefined), "a cell no longer shown");
});

test("sizes read as people read them", () => {
  assert.equal(formatBytes(28), "28 B");
  assert.equal(formatBytes(1536), "1.5 KB");
  assert.equal(formatBytes(3 * 1024 * 1024), "3.0 MB");
});

test("the filter picks its names out of thousands", () => {
  const many: Variable[] = Array.from({ length: 5000 }, (_, i) => ({
    name: `v${i}`, type: "int", value: String(i), size: 28, cellUri: `c#${i % 3 + 1}`, readers: ["c#2"],
  }));
  assert.equal(variableRows(many, cells, "v49").length, 111);
});
