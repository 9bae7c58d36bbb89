// anywidget elements in the renderer (happy-dom): the widget's own module draws it through
// anywidget's front-end contract, its model syncs traits with the kernel both ways, and every
// display of one widget shares one model.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { Window } from "happy-dom";
import { drawNode, type Drawing } from "../../extension/src/renderer/draw";
import { createMarkdown } from "../../extension/src/renderer/markdown";
import type { ElementNode } from "../../extension/src/renderer/payload";
import { ValueStore } from "../../extension/src/renderer/values";
import { readWidgetMessage, receiveWidgetMessage } from "../../extension/src/renderer/widget";
import { readKernelMessage, splitUiStream, UI_STREAM } from "../../extension/src/uiMessages";

// A counter as anywidget's documentation writes one: a button whose clicks set a synced trait.
const COUNTER = `
export default {
  initialize({ model }) { model.set("initialized", true); },
  render({ model, el }) {
    const button = document.createElement("button");
    const show = () => { button.textContent = "count is " + model.get("count"); };
    show();
    button.addEventListener("click", () => { model.set("count", model.get("count") + 1); model.save_changes(); });
    model.on("change:count", show);
    model.on("msg:custom", (content) => { el.dataset.said = JSON.stringify(content); });
    el.append(button);
    return () => { el.dataset.cleaned = "yes"; };
  },
};`;

let models = 0;

function widgetNode(esm: string, value: Record<string, unknown> = { count: 0 }, extra: Record<string, unknown> = {}): ElementNode {
  models += 1;
  return {
    type: "element", id: `el-${models}`, kind: "anywidget", label: "", value,
    props: { modelId: `model-${models}`, esm, css: ".x { color: red; }", moduleHash: `hash-${esm.length}`, buffers: [], ...extra },
  };
}

function page(t: TestContext) {
  const window = new Window();
  const global = globalThis as { document?: unknown };
  const before = global.document;
  global.document = window.document; // widget modules draw with the page's `document`
  t.after(() => {
    global.document = before;
    window.happyDOM.close();
  });
  const doc = window.document as unknown as Document;
  const sent: [string, unknown][] = [];
  const host = { doc, store: new ValueStore(), markdown: createMarkdown(), send: (id: string, v: unknown) => sent.push([id, v]) };
  return {
    sent,
    draw(node: ElementNode): Drawing {
      const drawing = drawNode(node, host);
      doc.body.append(drawing.root);
      return drawing;
    },
    click(el: Element) {
      el.dispatchEvent(new window.Event("click", { bubbles: true }) as unknown as Event);
    },
  };
}

async function until<T>(find: () => T | null | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = find();
    if (found !== null && found !== undefined) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test("the widget's module renders it, with its style, and a click sends the changed trait", async (t) => {
  const p = page(t);
  const node = widgetNode(COUNTER);
  const { root } = p.draw(node);
  const button = await until(() => root.querySelector("button"), "the widget's button");
  assert.equal(button.textContent, "count is 0");
  assert.equal(root.querySelector("style")?.textContent, ".x { color: red; }");
  p.click(button);
  assert.equal(button.textContent, "count is 1");
  // initialize's own change is not sent: only save_changes sends, and it sends what changed since
  assert.deepEqual(p.sent, [[node.id, { state: { initialized: true, count: 1 } }]]);
});

test("traits the kernel sends update the model and its displays; custom messages reach msg:custom", async (t) => {
  const p = page(t);
  const node = widgetNode(COUNTER);
  const { root } = p.draw(node);
  const button = await until(() => root.querySelector("button"), "the widget's button");
  const modelId = String(node.props.modelId);
  assert.equal(receiveWidgetMessage({ modelId, state: { count: 41 } }), true);
  assert.equal(button.textContent, "count is 41");
  receiveWidgetMessage({ modelId, message: { hello: "there" } });
  assert.equal((root.querySelector(".lichen-anywidget") as HTMLElement).dataset.said, '{"hello":"there"}');
  assert.equal(receiveWidgetMessage({ modelId: "another", state: { count: 1 } }), false);
  assert.deepEqual(p.sent, []);
});

test("two displays share one model; a disposed display loses its listeners and runs its clean-up", async (t) => {
  const p = page(t);
  const node = widgetNode(COUNTER);
  const first = p.draw(node);
  const second = p.draw({ ...node, id: "el-newer" });
  const [a, b] = await until(() => {
    const found = [first.root.querySelector("button"), second.root.querySelector("button")];
    return found.every(Boolean) ? found : undefined;
  }, "both buttons");
  p.click(a!);
  assert.equal(b!.textContent, "count is 1");
  assert.deepEqual(p.sent.at(-1), ["el-newer", { state: { initialized: true, count: 1 } }]); // the newest display's id
  first.dispose();
  assert.equal((first.root.querySelector(".lichen-anywidget") as HTMLElement).dataset.cleaned, "yes");
  receiveWidgetMessage({ modelId: String(node.props.modelId), state: { count: 5 } });
  assert.equal(a!.textContent, "count is 1");
  assert.equal(b!.textContent, "count is 5");
  p.click(b!);
  assert.deepEqual(p.sent.at(-1), ["el-newer", { state: { count: 6 } }]);
});

test("named render exports, a default factory, custom sends and binary traits", async (t) => {
  const p = page(t);
  const named = widgetNode(`export function render({ model, el }) {
    el.textContent = "bytes " + model.get("data").byteLength;
    model.send({ ready: true });
    model.set("data", new Uint8Array([7, 8, 9]));
    model.save_changes();
  }`, { data: null }, { buffers: [[["data"], "AAE="]] });
  const { root } = p.draw(named);
  await until(() => (root.textContent?.includes("bytes") ? true : undefined), "the named render");
  assert.match(root.textContent ?? "", /bytes 2/);
  assert.deepEqual(p.sent, [
    [named.id, { message: { ready: true } }],
    [named.id, { state: { data: null }, buffers: [[["data"], "BwgJ"]] }],
  ]);
  const factory = widgetNode(`export default async () => ({ render({ el }) { el.textContent = "from a factory"; } });`);
  const drawn = p.draw(factory).root;
  await until(() => (drawn.textContent?.includes("factory") ? true : undefined), "the factory's render");
});

test("a module that fails says so in the output", async (t) => {
  const p = page(t);
  const { root } = p.draw(widgetNode("export const nothing = 1;"));
  const problem = await until(() => root.querySelector(".lichen-error"), "the error");
  assert.match(problem.textContent ?? "", /no render or initialize/);
  const broken = p.draw(widgetNode("export default {{{")).root;
  assert.ok(await until(() => broken.querySelector(".lichen-error"), "the syntax error"));
});

test("widget messages are read, and the extension takes the UI stream out of cell events", () => {
  assert.deepEqual(readWidgetMessage({ modelId: "m", state: { a: 1 } }), { modelId: "m", state: { a: 1 } });
  assert.equal(readWidgetMessage({ modelId: "m" }), undefined);
  assert.equal(readWidgetMessage({ elementId: "e", refused: "no" }), undefined);
  const stdout = { cellUri: "c", event: { kind: "stream", name: "stdout", text: "hi\n" } };
  const widget = { cellUri: "c", event: { kind: "stream", name: UI_STREAM, text: '{"modelId":"m","state":{"a":1}}\n{"modelId":"m","message":2}\n[output truncated' } };
  const split = splitUiStream([stdout, widget, { cellUri: "c", event: { kind: "done" } }]);
  assert.deepEqual(split.events.map((e) => e.event.kind), ["stream", "done"]);
  assert.deepEqual(split.messages, [{ modelId: "m", state: { a: 1 } }, { modelId: "m", message: 2 }]);
  assert.deepEqual(readKernelMessage({ fromKernel: { elementId: "e", value: 1 } }), { elementId: "e", value: 1 });
  assert.equal(readKernelMessage({ elementId: "e", value: 1 }), undefined, "a renderer's own message is not the kernel's");
});
