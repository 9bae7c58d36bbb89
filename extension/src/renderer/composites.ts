// Elements made of elements (their raw values and props are described in the Python module
// `lichen.runtime.ui.composite`): array, dictionary and batch draw their children, which send
// their own values with their own ids; a form keeps its children's changes to itself until it is
// submitted, then sends its own id with the child's raw value; tabs send the label shown.
import { Binding, h, type Env } from "./env";
import { field, problemLine } from "./fields";
import { tabsWidget } from "./layout";
import { boolProp, isString, listProp, stringProp, type ElementNode, type UiNode } from "./payload";
import { ValueStore } from "./values";

export function array(node: ElementNode, env: Env): HTMLElement {
  const items = (node.children ?? []).map((child) => h(env, "div", { class: "lichen-item" }, env.draw(child, env)));
  return field(node, env, undefined, h(env, "div", { class: "lichen-array" }, ...items));
}

export function dictionary(node: ElementNode, env: Env): HTMLElement {
  const keys = listProp(node.props, "keys", isString);
  const rows = (node.children ?? []).map((child, i) =>
    h(
      env,
      "div",
      { class: "lichen-entry" },
      h(env, "span", { class: "lichen-key" }, keys[i] ?? ""),
      h(env, "div", { class: "lichen-item" }, env.draw(child, env)),
    ),
  );
  return field(node, env, undefined, h(env, "div", { class: "lichen-dictionary" }, ...rows));
}

/** Elements in markdown or HTML: the text (its one child) with the elements in its slots. */
export function batch(node: ElementNode, env: Env): HTMLElement {
  const template = node.children?.[0];
  return field(node, env, undefined, template ? env.draw(template, env) : null);
}

/**
 * The raw value of an element as its displays in `store` hold it: composites are made of their
 * children's (what a form submits).
 */
export function collect(node: UiNode, store: ValueStore): unknown {
  if (node.type !== "element") {
    return null;
  }
  const children = node.children ?? [];
  switch (node.kind) {
    case "array":
      return children.map((child) => collect(child, store));
    case "dictionary": {
      const keys = listProp(node.props, "keys", isString);
      return Object.fromEntries(keys.map((key, i) => [key, children[i] ? collect(children[i]!, store) : null]));
    }
    case "batch":
      return collectBatch(node, store);
    default:
      return store.value(node.id, node.value);
  }
}

/**
 * A batch's raw value: its keys with the values of the elements in its text. The text does not
 * say which slot is which key; the elements appear in it in the order of the keys (as
 * `md("{a} {b}").batch(a=..., b=...)` writes them), which is the order used. Keys whose element
 * cannot be placed keep the batch's own value.
 */
function collectBatch(node: ElementNode, store: ValueStore): Record<string, unknown> {
  const keys = listProp(node.props, "keys", isString);
  const own = (typeof node.value === "object" && node.value !== null ? node.value : {}) as Record<string, unknown>;
  const template = node.children?.[0];
  const slots = template && (template.type === "markdown" || template.type === "html") ? template.slots : [];
  const elements = slots.filter((slot): slot is ElementNode => slot.type === "element");
  const value: Record<string, unknown> = { ...own };
  if (elements.length === keys.length) {
    keys.forEach((key, i) => {
      value[key] = collect(elements[i]!, store);
    });
  }
  return value;
}

export function form(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const child = node.children?.[0];
  const body = h(env, "div", { class: "lichen-form-body" });
  let local = new ValueStore();
  let cleanup: (() => void)[] = [];
  const drawChild = (): void => {
    cleanup.forEach((dispose) => dispose());
    local = new ValueStore();
    cleanup = [];
    // The child's changes stay in this form until it is submitted.
    const inner: Env = { ...env, store: local, send: () => undefined, cleanup };
    body.replaceChildren(...(child ? [env.draw(child, inner)] : []));
  };
  env.cleanup.push(() => cleanup.forEach((dispose) => dispose()));
  drawChild();

  const loading = boolProp(props, "loading");
  const submit = h(
    env,
    "button",
    {
      type: "submit",
      class: "lichen-button lichen-button-primary",
      title: stringProp(props, "submit_button_tooltip"),
      "data-focus-key": `${node.id}:submit`,
    },
    stringProp(props, "submit_button_label") ?? "Submit",
  );
  submit.disabled = boolProp(props, "submit_button_disabled") || loading;
  const clear = boolProp(props, "show_clear_button")
    ? h(
        env,
        "button",
        { type: "button", class: "lichen-button", title: stringProp(props, "clear_button_tooltip") },
        stringProp(props, "clear_button_label") ?? "Clear",
      )
    : null;
  clear?.addEventListener("click", drawChild);

  const binding = new Binding(env, node.id, node.value, () => undefined);
  const el = h(
    env,
    "form",
    {
      class: `lichen-element lichen-form${boolProp(props, "bordered") ? " lichen-bordered" : ""}`,
      "data-element-id": node.id,
      "aria-busy": loading ? "true" : undefined,
      novalidate: true,
    },
    body,
    h(env, "div", { class: "lichen-form-actions" }, clear, submit),
    problemLine(node.id, env),
  );
  if (node.label) {
    const label = h(env, "div", { class: "lichen-label" });
    label.innerHTML = env.markdown.renderInline(node.label);
    el.prepend(label);
  }
  el.addEventListener("submit", (event) => {
    event.preventDefault();
    if (child === undefined) {
      return;
    }
    binding.commit(collect(child, local));
    if (boolProp(props, "clear_on_submit")) {
      drawChild();
    }
  });
  return el;
}

/** The tabs element: its value is the label of the tab shown. */
export function tabsElement(node: ElementNode, env: Env): HTMLElement {
  const labels = listProp(node.props, "labels", isString);
  const panels = (node.children ?? []).map((child) => env.draw(child, env));
  let binding: Binding | undefined;
  const widget = tabsWidget(env, labels, panels, 0, (i) => binding?.commit(labels[i]));
  binding = new Binding(env, node.id, node.value, (value) => widget.select(Math.max(0, labels.indexOf(String(value)))));
  widget.select(Math.max(0, labels.indexOf(String(binding.value))));
  return field(node, env, undefined, widget.root);
}
