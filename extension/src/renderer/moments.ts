// Dates and times beyond `date`: `datetime` (one moment, a native datetime-local control) and
// `date_range` (two native date controls). Raw values and props are described in the Python
// module `lichen.runtime.ui.dates`; only complete values in order are sent.
import { Binding, h, type Env } from "./env";
import { disable, field, focusKey } from "./fields";
import { stringProp, type ElementNode } from "./payload";

const PRECISION_STEP: Readonly<Record<string, number>> = { hour: 3600, minute: 60, second: 1 };

/** Whether `text` is a whole moment at `precision` ("YYYY-MM-DDTHH:MM", "...:SS" for seconds). */
export function isMoment(text: string, precision: string): boolean {
  return precision === "second" ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text);
}

export function datetimeInput(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const precision = stringProp(props, "precision") ?? "minute";
  const id = env.uid("datetime");
  const input = h(env, "input", {
    type: "datetime-local",
    id,
    min: stringProp(props, "start"),
    max: stringProp(props, "stop"),
    step: PRECISION_STEP[precision] ?? 60,
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
    // Browsers leave out ":00" seconds: the kernel takes the moment at the element's precision.
    let text = input.value;
    if (precision === "second" && /T\d{2}:\d{2}$/.test(text)) {
      text += ":00";
    }
    if (isMoment(text, precision) && text !== sent) {
      sent = text;
      binding.commit(text);
    }
  };
  input.addEventListener("input", picked);
  input.addEventListener("change", picked);
  return field(node, env, id, input);
}

export function dateRange(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const id = env.uid("date-range");
  const make = (part: "start" | "stop"): HTMLInputElement => {
    const input = h(env, "input", {
      type: "date",
      id: `${id}-${part}`,
      min: stringProp(props, "start"),
      max: stringProp(props, "stop"),
      "aria-label": part === "start" ? "from" : "to",
    });
    disable(input, props);
    focusKey(input, node.id, part);
    return input;
  };
  const from = make("start");
  const to = make("stop");
  const show = (value: unknown): void => {
    const [a, b] = Array.isArray(value) ? value : [];
    from.value = typeof a === "string" ? a : "";
    to.value = typeof b === "string" ? b : "";
    to.min = from.value || (stringProp(props, "start") ?? "");
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  let sent = JSON.stringify(binding.value);
  const picked = (): void => {
    const whole = /^\d{4}-\d{2}-\d{2}$/;
    to.min = from.value || (stringProp(props, "start") ?? "");
    if (!whole.test(from.value) || !whole.test(to.value) || from.value > to.value) {
      return;
    }
    const value = [from.value, to.value];
    if (JSON.stringify(value) !== sent) {
      sent = JSON.stringify(value);
      binding.commit(value);
    }
  };
  for (const input of [from, to]) {
    input.addEventListener("input", picked);
    input.addEventListener("change", picked);
  }
  const pair = h(env, "span", { class: "lichen-date-range" }, from, h(env, "span", { "aria-hidden": "true" }, " – "), to);
  return field(node, env, from.id, pair);
}
