import assert from "node:assert/strict";
import { test } from "node:test";
import type { CellGraph } from "../../shared-protocol/src/protocol";
import { definesText, layOut, related } from "../../extension/src/graphLayout";

// intro.py's shape: an import cell read by a markdown cell; radius read by two cells; a cell
// reading what two others define.
const intro: CellGraph = {
  nodes: [
    { cellUri: "c#1", label: "import lichen", defines: ["lichen"], errors: [] },
    { cellUri: "c#2", label: "lichen.md(\"# Lichen\")", defines: [], errors: [] },
    { cellUri: "c#3", label: "radius = 2.0", defines: ["radius"], errors: [] },
    { cellUri: "c#4", label: "import math", defines: ["area", "math"], errors: [] },
    { cellUri: "c#5", label: "sizes = [radius * k for k in range(1, 6)]", defines: ["sizes"], errors: [] },
    { cellUri: "c#6", label: "def describe(values):", defines: ["describe"], errors: [] },
    { cellUri: "c#7", label: "describe(sizes)", defines: [], errors: [] },
  ],
  edges: [
    { source: "c#1", target: "c#2", names: ["lichen"], error: null },
    { source: "c#3", target: "c#4", names: ["radius"], error: null },
    { source: "c#3", target: "c#5", names: ["radius"], error: null },
    { source: "c#5", target: "c#7", names: ["sizes"], error: null },
    { source: "c#6", target: "c#7", names: ["describe"], error: null },
  ],
};

test("every cell is a node and every edge an arrow with the names it carries", () => {
  const layout = layOut(intro);
  assert.deepEqual(layout.nodes.map((n) => [n.position, n.label, n.defines]), [
    [1, "import lichen", "defines lichen"],
    [2, "lichen.md(\"# Lichen\")", ""],
    [3, "radius = 2.0", "defines radius"],
    [4, "import math", "defines area, math"],
    [5, "sizes = [radius * k for k in range(1, 6)]", "defines sizes"],
    [6, "def describe(values):", "defines describe"],
    [7, "describe(sizes)", ""],
  ]);
  assert.deepEqual(layout.edges.map((e) => `${e.source}->${e.target}:${e.label}`), [
    "c#1->c#2:lichen", "c#3->c#4:radius", "c#3->c#5:radius", "c#5->c#7:sizes", "c#6->c#7:describe",
  ]);
});

test("the layout runs top to bottom: each reader sits below what it reads, edges go down", () => {
  const layout = layOut(intro);
  const at = new Map(layout.nodes.map((n) => [n.cellUri, n]));
  for (const edge of layout.edges) {
    const source = at.get(edge.source)!;
    const target = at.get(edge.target)!;
    assert.ok(source.y + source.height / 2 < target.y - target.height / 2, `${edge.source} above ${edge.target}`);
    assert.ok(edge.points.length >= 2);
    assert.ok(edge.points[0]!.y <= edge.points[edge.points.length - 1]!.y);
    assert.ok(edge.labelY > source.y && edge.labelY < target.y, "the label sits between its cells");
  }
  // radius's two readers share a rank, side by side without overlapping.
  const [four, five] = [at.get("c#4")!, at.get("c#5")!];
  assert.equal(four.y, five.y);
  assert.ok(Math.abs(four.x - five.x) >= (four.width + five.width) / 2);
  for (const node of layout.nodes) {
    assert.ok(node.x - node.width / 2 >= 0 && node.x + node.width / 2 <= layout.width);
    assert.ok(node.y - node.height / 2 >= 0 && node.y + node.height / 2 <= layout.height);
  }
});

test("a node is wide enough for its label, and one that defines something is taller", () => {
  const layout = layOut(intro);
  const five = layout.nodes[4]!;
  const seven = layout.nodes[6]!;
  assert.ok(five.width >= "5  sizes = [radius * k for k in range(1, 6)]".length * 7);
  assert.ok(layout.nodes[0]!.height > seven.height);
});

test("the graph's errors stay on the edges and nodes they concern", () => {
  const cycle: CellGraph = {
    nodes: [
      { cellUri: "a", label: "x = y", defines: ["x"], errors: ["cycle: a, b"] },
      { cellUri: "b", label: "y = x", defines: ["y"], errors: ["cycle: a, b"] },
    ],
    edges: [
      { source: "a", target: "b", names: ["x"], error: "cycle" },
      { source: "b", target: "a", names: ["y"], error: "cycle" },
    ],
  };
  const layout = layOut(cycle);
  assert.deepEqual(layout.edges.map((e) => e.error), ["cycle", "cycle"]);
  assert.deepEqual(layout.nodes.map((n) => n.errors), [["cycle: a, b"], ["cycle: a, b"]]);
  assert.ok(layout.edges.every((e) => e.points.length >= 2));
});

test("an edge to a cell the graph does not have is left out", () => {
  const layout = layOut({ nodes: intro.nodes.slice(0, 2), edges: [...intro.edges.slice(0, 1), { source: "c#9", target: "c#2", names: ["z"], error: null }] });
  assert.equal(layout.edges.length, 1);
});

test("a selected cell's ancestors and descendants, through every path", () => {
  const { ancestors, descendants } = related(intro, "c#5");
  assert.deepEqual([...ancestors].sort(), ["c#3"]);
  assert.deepEqual([...descendants].sort(), ["c#7"]);
  assert.deepEqual([...related(intro, "c#3").descendants].sort(), ["c#4", "c#5", "c#7"]);
  assert.deepEqual([...related(intro, "c#7").ancestors].sort(), ["c#3", "c#5", "c#6"]);
  const cyclic = related({ edges: [{ source: "a", target: "b", names: [], error: "cycle" }, { source: "b", target: "a", names: [], error: "cycle" }] }, "a");
  assert.deepEqual([...cyclic.descendants], ["b"]);
});

test("a cell defining many names shows four and a count", () => {
  assert.equal(definesText([]), "");
  assert.equal(definesText(["a", "b", "c", "d", "e", "f"]), "defines a, b, c, d +2");
});
