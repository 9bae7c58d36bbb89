// Sliders: `slider` (a number) and `range_slider` ([low, high]), on native range inputs (arrow
// keys, Page Up/Down, Home and End move them). A slider over `steps` moves through positions
// 0..n-1 and sends the step's value. Values are sent as the thumb moves (`input`), unless the
// element debounces (then on release).
import { Binding, h, type Env } from "./env";
import { disable, field, focusKey, formatNumber, plainLabel } from "./fields";
import { boolProp, isNumber, listProp, numberProp, stringProp, type ElementNode, type Props } from "./payload";

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
