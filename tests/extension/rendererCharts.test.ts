// Charts in the renderer (happy-dom): a Vega-Lite spec, as altair writes it, is drawn by the
// bundled vega-embed into an SVG; which MIME types are charts; large inline data goes to canvas.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Window } from "happy-dom";
import { isChartMime, themeOf } from "../../extension/src/renderer/charts";
import { drawNode } from "../../extension/src/renderer/draw";
import { chooseMime } from "../../extension/src/renderer/layout";
import { createMarkdown } from "../../extension/src/renderer/markdown";
import { ValueStore } from "../../extension/src/renderer/values";
import { inlineRows, selectionParams } from "../../extension/src/renderer/vegaChart";

const BARS = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: { values: [{ a: "x", b: 3 }, { a: "y", b: 5 }] },
  mark: "bar",
  encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
};

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The webview's globals that vega-embed reads, from happy-dom's window. */
function webviewGlobals(window: Window): void {
  const g = globalThis as Record<string, unknown>;
  for (const name of ["ShadowRoot", "HTMLElement", "Element", "Node", "document", "window", "getComputedStyle"]) {
    g[name] ??= (window as unknown as Record<string, unknown>)[name];
  }
}

test("a Vega-Lite output is drawn as an SVG chart, and undone when disposed", async (t) => {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  webviewGlobals(window);
  const doc = window.document as unknown as Document;
  const host = { doc, store: new ValueStore(), markdown: createMarkdown(), send: () => undefined };
  const drawing = drawNode({ type: "mime", data: { "application/vnd.vegalite.v6+json": JSON.stringify(BARS), "text/plain": "<Chart>" } }, host);
  doc.body.append(drawing.root);
  const box = drawing.root as HTMLElement;
  assert.equal(box.className, "lichen-chart");
  await until("the chart", () => box.getAttribute("aria-busy") === null);
  assert.equal(box.querySelector(".lichen-error"), null, box.textContent ?? "");
  const svg = box.querySelector("svg");
  assert.ok(svg, "no svg in the chart");
  assert.equal(svg.querySelectorAll("path[aria-roledescription='bar'], .mark-rect path").length, 2);
  drawing.dispose();
});

test("a chart that does not parse says so in its place", async (t) => {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const doc = window.document as unknown as Document;
  const host = { doc, store: new ValueStore(), markdown: createMarkdown(), send: () => undefined };
  const drawing = drawNode({ type: "mime", data: { "application/vnd.vegalite.v5+json": "{not json" } }, host);
  await until("the failure", () => drawing.root.getAttribute("aria-busy") === null);
  assert.match(drawing.root.textContent!, /could not draw this chart/);
});

test("chart MIME types, the theme, and when vega draws on a canvas", (t) => {
  for (const mime of ["application/vnd.vegalite.v5+json", "application/vnd.vega.v6+json", "application/vnd.plotly.v1+json"]) {
    assert.ok(isChartMime(mime), mime);
  }
  assert.ok(!isChartMime("application/json"));
  assert.equal(chooseMime({ "text/html": "<div>", "application/vnd.plotly.v1+json": "{}" }), "application/vnd.plotly.v1+json");
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const doc = window.document as unknown as Document;
  assert.equal(themeOf(doc), "light");
  doc.body.classList.add("vscode-dark");
  assert.equal(themeOf(doc), "dark");
  assert.equal(inlineRows(BARS), 2);
  assert.equal(inlineRows({ datasets: { d1: new Array(7).fill({}) }, layer: [{ data: { values: [1, 2] } }] }), 9);
});

test("a chart element watches the spec's selection parameters, at every level", () => {
  const spec = {
    params: [{ name: "brush", select: { type: "interval", encodings: ["x"] } }, { name: "size", value: 3 }],
    layer: [{ params: [{ name: "pick", select: "point" }], mark: "bar" }],
    data: { values: [{ params: [{ name: "not-a-param", select: "point" }] }] },
  };
  assert.deepEqual([...selectionParams(spec)], [["brush", "interval"], ["pick", "point"]]);
});

test("a chart element whose figure is no chart spec shows the figure as it is", (t) => {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const doc = window.document as unknown as Document;
  const host = { doc, store: new ValueStore(), markdown: createMarkdown(), send: () => undefined };
  const node = { type: "element" as const, id: "e1", kind: "altair_chart", label: "Pick", value: null, props: { figure: { "text/html": "<b>too big to export</b>" } } };
  const drawing = drawNode(node, host);
  assert.equal(drawing.root.querySelector("b")!.textContent, "too big to export");
  assert.equal(drawing.root.querySelector(".lichen-label")!.textContent, "Pick");
});
