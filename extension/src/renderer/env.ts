// What every drawing function gets: the document to build in, the value store, where new values
// go, and a list of clean-ups run when the output goes away. Plus a small element builder.
import type { UiNode } from "./payload";
import type { Listener, ValueStore } from "./values";

export interface Markdown {
  /** Markdown (raw HTML allowed) as HTML. */
  render(text: string): string;
  /** One line of markdown (a label) as inline HTML. */
  renderInline(text: string): string;
}

export interface Env {
  readonly doc: Document;
  /** Values by element id: what each display shows. */
  readonly store: ValueStore;
  /** Hands an element's new raw value on: to the kernel, or (inside a form) nowhere until submit. */
  readonly send: (elementId: string, value: unknown) => void;
  readonly markdown: Markdown;
  /** Run when the drawing is disposed (listeners on the store, timers). */
  readonly cleanup: (() => void)[];
  /** Draws any node (composites draw their children with it). */
  readonly draw: (node: UiNode, env: Env) => HTMLElement;
  /** A DOM id unique in the webview. */
  readonly uid: (hint: string) => string;
  /** Asks the kernel about a table output (`dataTable.ts`); absent where no kernel answers. */
  readonly query?: TableQuery;
}

/** A table's query (a page, or a column's summary) to the kernel holding its data. */
export type TableQuery = (tableId: string, request: unknown) => Promise<unknown>;

let counter = 0;

/** A fresh DOM id; ids are unique across every output of the webview. */
export function uid(hint: string): string {
  counter += 1;
  return `lichen-${hint.replace(/[^A-Za-z0-9_-]/g, "")}-${counter}`;
}

type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

/**
 * `<tag attrs...>children</tag>` in `env.doc`. An attribute that is false, null or undefined is
 * left out; true sets it empty. Strings become text nodes (never HTML).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  env: Pick<Env, "doc">,
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = env.doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(typeof child === "string" ? env.doc.createTextNode(child) : child);
  }
  return el;
}

/** An element holding `html` (trusted: the notebook's own output). */
export function htmlBox(env: Pick<Env, "doc">, tag: "div" | "span", className: string, html: string): HTMLElement {
  const el = h(env, tag, { class: className });
  el.innerHTML = html;
  return el;
}

/**
 * A display of an element: reads its value from the store, follows values other displays set,
 * and sends the values the user gives it.
 */
export class Binding {
  readonly listener: Listener;

  constructor(
    private readonly env: Env,
    readonly id: string,
    private readonly initial: unknown,
    show: (value: unknown) => void,
  ) {
    this.listener = show;
    env.cleanup.push(env.store.watch(id, show));
  }

  get value(): unknown {
    return this.env.store.value(this.id, this.initial);
  }

  /** The user gave the element `value`: record it (other displays follow) and send it on. */
  commit(value: unknown): void {
    this.env.store.set(this.id, value, this.listener);
    this.env.send(this.id, value);
  }
}
