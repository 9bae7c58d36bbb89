// Editors: `code_editor` (a monospace text area that keeps Tab for indenting) and `matrix` (a
// grid of number boxes). Raw values and props are described in the Python modules
// `lichen.runtime.ui.editors` and `lichen.runtime.ui.matrix`.
import { Binding, h, type Env } from "./env";
import { disable, field, focusKey, formatNumber } from "./fields";
import { boolProp, isString, listProp, numberProp, stringProp, type ElementNode, type Props } from "./payload";

/**
 * How an edit is sent, as marimo's `debounce`: false, on every change; true, on blur and
 * Ctrl+Enter; a number, that many milliseconds after the last change.
 */
function sendOn(el: HTMLElement, env: Env, debounce: unknown, send: () => void): void {
  if (debounce === false || debounce === undefined) {
    el.addEventListener("input", send);
  } else if (typeof debounce === "number" && debounce > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    el.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(send, debounce);
    });
    env.cleanup.push(() => clearTimeout(timer));
  }
  el.addEventListener("change", send);
}

export function codeEditor(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const id = env.uid("code");
  const language = stringProp(props, "language") ?? "python";
  const area = h(env, "textarea", {
    id,
    class: "lichen-code-editor",
    spellcheck: "false",
    "data-language": language,
    "aria-label": node.label ? undefined : `${language} code`,
  });
  area.placeholder = stringProp(props, "placeholder") ?? "";
  const min = numberProp(props, "min_height");
  const max = numberProp(props, "max_height");
  area.style.minHeight = min !== null ? `${min}px` : "";
  area.style.maxHeight = max !== null ? `${max}px` : "";
  disable(area, props);
  focusKey(area, node.id);
  const show = (value: unknown): void => {
    if (area.value !== value) {
      area.value = typeof value === "string" ? value : "";
    }
    area.rows = Math.min(Math.max(area.value.split("\n").length, 3), 30);
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  let sent: unknown = binding.value;
  const send = (): void => {
    if (area.value !== sent) {
      sent = area.value;
      binding.commit(area.value);
    }
  };
  sendOn(area, env, props.debounce, send);
  area.addEventListener("keydown", (event) => {
    const e = event as KeyboardEvent;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      send();
    } else if (e.key === "Tab" && !e.shiftKey && !e.altKey) {
      // Tab indents, as in any code editor; Escape then Tab leaves the editor.
      e.preventDefault();
      area.setRangeText("    ", area.selectionStart, area.selectionEnd, "end");
      area.dispatchEvent(new (env.doc.defaultView?.Event ?? Event)("input", { bubbles: true }));
    } else if (e.key === "Escape") {
      area.blur();
    }
  });
  const copy = boolProp(props, "show_copy_button")
    ? h(env, "button", { type: "button", class: "lichen-button lichen-copy", title: "Copy the code" }, "Copy")
    : null;
  copy?.addEventListener("click", () => void env.doc.defaultView?.navigator.clipboard?.writeText(area.value));
  return field(node, env, id, h(env, "div", { class: "lichen-code-box" }, area, copy));
}

// --- matrix --------------------------------------------------------------------------------------

/** The grid's value at (i, j) of a bound that is a number, a grid, or null. */
function cellBound(bound: unknown, i: number, j: number): number | null {
  if (typeof bound === "number") {
    return bound;
  }
  const row = Array.isArray(bound) ? bound[i] : undefined;
  const value = Array.isArray(row) ? row[j] : undefined;
  return typeof value === "number" ? value : null;
}

function cellDisabled(props: Props, i: number, j: number): boolean {
  const disabled = props.disabled;
  if (Array.isArray(disabled)) {
    const row = disabled[i];
    return Array.isArray(row) && row[j] === true;
  }
  return disabled === true;
}

/** The grid after (i, j) is set to `x`; a symmetric matrix sets (j, i) too. */
export function setCell(grid: readonly (readonly number[])[], i: number, j: number, x: number, symmetric: boolean): number[][] {
  const next = grid.map((row) => [...row]);
  next[i]![j] = x;
  if (symmetric && next[j] !== undefined) {
    next[j]![i] = x;
  }
  return next;
}

export function matrix(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const rows = numberProp(props, "rows") ?? 0;
  const columns = numberProp(props, "columns") ?? 0;
  const step = numberProp(props, "step");
  const precision = numberProp(props, "precision");
  const scientific = boolProp(props, "scientific");
  const symmetric = boolProp(props, "symmetric");
  const rowLabels = listProp(props, "row_labels", isString);
  const columnLabels = listProp(props, "column_labels", isString);
  const shown = (x: number): string =>
    scientific ? x.toExponential(precision ?? undefined) : precision !== null ? x.toFixed(precision) : formatNumber(x);
  const grid = h(env, "table", { class: "lichen-matrix", role: "grid" });
  if (columnLabels.length > 0) {
    grid.append(h(env, "tr", {}, rowLabels.length > 0 ? h(env, "th", {}) : null, ...columnLabels.map((c) => h(env, "th", { scope: "col" }, c))));
  }
  const inputs: HTMLInputElement[][] = [];
  for (let i = 0; i < rows; i += 1) {
    const tr = h(env, "tr", {}, rowLabels[i] !== undefined ? h(env, "th", { scope: "row" }, rowLabels[i]!) : null);
    inputs.push([]);
    for (let j = 0; j < columns; j += 1) {
      const input = h(env, "input", {
        type: "number",
        class: "lichen-matrix-cell",
        min: cellBound(props.min_value, i, j),
        max: cellBound(props.max_value, i, j),
        step: step ?? "any",
        "aria-label": `row ${rowLabels[i] ?? i + 1}, column ${columnLabels[j] ?? j + 1}`,
      });
      input.disabled = cellDisabled(props, i, j);
      focusKey(input, node.id, `${i}-${j}`);
      inputs[i]!.push(input);
      tr.append(h(env, "td", {}, input));
    }
    grid.append(tr);
  }
  const current = (value: unknown): number[][] =>
    Array.isArray(value) ? value.map((row) => (Array.isArray(row) ? row.map(Number) : [])) : [];
  const show = (value: unknown): void => {
    const values = current(value);
    inputs.forEach((row, i) =>
      row.forEach((input, j) => {
        const x = values[i]?.[j];
        if (env.doc.activeElement !== input && typeof x === "number") {
          input.value = shown(x);
        }
      }),
    );
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  inputs.forEach((row, i) =>
    row.forEach((input, j) => {
      const typed = (): void => {
        const x = Number(input.value);
        const low = cellBound(props.min_value, i, j);
        const high = cellBound(props.max_value, i, j);
        if (input.value.trim() === "" || !Number.isFinite(x) || (low !== null && x < low) || (high !== null && x > high)) {
          input.setAttribute("aria-invalid", "true");
          return;
        }
        input.removeAttribute("aria-invalid");
        const before = current(binding.value);
        if (before[i]?.[j] === x) {
          return;
        }
        const next = setCell(before, i, j, x, symmetric);
        binding.commit(next);
        if (symmetric && i !== j) {
          inputs[j]![i]!.value = shown(x);
        }
      };
      input.addEventListener(boolProp(props, "debounce") ? "change" : "input", typed);
    }),
  );
  return field(node, env, undefined, grid);
}
