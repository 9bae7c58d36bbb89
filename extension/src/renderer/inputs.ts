// Input elements drawn as native controls (keyboard and screen readers work as they do
// everywhere): slider, range_slider, number, text, text_area, checkbox, switch, dropdown, radio,
// multiselect, date, button, run_button. Their raw values and props are described in the Python
// modules `lichen.runtime.ui.inputs` and `lichen.runtime.ui.buttons`.
//
// Values are sent as the user changes them (on `input`), not only when they let go: the daemon
// coalesces what arrives during a run. Elements made with `debounce` send when the change is
// complete (`change`: release, blur, Enter).
import { Binding, h, type Env } from "./env";
import {
  boolProp,
  isNumber,
  isString,
  listProp,
  numberProp,
  stringProp,
  type ElementNode,
  type Props,
} from "./payload";

/** A labelled element: the wrapper, its label and a line for the kernel's refusals. */
export function field(
  node: ElementNode,
  env: Env,
  controlId: string | undefined,
  ...controls: (Node | null)[]
): HTMLElement {
  const root = h(env, "div", {
    class: `lichen-element lichen-${node.kind}${boolProp(node.props, "full_width") ? " lichen-full-width" : ""}`,
    "data-element-id": node.id,
  });
  if (node.label) {
    const label = h(env, controlId ? "label" : "span", { class: "lichen-label", for: controlId });
    label.innerHTML = env.markdown.renderInline(node.label);
    root.append(label);
  }
  for (const control of controls) {
    if (control !== null) {
      root.append(control);
    }
  }
  root.append(problemLine(node.id, env));
  return root;
}

/** A line that shows why the kernel refused this element's last value, until the next one. */
export function problemLine(id: string, env: Env): HTMLElement {
  const line = h(env, "div", { class: "lichen-problem", role: "alert", hidden: true });
  env.cleanup.push(
    env.store.watchProblems(id, (message) => {
      line.textContent = message ?? "";
      line.hidden = message === undefined;
    }),
  );
  return line;
}

/** Marks the control for focus keeping: a redrawn output gives focus back to the same control. */
function focusKey(el: HTMLElement, id: string, part = "main"): void {
  el.setAttribute("data-focus-key", `${id}:${part}`);
}

function disable(el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | HTMLButtonElement, props: Props): void {
  el.disabled = boolProp(props, "disabled");
}

// --- sliders -------------------------------------------------------------------------------------

/** How a slider's raw numbers map to its range input's positions. */
export interface SliderScale {
  /** The input's own range (positions). */
  min: number;
  max: number;
  step: number;
  /** The raw values at the ends, and between two (for a number box beside the slider). */
  low: number;
  high: number;
  rawStep: number | "any";
  /** The raw value at an input position (the input's `value`). */
  toRaw(position: string): number;
  /** The input position showing a raw value. */
  toPosition(raw: unknown): string;
}

/** A slider's scale: start/stop/step directly, or positions 0..n-1 over the values of `steps`. */
export function sliderScale(props: Props): SliderScale {
  const steps = listProp(props, "steps", isNumber);
  if (props.steps !== null && props.steps !== undefined && steps.length > 0) {
    const last = steps.length - 1;
    return {
      min: 0,
      max: last,
      step: 1,
      low: steps[0]!,
      high: steps[last]!,
      rawStep: "any",
      toRaw: (position) => steps[clamp(Math.round(Number(position)), 0, last)]!,
      toPosition: (raw) => String(closestIndex(steps, typeof raw === "number" ? raw : steps[0]!)),
    };
  }
  const min = numberProp(props, "start") ?? 0;
  const max = numberProp(props, "stop") ?? 100;
  const step = numberProp(props, "step") ?? 1;
  const digits = decimals(step) + decimals(min);
  return {
    min,
    max,
    step,
    low: min,
    high: max,
    rawStep: step,
    toRaw: (position) => roundTo(clamp(Number(position), min, max), digits),
    toPosition: (raw) => String(typeof raw === "number" ? raw : min),
  };
}

export function slider(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const scale = sliderScale(props);
  const id = env.uid("slider");
  const input = rangeInput(env, scale, props, id);
  focusKey(input, node.id);
  const shown = boolProp(props, "show_value") ? h(env, "output", { class: "lichen-value", for: id }) : null;
  const box = boolProp(props, "include_input")
    ? h(env, "input", {
        type: "number",
        class: "lichen-slider-box",
        min: scale.low,
        max: scale.high,
        step: scale.rawStep,
        "aria-label": node.label ? `${plainLabel(node.label)} (value)` : "value",
      })
    : null;
  if (box !== null) {
    focusKey(box, node.id, "box");
  }
  const show = (value: unknown): void => {
    input.value = scale.toPosition(value);
    const raw = scale.toRaw(input.value);
    input.setAttribute("aria-valuetext", formatNumber(raw));
    if (shown !== null) {
      shown.textContent = formatNumber(raw);
    }
    if (box !== null && env.doc.activeElement !== box) {
      box.value = String(raw);
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  const debounce = boolProp(props, "debounce");
  let sent: unknown = binding.value;
  const send = (raw: number): void => {
    if (raw !== sent) {
      sent = raw;
      binding.commit(raw);
    }
  };
  const moved = (final: boolean) => () => {
    const raw = scale.toRaw(input.value);
    show(raw);
    if (final || !debounce) {
      send(raw);
    }
  };
  input.addEventListener("input", moved(false));
  input.addEventListener("change", moved(true));
  if (box !== null) {
    const typed = (final: boolean) => () => {
      const raw = Number(box.value);
      if (box.value === "" || !Number.isFinite(raw) || raw < scale.low || raw > scale.high) {
        box.setAttribute("aria-invalid", "true");
        return;
      }
      box.removeAttribute("aria-invalid");
      input.value = scale.toPosition(raw);
      const snapped = scale.toRaw(input.value);
      if (final || !debounce) {
        show(snapped);
        send(snapped);
      }
    };
    box.addEventListener("input", typed(false));
    box.addEventListener("change", typed(true));
  }
  return field(node, env, id, input, shown, box);
}

export function rangeSlider(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const scale = sliderScale(props);
  const id = env.uid("range");
  const label = node.label ? plainLabel(node.label) : "range";
  const low = rangeInput(env, scale, props, id, `${label}: low end`);
  const high = rangeInput(env, scale, props, undefined, `${label}: high end`);
  focusKey(low, node.id, "low");
  focusKey(high, node.id, "high");
  const shown = boolProp(props, "show_value") ? h(env, "output", { class: "lichen-value" }) : null;
  const pair = (value: unknown): [number, number] =>
    Array.isArray(value) && value.length === 2 ? [Number(value[0]), Number(value[1])] : [scale.low, scale.high];
  const show = (value: unknown): void => {
    const [a, b] = pair(value);
    low.value = scale.toPosition(a);
    high.value = scale.toPosition(b);
    const text = `${formatNumber(scale.toRaw(low.value))} – ${formatNumber(scale.toRaw(high.value))}`;
    if (shown !== null) {
      shown.textContent = text;
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  const debounce = boolProp(props, "debounce");
  let sent = JSON.stringify(pair(binding.value));
  const moved = (which: "low" | "high", final: boolean) => () => {
    let a = scale.toRaw(low.value);
    let b = scale.toRaw(high.value);
    if (a > b) {
      // The thumb moved past the other one: it stops there.
      if (which === "low") {
        a = b;
      } else {
        b = a;
      }
    }
    show([a, b]);
    const text = JSON.stringify([a, b]);
    if ((final || !debounce) && text !== sent) {
      sent = text;
      binding.commit([a, b]);
    }
  };
  low.addEventListener("input", moved("low", false));
  low.addEventListener("change", moved("low", true));
  high.addEventListener("input", moved("high", false));
  high.addEventListener("change", moved("high", true));
  const both = h(env, "span", { class: "lichen-range-pair" }, low, high);
  return field(node, env, id, both, shown);
}

function rangeInput(env: Env, scale: SliderScale, props: Props, id?: string, ariaLabel?: string): HTMLInputElement {
  const vertical = stringProp(props, "orientation") === "vertical";
  const input = h(env, "input", {
    type: "range",
    id,
    min: scale.min,
    max: scale.max,
    step: scale.step,
    "aria-label": ariaLabel,
    "aria-orientation": vertical ? "vertical" : undefined,
    class: vertical ? "lichen-vertical" : undefined,
  });
  disable(input, props);
  return input;
}

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

// --- helpers -------------------------------------------------------------------------------------

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

function closestIndex(values: readonly number[], x: number): number {
  let best = 0;
  values.forEach((v, i) => {
    if (Math.abs(v - x) < Math.abs(values[best]! - x)) {
      best = i;
    }
  });
  return best;
}

function decimals(x: number): number {
  const text = String(x);
  const exp = /e-(\d+)$/.exec(text);
  if (exp) {
    return Number(exp[1]);
  }
  const dot = text.indexOf(".");
  return dot === -1 ? 0 : text.length - dot - 1;
}

/** `x` rounded to `digits` decimals, so that 0.1 + 0.2 is sent as 0.3. */
function roundTo(x: number, digits: number): number {
  return digits > 15 ? x : Number(x.toFixed(digits));
}

export function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

/** A markdown label as plain text (for aria-label). */
function plainLabel(label: string): string {
  return label.replace(/[*_`#>]/g, "").trim();
}
