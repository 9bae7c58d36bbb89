// The table element: rows to look at, page by page, and to select (its raw value is the list of
// selected row positions; props in the Python module `lichen.runtime.ui.table`). Each row has a
// check box (multi) or a radio button (single) in its first column, so selecting works from the
// keyboard; clicking anywhere else in a row toggles it too.
import { Binding, h, type Env } from "./env";
import { field } from "./fields";
import { boolProp, isString, listProp, numberProp, stringProp, type ElementNode } from "./payload";

export type Selection = "multi" | "single" | null;

export interface Page {
  /** Positions of the first row shown and one past the last. */
  start: number;
  end: number;
  pages: number;
  page: number;
}

/** The rows page `page` shows (clamped to the pages there are). */
export function pageOf(rowCount: number, pageSize: number, page: number, paginate: boolean): Page {
  if (!paginate || pageSize <= 0) {
    return { start: 0, end: rowCount, pages: 1, page: 0 };
  }
  const pages = Math.max(1, Math.ceil(rowCount / pageSize));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { start: current * pageSize, end: Math.min(rowCount, (current + 1) * pageSize), pages, page: current };
}

/** The selection after the row at `index` is toggled: sorted positions, at most one for "single". */
export function toggleRow(selected: readonly number[], index: number, mode: Selection): number[] {
  if (mode === null) {
    return [];
  }
  const has = selected.includes(index);
  if (mode === "single") {
    return has ? [] : [index];
  }
  const next = has ? selected.filter((i) => i !== index) : [...selected, index];
  return [...new Set(next)].sort((a, b) => a - b);
}

/** The selection after "select all on this page" is ticked (`on`) or cleared. */
export function selectPage(selected: readonly number[], page: Page, on: boolean): number[] {
  const rows = new Set(selected);
  for (let i = page.start; i < page.end; i++) {
    if (on) {
      rows.add(i);
    } else {
      rows.delete(i);
    }
  }
  return [...rows].sort((a, b) => a - b);
}

/** A cell as text: null as an empty cell, the rest as JSON would show it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return "";
  }
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function table(node: ElementNode, env: Env): HTMLElement {
  const { props } = node;
  const columns = listProp(props, "columns", isString);
  const rows = Array.isArray(props.rows) ? (props.rows as unknown[]).filter(Array.isArray) as unknown[][] : [];
  const total = numberProp(props, "total_rows") ?? rows.length;
  const selection = (stringProp(props, "selection") as Selection) ?? null;
  const pageSize = numberProp(props, "page_size") ?? 10;
  const paginate = boolProp(props, "pagination");
  const name = env.uid("table");

  const numeric = columns.map((_, c) => rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number"));
  const align = (c: number): string | undefined => (numeric[c] ? "lichen-number" : undefined);
  const tbody = h(env, "tbody");
  const all =
    selection === "multi" ? h(env, "input", { type: "checkbox", "aria-label": "Select every row of this page" }) : null;
  const head = h(
    env,
    "tr",
    {},
    selection !== null ? h(env, "th", { scope: "col", class: "lichen-select-cell" }, all) : null,
    ...columns.map((name, c) => h(env, "th", { scope: "col", class: align(c) }, name)),
  );
  const tableEl = h(env, "table", { class: "lichen-grid" }, h(env, "thead", {}, head), tbody);
  if (node.label) {
    tableEl.setAttribute("aria-label", node.label);
  }
  const status = h(env, "span", { class: "lichen-table-status", "aria-live": "polite" });
  const previous = h(env, "button", { type: "button", class: "lichen-button lichen-page" }, "Previous");
  const next = h(env, "button", { type: "button", class: "lichen-button lichen-page" }, "Next");
  const pageText = h(env, "span", { class: "lichen-page-text" });
  const pager = h(env, "span", { class: "lichen-pager", hidden: !paginate }, previous, pageText, next);
  const footer = h(env, "div", { class: "lichen-table-footer" }, status, pager);

  let page = 0;
  let selected: number[] = [];
  const render = (): void => {
    const p = pageOf(rows.length, pageSize, page, paginate);
    page = p.page;
    tbody.replaceChildren(...rows.slice(p.start, p.end).map((cells, offset) => row(p.start + offset, cells)));
    pageText.textContent = `Page ${p.page + 1} of ${p.pages}`;
    previous.disabled = p.page === 0;
    next.disabled = p.page >= p.pages - 1;
    const shown = rows.length < total ? `${rows.length} of ${total} rows shown` : `${total} rows`;
    status.textContent = selection === null ? shown : `${shown}, ${selected.length} selected`;
    if (all !== null) {
      const onPage = selected.filter((i) => i >= p.start && i < p.end).length;
      all.checked = onPage > 0 && onPage === p.end - p.start;
      all.indeterminate = onPage > 0 && onPage < p.end - p.start;
    }
  };
  const row = (index: number, cells: unknown[]): HTMLElement => {
    const isSelected = selected.includes(index);
    const tr = h(env, "tr", { "data-row": index, "aria-selected": selection !== null ? String(isSelected) : undefined });
    if (selection !== null) {
      const box = h(env, "input", {
        type: selection === "multi" ? "checkbox" : "radio",
        name,
        "aria-label": `Select row ${index + 1}`,
        "data-focus-key": `${node.id}:row-${index}`,
      });
      box.checked = isSelected;
      box.disabled = boolProp(props, "disabled");
      box.addEventListener("change", () => choose(toggleRow(selected, index, selection)));
      tr.append(h(env, "td", { class: "lichen-select-cell" }, box));
      tr.addEventListener("click", (event) => {
        const target = event.target as HTMLElement | null;
        if (target !== box && target?.closest("a, button, input") === null) {
          choose(toggleRow(selected, index, selection));
        }
      });
    }
    for (let c = 0; c < Math.max(columns.length, cells.length); c++) {
      tr.append(h(env, "td", { class: align(c) }, cellText(cells[c])));
    }
    return tr;
  };
  const show = (value: unknown): void => {
    selected = Array.isArray(value) ? value.filter((i): i is number => typeof i === "number") : [];
    render();
  };
  const binding = new Binding(env, node.id, node.value, show);
  const choose = (next: number[]): void => {
    show(next);
    binding.commit(next);
  };
  all?.addEventListener("change", () => {
    choose(selectPage(selected, pageOf(rows.length, pageSize, page, paginate), all.checked));
  });
  previous.addEventListener("click", () => {
    page -= 1;
    render();
  });
  next.addEventListener("click", () => {
    page += 1;
    render();
  });
  show(binding.value);
  const scroll = h(env, "div", { class: "lichen-table-scroll" }, tableEl);
  return field({ ...node }, env, undefined, scroll, footer);
}
