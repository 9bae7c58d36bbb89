// LaTeX and mermaid in the renderer (happy-dom): `$...$` and `$$...$$` in markdown and
// `text/latex` outputs are typeset by the bundled KaTeX as MathML; a markdown text without math
// is left as it is. (Mermaid needs a real browser's layout: the e2e scenario `outputs` draws one.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { Window } from "happy-dom";
import { drawNode } from "../../extension/src/renderer/draw";
import { createMarkdown } from "../../extension/src/renderer/markdown";
import { latexHtml } from "../../extension/src/renderer/math";
import { ValueStore } from "../../extension/src/renderer/values";

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function host(window: Window) {
  const doc = window.document as unknown as Document;
  return { doc, store: new ValueStore(), markdown: createMarkdown(), send: () => undefined };
}

test("inline and display math in markdown are typeset as MathML", async (t) => {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const drawing = drawNode({ type: "markdown", text: "Euler: $e^{i\\pi} + 1 = 0$, and\n\n$$\\int_0^1 x\\,dx = \\frac{1}{2}$$\n\ncosts $5 and $6.", slots: [] }, host(window));
  const box = drawing.root;
  await until("typesetting", () => box.getAttribute("aria-busy") === null);
  const maths = box.querySelectorAll("math");
  assert.equal(maths.length, 2, box.innerHTML);
  assert.equal(maths[1]!.getAttribute("display"), "block");
  assert.ok(box.querySelector("mfrac"), "the fraction is MathML");
  assert.match(box.textContent!, /costs \$5 and \$6\./);
  drawing.dispose();
});

test("a text/latex output: bare TeX is one displayed formula, text with $ is markdown", async (t) => {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const bare = drawNode({ type: "mime", data: { "text/latex": "\\sqrt{x^2 + 1}", "text/plain": "<Latex>" } }, host(window));
  await until("typesetting", () => bare.root.getAttribute("aria-busy") === null);
  assert.ok(bare.root.querySelector("math[display='block'] msqrt"), bare.root.innerHTML);
  const md = createMarkdown();
  assert.match(latexHtml("The value $\\alpha$", md), /The value <eq><span class="lichen-math" data-display="false">\\alpha<\/span><\/eq>/);
});

test("markdown without math loads no math and stays as rendered", (t) => {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const drawing = drawNode({ type: "markdown", text: "# Title\n\nplain *text*", slots: [] }, host(window));
  assert.equal(drawing.root.getAttribute("aria-busy"), null);
  assert.equal(drawing.root.querySelector("h1")!.textContent, "Title");
});

test("a formula KaTeX cannot parse shows its source in place", async (t) => {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const drawing = drawNode({ type: "markdown", text: "bad: $\\frac{1$", slots: [] }, host(window));
  await until("typesetting", () => drawing.root.getAttribute("aria-busy") === null);
  assert.match(drawing.root.textContent!, /\\frac\{1/);
});

