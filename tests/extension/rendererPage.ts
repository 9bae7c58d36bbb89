// A happy-dom page the renderer tests draw payload nodes in, recording the values sent.
import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import { Window } from "happy-dom";
import { drawNode, type Drawing } from "../../extension/src/renderer/draw";
import { createMarkdown } from "../../extension/src/renderer/markdown";
import type { ElementNode, UiNode } from "../../extension/src/renderer/payload";
import { ValueStore } from "../../extension/src/renderer/values";

export interface Page {
  doc: Document;
  store: ValueStore;
  sent: [string, unknown][];
  draw(node: UiNode): HTMLElement;
  drawing(node: UiNode): Drawing;
  fire(el: Element, type: string, init?: Record<string, unknown>): void;
}

export function page(t: TestContext): Page {
  const window = new Window();
  t.after(() => window.happyDOM.close());
  const doc = window.document as unknown as Document;
  const store = new ValueStore();
  const sent: [string, unknown][] = [];
  const host = { doc, store, markdown: createMarkdown(), send: (id: string, value: unknown) => sent.push([id, value]) };
  const drawing = (node: UiNode): Drawing => {
    const drawn = drawNode(node, host);
    doc.body.append(drawn.root);
    return drawn;
  };
  return {
    doc,
    store,
    sent,
    drawing,
    draw: (node) => drawing(node).root,
    fire: (el, type, init = {}) => {
      const Event = type === "keydown" ? window.KeyboardEvent : window.Event;
      el.dispatchEvent(new Event(type, { bubbles: true, ...init }) as unknown as Event);
    },
  };
}

export function element(kind: string, value: unknown, props: Record<string, unknown> = {}, extra: Partial<ElementNode> = {}): ElementNode {
  return { type: "element", id: `id-${kind}`, kind, label: "", value, props, ...extra };
}

export const $ = <T extends Element = HTMLInputElement>(root: Element, selector: string): T => {
  const found = root.querySelector(selector);
  assert.ok(found, `no ${selector} in ${root.outerHTML}`);
  return found as unknown as T;
};

