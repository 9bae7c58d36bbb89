// Elements over a table of data: `data_editor` (cells edited in place), `dataframe` (transforms
// chosen step by step: filter, sort, select columns, first rows) and `data_explorer` (columns
// chosen for a chart's encodings). Raw values and props are described in the Python modules
// `lichen.runtime.ui.editors` and `lichen.runtime.ui.frames`.
import { Binding, h, type Env } from "./env";
import { field, focusKey } from "./fields";
import { isString, listProp, numberProp, type ElementNode } from "./payload";
import { rawText, specialFloat } from "./tableFormat";

// Cells travel as the tables' cells do (`lichen.runtime.tables.query.cell`): NaN and the
// infinities as `{"special": "NaN"}`, which makes their column a number column.
type Cell = string | number | boolean | null | { special: string };
type Row = readonly Cell[];

const isRow = (x: unknown): x is Row => Array.isArray(x);

/** What was typed in a cell, as a value of the column's kind (numbers stay numbers). */
export function typedCell(text: string, like: readonly Cell[]): Cell {
  const sample = like.find((x) => x !== null);
  if (typeof sample === "number" || specialFloat(sample) !== null) {
    const n = Number(text);
    return text.trim() !== "" && Number.isFinite(n) ? n : text.trim() === "" ? null : text;
  }
  if (typeof sample === "boolean") {
    return text === "true" ? true : text === "false" ? false : text;
  }
  return text;
}

function headRow(env: Env, columns: readonly string[]): HTMLTableRowElement {
  return h(env, "tr", {}, ...columns.map((c) => h(env, "th", { scope: "col" }, c)));
}

// --- data_editor ---------------------------------------------------------------------------------

interface Edit {
  row: number;
  column: string;
  value: Cell;
}

export function dataEditor(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const columns = listProp(props, "columns", isString);
  const rows = listProp(props, "rows", isRow);
  const editable = new Set(listProp(props, "editable_columns", isString));
  const total = numberProp(props, "total_rows") ?? rows.length;
  const table = h(env, "table", { class: "lichen-data-editor" }, h(env, "thead", {}, headRow(env, columns)));
  const body = h(env, "tbody", {});
  table.append(body);
  const inputs = new Map<string, HTMLInputElement>();
  rows.forEach((row, i) => {
    const tr = h(env, "tr", {});
    columns.forEach((column, j) => {
      if (!editable.has(column)) {
        tr.append(h(env, "td", {}, rawText(row[j])));
        return;
      }
      const input = h(env, "input", { type: "text", class: "lichen-cell-input", "aria-label": `${column}, row ${i + 1}` });
      focusKey(input, node.id, `${i}-${column}`);
      inputs.set(`${i}\u0000${column}`, input);
      input.addEventListener("change", () => {
        const value = typedCell(input.value, rows.map((r) => r[j] ?? null));
        const edits = (Array.isArray(binding.value) ? binding.value : []) as Edit[];
        binding.commit([...edits.filter((e) => e.row !== i || e.column !== column), { row: i, column, value }]);
      });
      tr.append(h(env, "td", {}, input));
    });
    body.append(tr);
  });
  const show = (value: unknown): void => {
    const edits = new Map<string, Cell>();
    for (const e of (Array.isArray(value) ? value : []) as Edit[]) {
      edits.set(`${e.row}\u0000${e.column}`, e.value);
    }
    for (const [key, input] of inputs) {
      const [i, column] = key.split("\u0000") as [string, string];
      const original = rows[Number(i)]?.[columns.indexOf(column)] ?? null;
      if (env.doc.activeElement !== input) {
        input.value = rawText(edits.has(key) ? edits.get(key) : original);
      }
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  const note = total > rows.length ? h(env, "div", { class: "lichen-table-note" }, `the first ${rows.length} of ${total} rows can be edited`) : null;
  return field(node, env, undefined, h(env, "div", { class: "lichen-scroll-x" }, table), note);
}

// --- dataframe -----------------------------------------------------------------------------------

type Transform = Record<string, unknown> & { type: string };

const OPERATORS = ["==", "!=", ">", ">=", "<", "<=", "contains", "is_null", "not_null"];

/** A transform as a line of text ("filter a > 1", "sort b descending"). */
export function describeTransform(t: Transform): string {
  switch (t.type) {
    case "filter_rows":
      return `filter ${String(t.column)} ${String(t.operator)}${t.operator === "is_null" || t.operator === "not_null" ? "" : ` ${JSON.stringify(t.value)}`}`;
    case "sort_rows":
      return `sort by ${String(t.column)} ${t.ascending === false ? "descending" : "ascending"}`;
    case "select_columns":
      return `columns ${(Array.isArray(t.columns) ? t.columns : []).join(", ")}`;
    case "head":
      return `first ${String(t.n)} rows`;
    default:
      return t.type;
  }
}

function select(env: Env, label: string, options: readonly string[]): HTMLSelectElement {
  const el = h(env, "select", { "aria-label": label });
  for (const option of options) {
    el.append(h(env, "option", { value: option }, option));
  }
  return el;
}

export function dataframe(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const columns = listProp(props, "columns", isString);
  const rows = listProp(props, "rows", isRow);
  const steps = h(env, "ol", { class: "lichen-transforms", "aria-label": "Transforms" });
  const transforms = (value: unknown): Transform[] => (Array.isArray(value) ? (value as Transform[]) : []);
  const show = (value: unknown): void => {
    steps.replaceChildren(
      ...transforms(value).map((t, i) => {
        const remove = h(env, "button", { type: "button", class: "lichen-button lichen-remove", "aria-label": `Remove ${describeTransform(t)}` }, "×");
        remove.addEventListener("click", () => commit(transforms(binding.value).filter((_, k) => k !== i)));
        return h(env, "li", {}, describeTransform(t), " ", remove);
      }),
    );
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  // This display shows its own changes (the store tells only the others).
  const commit = (next: Transform[]): void => {
    show(next);
    binding.commit(next);
  };
  const add = (t: Transform): void => commit([...transforms(binding.value), t]);

  const kind = select(env, "Transform", ["filter rows", "sort rows", "select columns", "first rows"]);
  focusKey(kind, node.id, "kind");
  const column = select(env, "Column", columns);
  const operator = select(env, "Operator", OPERATORS);
  const value = h(env, "input", { type: "text", "aria-label": "Value", placeholder: "value" });
  const order = select(env, "Order", ["ascending", "descending"]);
  const picked = h(env, "input", { type: "text", "aria-label": "Columns (comma separated)", placeholder: columns.join(", ") });
  const count = h(env, "input", { type: "number", min: 0, step: 1, value: 5, "aria-label": "Rows" });
  const apply = h(env, "button", { type: "button", class: "lichen-button" }, "Add");
  const parts: Record<string, HTMLElement[]> = {
    "filter rows": [column, operator, value],
    "sort rows": [column, order],
    "select columns": [picked],
    "first rows": [count],
  };
  const controls = h(env, "span", { class: "lichen-transform-controls" });
  const layout = (): void => controls.replaceChildren(...(parts[kind.value] ?? []));
  kind.addEventListener("change", layout);
  layout();
  apply.addEventListener("click", () => {
    const j = columns.indexOf(column.value);
    switch (kind.value) {
      case "filter rows":
        add({ type: "filter_rows", column: column.value, operator: operator.value, value: typedCell(value.value, rows.map((r) => r[j] ?? null)) });
        break;
      case "sort rows":
        add({ type: "sort_rows", column: column.value, ascending: order.value === "ascending" });
        break;
      case "select columns": {
        const chosen = picked.value.split(",").map((c) => c.trim()).filter((c) => columns.includes(c));
        if (chosen.length > 0) {
          add({ type: "select_columns", columns: chosen });
        }
        break;
      }
      default:
        add({ type: "head", n: Math.max(0, Math.floor(Number(count.value) || 0)) });
    }
  });
  const preview = h(env, "table", { class: "lichen-data-preview" }, h(env, "thead", {}, headRow(env, columns)),
    h(env, "tbody", {}, ...rows.map((r) => h(env, "tr", {}, ...columns.map((_, j) => h(env, "td", {}, rawText(r[j])))))));
  const total = numberProp(props, "total_rows") ?? rows.length;
  return field(
    node,
    env,
    undefined,
    h(env, "div", { class: "lichen-transform-bar" }, kind, controls, apply),
    steps,
    h(env, "div", { class: "lichen-table-note" }, `the data before its transforms (${rows.length} of ${total} rows):`),
    h(env, "div", { class: "lichen-scroll-x" }, preview),
  );
}

// --- data_explorer -------------------------------------------------------------------------------

export function dataExplorer(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const columns = listProp(props, "columns", isString);
  const encodings = listProp(props, "encodings", isString);
  const selects = new Map<string, HTMLSelectElement>();
  const grid = h(env, "div", { class: "lichen-encodings" });
  for (const encoding of encodings) {
    const id = env.uid(`encoding-${encoding}`);
    const el = h(env, "select", { id }, h(env, "option", { value: "" }, "--"), ...columns.map((c) => h(env, "option", { value: c }, c)));
    focusKey(el, node.id, encoding);
    selects.set(encoding, el);
    grid.append(h(env, "label", { for: id }, encoding), el);
  }
  const show = (value: unknown): void => {
    const chosen = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    for (const [encoding, el] of selects) {
      const c = chosen[encoding];
      el.value = typeof c === "string" && columns.includes(c) ? c : "";
    }
  };
  const binding = new Binding(env, node.id, node.value, show);
  show(binding.value);
  for (const el of selects.values()) {
    el.addEventListener("change", () => {
      const next: Record<string, string | null> = {};
      for (const [encoding, s] of selects) {
        next[encoding] = s.value === "" ? null : s.value;
      }
      binding.commit(next);
    });
  }
  return field(node, env, undefined, grid);
}
