// anywidget elements: the widget's own ES module draws it, through anywidget's front-end contract.
//
// The module (`props.esm`, JavaScript text) is imported once per `moduleHash` in the webview, from
// a blob URL (a data URL where blobs are refused), so nothing is fetched from the network. Its
// widget is the default export (an object, or a function returning one, possibly async) or the
// module's own `render` / `initialize` exports. `initialize({model})` runs once per model,
// `render({model, el})` once per display; either may return a clean-up function.
//
// One model per `props.modelId` (the Python widget) serves every display of it in the webview:
// `get`, `set` (local, tells the listeners), `save_changes` (sends the traits set since the last
// save as `{state, buffers}`, the element's raw value), `send` (a custom message,
// `{message, buffers}`), `on` / `off` ("change:name", "change", "msg:custom"). Listeners a
// display adds are removed when it is disposed. The kernel's messages (`receiveWidgetMessage`:
// traits set in Python, `widget.send`) reach the model whatever display is shown.
import { h, type Env } from "./env";
import { toBase64 } from "./files";
import type { ElementNode } from "./payload";

type Handler = (...args: unknown[]) => void;
type Buffers = [(string | number)[], string][]; // [path, base64]

interface WidgetProps {
  modelId: string;
  esm: string;
  css: string;
  moduleHash: string;
  buffers: Buffers;
}

interface WidgetDefinition {
  initialize?: (args: { model: unknown; experimental: unknown }) => unknown;
  render?: (args: { model: unknown; el: HTMLElement; experimental: unknown }) => unknown;
}

/** A message from the widget's Python object (see `lichen.runtime.ui.widget_comm`). */
export interface WidgetMessage {
  modelId: string;
  state?: Record<string, unknown>;
  message?: unknown;
  buffers?: Buffers;
}

/** Imports an ES module from its text. */
export type ModuleLoader = (source: string) => Promise<Record<string, unknown>>;

const models = new Map<string, WidgetModel>();
const modules = new Map<string, Promise<WidgetDefinition>>();
let loader: ModuleLoader = importFromText;

/** Replaces how modules are imported (tests in Node, which imports data URLs but not blobs). */
export function setModuleLoader(load: ModuleLoader): void {
  loader = load;
  modules.clear();
}

/** Hands a kernel message to the model it names; false when no display of it was drawn here. */
export function receiveWidgetMessage(message: WidgetMessage): boolean {
  const model = models.get(message.modelId);
  model?.receive(message);
  return model !== undefined;
}

/** The kernel's message as a widget's (`{modelId, state | message}`), or undefined when it is not one. */
export function readWidgetMessage(data: unknown): WidgetMessage | undefined {
  if (typeof data !== "object" || data === null) {
    return undefined;
  }
  const { modelId, state } = data as { modelId?: unknown; state?: unknown };
  if (typeof modelId !== "string" || (!("message" in data) && (typeof state !== "object" || state === null))) {
    return undefined;
  }
  return data as WidgetMessage;
}

export function anywidget(node: ElementNode, env: Env): HTMLElement {
  const props = node.props as unknown as WidgetProps;
  const el = h(env, "div", { class: "lichen-anywidget" });
  const box = h(env, "div", { class: "lichen-element lichen-anywidget-box" }, props.css ? h(env, "style", {}, props.css) : null, el);
  let model = models.get(props.modelId);
  if (model === undefined) {
    model = new WidgetModel(withBuffers(node.value, props.buffers));
    models.set(props.modelId, model);
  } else if (typeof node.value === "object" && node.value !== null) {
    // A new output of the same widget: the kernel's state when it was made wins.
    model.receive({ modelId: props.modelId, state: node.value as Record<string, unknown>, buffers: props.buffers });
  }
  const view = model.view((value) => env.send(node.id, value));
  env.cleanup.push(() => view.dispose());
  void show(props, model, view, el, env);
  return box;
}

async function show(props: WidgetProps, model: WidgetModel, view: ModelView, el: HTMLElement, env: Env): Promise<void> {
  try {
    const widget = await definition(props);
    if (widget.initialize !== undefined && !model.initialized.has(props.moduleHash)) {
      model.initialized.add(props.moduleHash);
      model.addCleanup(await widget.initialize({ model: model.api, experimental: EXPERIMENTAL }));
    }
    if (view.disposed) {
      return;
    }
    view.addCleanup(await widget.render?.({ model: view.api, el, experimental: EXPERIMENTAL }));
  } catch (error) {
    const problem = h(env, "div", { class: "lichen-error", role: "alert" });
    problem.textContent = `The widget's module failed: ${error instanceof Error ? error.message : String(error)}`;
    el.replaceChildren(problem);
  }
}

const EXPERIMENTAL = {
  invoke: () => Promise.reject(new Error("anywidget commands (experimental.invoke) are not available in Lichen")),
};

function definition(props: WidgetProps): Promise<WidgetDefinition> {
  let found = modules.get(props.moduleHash);
  if (found === undefined) {
    found = loader(props.esm).then(widgetOf);
    modules.set(props.moduleHash, found);
    found.catch(() => modules.delete(props.moduleHash)); // a later display tries again
  }
  return found;
}

async function widgetOf(module: Record<string, unknown>): Promise<WidgetDefinition> {
  let widget = module.default;
  if (typeof widget === "function") {
    widget = await (widget as () => unknown)();
  }
  if (typeof widget === "object" && widget !== null) {
    return widget as WidgetDefinition;
  }
  if (typeof module.render === "function" || typeof module.initialize === "function") {
    return module as WidgetDefinition;
  }
  throw new Error("it exports no render or initialize function (nor a default export with one)");
}

async function importFromText(source: string): Promise<Record<string, unknown>> {
  const blob = new Blob([source], { type: "text/javascript" });
  const url = URL.createObjectURL(blob);
  try {
    return (await import(/* webpackIgnore: true */ url)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw error;
    }
    return (await import(`data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`)) as Record<string, unknown>;
  } finally {
    URL.revokeObjectURL(url);
  }
}

// --- the model -------------------------------------------------------------------------------------

class WidgetModel {
  readonly initialized = new Set<string>();
  private readonly listeners = new Map<string, Set<Handler>>();
  private readonly dirty = new Set<string>();
  private readonly senders: ((value: unknown) => void)[] = [];
  private readonly cleanups: (() => unknown)[] = [];
  readonly api: Record<string, unknown>;

  constructor(private readonly state: Record<string, unknown>) {
    this.api = this.surface((event, handler) => this.on(event, handler));
  }

  /** The model's methods, with `on` as given (a display's keeps track of its listeners). */
  surface(on: (event: string, handler: Handler) => void): Record<string, unknown> {
    return {
      get: (name: string) => this.state[name],
      set: (name: string, value: unknown) => this.set(name, value),
      save_changes: () => this.save(),
      send: (content: unknown, _callbacks?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]) =>
        this.post({ message: content, ...(buffers?.length ? { buffers: encodeAll(buffers) } : {}) }),
      on,
      off: (event?: string | null, handler?: Handler | null) => this.off(event, handler),
      widget_manager: {
        get_model: () => Promise.reject(new Error("widget references are not available in Lichen")),
      },
    };
  }

  view(sender: (value: unknown) => void): ModelView {
    this.senders.push(sender);
    return new ModelView(this, () => {
      const at = this.senders.lastIndexOf(sender);
      if (at >= 0) {
        this.senders.splice(at, 1);
      }
    });
  }

  addCleanup(cleanup: unknown): void {
    if (typeof cleanup === "function") {
      this.cleanups.push(cleanup as () => unknown);
    }
  }

  on(event: string, handler: Handler): void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(handler);
  }

  off(event?: string | null, handler?: Handler | null): void {
    for (const [name, set] of this.listeners) {
      if (event === undefined || event === null || event === name) {
        if (handler === undefined || handler === null) {
          set.clear();
        } else {
          set.delete(handler);
        }
      }
    }
  }

  receive(message: WidgetMessage): void {
    if (message.state !== undefined) {
      const state = withBuffers(message.state, message.buffers ?? []) as Record<string, unknown>;
      for (const [name, value] of Object.entries(state)) {
        this.state[name] = value;
        this.dirty.delete(name);
        this.emit(`change:${name}`, this.api, value);
      }
      this.emit("change", this.api);
    } else {
      const buffers = (message.buffers ?? []).map(([, data]) => toView(data));
      this.emit("msg:custom", message.message, buffers);
    }
  }

  private set(name: string, value: unknown): void {
    this.state[name] = value;
    this.dirty.add(name);
    this.emit(`change:${name}`, this.api, value);
    this.emit("change", this.api);
  }

  private save(): void {
    if (this.dirty.size === 0) {
      return;
    }
    const changed: Record<string, unknown> = {};
    for (const name of this.dirty) {
      changed[name] = this.state[name];
    }
    this.dirty.clear();
    const [state, buffers] = withoutBuffers(changed);
    this.post({ state, ...(buffers.length ? { buffers } : {}) });
  }

  private post(value: unknown): void {
    this.senders[this.senders.length - 1]?.(value);
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.listeners.get(event) ?? [])]) {
      try {
        handler(...args);
      } catch (error) {
        console.error(`A listener of the widget's ${event} failed`, error);
      }
    }
  }
}

/** One display's hold on the model: its listeners and clean-ups go when it is disposed. */
class ModelView {
  disposed = false;
  readonly api: Record<string, unknown>;
  private readonly added: [string, Handler][] = [];
  private readonly cleanups: (() => unknown)[] = [];

  constructor(
    private readonly model: WidgetModel,
    private readonly release: () => void,
  ) {
    this.api = model.surface((event, handler) => {
      this.added.push([event, handler]);
      model.on(event, handler);
    });
  }

  addCleanup(cleanup: unknown): void {
    if (typeof cleanup === "function") {
      if (this.disposed) {
        void (cleanup as () => unknown)();
      } else {
        this.cleanups.push(cleanup as () => unknown);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.release();
    for (const [event, handler] of this.added.splice(0)) {
      this.model.off(event, handler);
    }
    for (const cleanup of this.cleanups.splice(0)) {
      try {
        void cleanup();
      } catch (error) {
        console.error("A widget's clean-up failed", error);
      }
    }
  }
}

// --- binary values -----------------------------------------------------------------------------------

function withBuffers(state: unknown, buffers: Buffers): Record<string, unknown> {
  const copy = structuredClone((state ?? {}) as Record<string, unknown>);
  for (const [path, data] of buffers) {
    let target: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      target = target[key] as Record<string | number, unknown>;
    }
    target[path[path.length - 1]] = toView(data);
  }
  return copy;
}

function withoutBuffers(state: Record<string, unknown>): [Record<string, unknown>, Buffers] {
  const buffers: Buffers = [];
  const strip = (value: unknown, path: (string | number)[]): unknown => {
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      buffers.push([path, encode(value)]);
      return null;
    }
    if (Array.isArray(value)) {
      return value.map((item, i) => strip(item, [...path, i]));
    }
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v, [...path, k])]));
    }
    return value;
  };
  return [strip(state, []) as Record<string, unknown>, buffers];
}

function toView(base64: string): DataView {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new DataView(bytes.buffer);
}

function encode(value: ArrayBuffer | ArrayBufferView): string {
  return toBase64(value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
}

function encodeAll(buffers: ArrayBuffer[] | ArrayBufferView[]): Buffers {
  return buffers.map((buffer, i) => [[i], encode(buffer)]);
}
