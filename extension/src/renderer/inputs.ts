// Input elements drawn as native controls (keyboard and screen readers work as they do
// everywhere): number, text, text_area, date, checkbox, switch, dropdown, radio, multiselect,
// button, run_button (sliders are in `sliders.ts`). Their raw values and props are described in
// the Python modules `lichen.runtime.ui.inputs` and `lichen.runtime.ui.buttons`.
//
// Values are sent as the user changes them (on `input`), not only when they let go: the daemon
// coalesces what arrives during a run. Elements made with `debounce` send when the change is
// complete (`change`: blur, Enter).
import { Binding, h, type Env } from "./env";
import { disable, field, focusKey } from "./fields";
import { boolProp, isString, listProp, numberProp, stringProp, type ElementNode } from "./payload";

// --- numbers, text and dates ---------------------------------------------------------------------

export function numberInput(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const start = numberProp(props, "start");
  const stop = numberProp(props, "stop");
  const step = numberProp(props, "step");
  const id = env.uid("number");
  const input = h(env, "input", { type: "number", id, min: start, max: stop, step: step ?? "any" });
  disable(input, props);
  focusKey(input, node.id);
  const show = (value: unknown): void => {
    if (env.doc.activeElement !== input || Number(input.value) !== value) {
      input.value = typeof value === "number" ? String(value) : "";
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  const debounce = boolProp(props, "debounce");
  let sent: unknown = binding.value;
  const typed = (final: boolean) => () => {
    const raw = parseNumber(input.value, start, stop);
    if (raw === undefined) {
      input.setAttribute("aria-invalid", "true");
      return;
    }
    input.removeAttribute("aria-invalid");
    if ((final || !debounce) && raw !== sent) {
      sent = raw;
      binding.commit(raw);
    }
  };
  input.addEventListener("input", typed(false));
  input.addEventListener("change", typed(true));
  return field(node, env, id, input);
}

/** A number box's text as a raw value: null when empty, undefined when not a number in range. */
export function parseNumber(text: string, start: number | null, stop: number | null): number | null | undefined {
  if (text.trim() === "") {
    return null;
  }
  const n = Number(text);
  if (!Number.isFinite(n) || (start !== null && n < start) || (stop !== null && n > stop)) {
    return undefined;
  }
  return n;
}

export function textInput(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const id = env.uid(node.kind);
  const area = node.kind === "text_area";
  const input = area
    ? h(env, "textarea", { id, rows: numberProp(props, "rows") ?? 4 })
    : h(env, "input", { id, type: stringProp(props, "input_kind") ?? "text" });
  input.placeholder = stringProp(props, "placeholder") ?? "";
  const maxLength = numberProp(props, "max_length");
  if (maxLength !== null) {
    input.maxLength = maxLength;
  }
  disable(input, props);
  focusKey(input, node.id);
  const show = (value: unknown): void => {
    if (input.value !== value) {
      input.value = typeof value === "string" ? value : "";
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  let sent: unknown = binding.value;
  const send = (): void => {
    if (input.value !== sent) {
      sent = input.value;
      binding.commit(input.value);
    }
  };
  const debounce = props.debounce;
  if (debounce === false) {
    input.addEventListener("input", send);
  } else if (typeof debounce === "number" && debounce > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(send, debounce);
    });
    env.cleanup.push(() => clearTimeout(timer));
  }
  input.addEventListener("change", send);
  input.addEventListener("keydown", (event) => {
    const e = event as KeyboardEvent;
    // Enter sends a line of text; in a text area, Ctrl+Enter (or Cmd+Enter) does.
    if (e.key === "Enter" && (!area || e.ctrlKey || e.metaKey)) {
      send();
    }
  });
  return field(node, env, id, input);
}

export function dateInput(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const id = env.uid("date");
  const input = h(env, "input", {
    type: "date",
    id,
    min: stringProp(props, "start"),
    max: stringProp(props, "stop"),
  });
  disable(input, props);
  focusKey(input, node.id);
  const show = (value: unknown): void => {
    input.value = typeof value === "string" ? value : "";
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  let sent: unknown = binding.value;
  const picked = (): void => {
    // A date being typed is empty until complete; only whole dates are sent.
    if (/^\d{4}-\d{2}-\d{2}$/.test(input.value) && input.value !== sent) {
      sent = input.value;
      binding.commit(input.value);
    }
  };
  input.addEventListener("input", picked);
  input.addEventListener("change", picked);
  return field(node, env, id, input);
}

// --- booleans ------------------------------------------------------------------------------------

export function checkbox(node: ElementNode, env: Env): HTMLElement {
  const id = env.uid(node.kind);
  const isSwitch = node.kind === "switch";
  const input = h(env, "input", { type: "checkbox", id, role: isSwitch ? "switch" : undefined });
  disable(input, node.props);
  focusKey(input, node.id);
  const show = (value: unknown): void => {
    input.checked = value === true;
    if (isSwitch) {
      input.setAttribute("aria-checked", String(input.checked));
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  input.addEventListener("change", () => {
    show(input.checked);
    binding.commit(input.checked);
  });
  // The box comes first, then its label, as people expect of a checkbox.
  const root = field({ ...node, label: "" }, env, id, input);
  if (node.label) {
    const label = h(env, "label", { class: "lichen-label lichen-label-after", for: id });
    label.innerHTML = env.markdown.renderInline(node.label);
    input.after(label);
  }
  return root;
}

// --- choices -------------------------------------------------------------------------------------

export function dropdown(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const options = listProp(props, "options", isString);
  const id = env.uid("dropdown");
  const select = h(env, "select", { id });
  disable(select, props);
  focusKey(select, node.id);
  const none = h(env, "option", { value: "", class: "lichen-none" }, "--");
  if (boolProp(props, "allow_select_none") || node.value === null) {
    select.append(none);
  }
  for (const option of options) {
    select.append(h(env, "option", { value: option }, option));
  }
  const show = (value: unknown): void => {
    if (value === null && !none.isConnected) {
      select.prepend(none);
    }
    select.value = typeof value === "string" && options.includes(value) ? value : "";
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  let sent: unknown = binding.value;
  const chosen = (): void => {
    const value = select.value === "" ? null : select.value;
    if (value !== sent) {
      sent = value;
      binding.commit(value);
    }
  };
  select.addEventListener("input", chosen);
  select.addEventListener("change", chosen);
  return field(node, env, id, select);
}

export function radio(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const options = listProp(props, "options", isString);
  const name = env.uid("radio");
  const group = h(env, "div", {
    class: `lichen-choices${boolProp(props, "inline") ? " lichen-inline" : ""}`,
    role: "radiogroup",
  });
  const inputs = options.map((option, i) => {
    const id = `${name}-${i}`;
    const input = h(env, "input", { type: "radio", id, name, value: option });
    disable(input, props);
    focusKey(input, node.id, `option-${i}`);
    group.append(h(env, "span", { class: "lichen-choice" }, input, h(env, "label", { for: id }, option)));
    return input;
  });
  const show = (value: unknown): void => {
    for (const input of inputs) {
      input.checked = input.value === value;
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  for (const input of inputs) {
    input.addEventListener("change", () => {
      if (input.checked) {
        binding.commit(input.value);
      }
    });
  }
  return choiceGroup(node, env, group);
}

export function multiselect(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const options = listProp(props, "options", isString);
  const most = numberProp(props, "max_selections");
  const name = env.uid("multiselect");
  const group = h(env, "div", { class: "lichen-choices lichen-scroll", role: "group" });
  const inputs = options.map((option, i) => {
    const id = `${name}-${i}`;
    const input = h(env, "input", { type: "checkbox", id, value: option });
    focusKey(input, node.id, `option-${i}`);
    group.append(h(env, "span", { class: "lichen-choice" }, input, h(env, "label", { for: id }, option)));
    return input;
  });
  const limit = (): void => {
    const full = most !== null && inputs.filter((i) => i.checked).length >= most;
    for (const input of inputs) {
      input.disabled = boolProp(props, "disabled") || (full && !input.checked);
    }
  };
  const show = (value: unknown): void => {
    const chosen = new Set(Array.isArray(value) ? value : []);
    for (const input of inputs) {
      input.checked = chosen.has(input.value);
    }
    limit();
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  for (const input of inputs) {
    input.addEventListener("change", () => {
      limit();
      binding.commit(inputs.filter((i) => i.checked).map((i) => i.value));
    });
  }
  return choiceGroup(node, env, group);
}

/** Radio buttons and check boxes: a group named by the element's label. */
function choiceGroup(node: ElementNode, env: Env, group: HTMLElement): HTMLElement {
  const root = field({ ...node, label: "" }, env, undefined, group);
  if (node.label) {
    const label = h(env, "span", { class: "lichen-label", id: env.uid("group-label") });
    label.innerHTML = env.markdown.renderInline(node.label);
    group.setAttribute("aria-labelledby", label.id);
    root.prepend(label);
  }
  return root;
}

// --- buttons -------------------------------------------------------------------------------------

/** button and run_button: each click sends the click count so far, plus one. */
export function button(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const kind = stringProp(props, "button_kind") ?? "neutral";
  const el = h(env, "button", {
    type: "button",
    class: `lichen-button lichen-button-${kind}`,
    title: stringProp(props, "tooltip"),
  });
  el.innerHTML = env.markdown.renderInline(node.label || "click here");
  disable(el, props);
  focusKey(el, node.id);
  const binding = new Binding(env, node.id, node.value, () => undefined);
  el.addEventListener("click", () => {
    const clicks = typeof binding.value === "number" ? binding.value : 0;
    binding.commit(clicks + 1);
  });
  const root = field({ ...node, label: "" }, env, undefined, el);
  const shortcut = stringProp(props, "keyboard_shortcut");
  if (shortcut !== null) {
    el.setAttribute("aria-keyshortcuts", shortcut.replace(/-/g, "+"));
  }
  return root;
}
