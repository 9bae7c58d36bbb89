// The interactive table of a dataframe output (`application/vnd.lichen.table+json`) and of the
// table element: column names with their dtypes, row and column counts, pages of 10/25/50/100
// rows, sorting by a click on a header (ascending, descending, off), a search box, column
// summaries, and copying the page as TSV or CSV. Pages, sorts, searches and summaries are
// queries the kernel answers on the live data (`env.query`), so only the page shown travels.
// When nothing answers (the kernel restarted, the notebook ran as a script), the page the
// output came with stays, marked as a snapshot.
import { TableQueryError } from "../uiMessages";
import { h, type Env } from "./env";
import {
  cellView,
  delimited,
  nextSort,
  PAGE_SIZES,
  rangeText,
  readPage,
  summaryLines,
  type SortKey,
  type TablePage,
  type TableSpec,
} from "./tableFormat";

/** How a table element's selection rides on the table (positions are rows of the data). */
export interface TableSelection {
  mode: "multi" | "single";
  selected(): readonly number[];
  toggle(position: number): void;
  setPage(positions: readonly number[], on: boolean): void;
  focusKey: string;
  disabled: boolean;
}

export interface DataTable {
  root: HTMLElement;
  /** Draws the selection again (it changed elsewhere). */
  refresh(): void;
}

const SEARCH_DELAY_MS = 200;

export function dataTable(spec: TableSpec, env: Env, selection?: TableSelection): DataTable {
  let sort: SortKey[] = [];
  let search = "";
  let pageSize = spec.pageSize;
  let page: TablePage = spec.page;
  let asked = 0; // the newest query: older answers are dropped
  const live = spec.id !== null && env.query !== undefined;

  const searchBox = h(env, "input", { type: "search", class: "lichen-table-search", placeholder: "Search", "aria-label": "Search the rows", disabled: !live });
  const counts = h(env, "span", { class: "lichen-table-counts" }, countsText(spec));
  const copyTsv = h(env, "button", { type: "button", class: "lichen-button", title: "Copy this page as tab-separated values" }, "Copy TSV");
  const copyCsv = h(env, "button", { type: "button", class: "lichen-button", title: "Copy this page as comma-separated values" }, "Copy CSV");
  const toolbar = h(env, "div", { class: "lichen-table-toolbar" }, searchBox, counts, copyTsv, copyCsv);

  const all = selection?.mode === "multi" ? h(env, "input", { type: "checkbox", "aria-label": "Select every row of this page" }) : null;
  const headRow = h(env, "tr", {}, selection ? h(env, "th", { scope: "col", class: "lichen-select-cell" }, all) : null);
  const headers = spec.columns.map((column, c) => {
    const sortButton = h(
      env,
      "button",
      { type: "button", class: "lichen-sort", disabled: !live, title: `Sort by ${column.name}` },
      h(env, "span", { class: "lichen-column-name" }, column.name),
      h(env, "span", { class: "lichen-dtype" }, column.dtype),
      h(env, "span", { class: "lichen-sort-mark", "aria-hidden": "true" }),
    );
    const menu = h(env, "button", { type: "button", class: "lichen-column-menu", disabled: !live, "aria-label": `Summary of ${column.name}`, title: "Column summary" }, "⋯");
    const th = h(env, "th", { scope: "col", class: classes(column.kind, c), "aria-sort": "none" }, sortButton, menu);
    sortButton.addEventListener("click", () => {
      sort = nextSort(sort, column.name);
      ask(0);
    });
    menu.addEventListener("click", () => void summarize(column.name));
    headRow.append(th);
    return th;
  });
  const tbody = h(env, "tbody");
  const grid = h(env, "table", { class: "lichen-grid lichen-data" }, h(env, "thead", {}, headRow), tbody);
  const scroll = h(env, "div", { class: "lichen-table-scroll" }, grid);
  const summary = h(env, "div", { class: "lichen-table-summary", hidden: true, role: "status" });

  const status = h(env, "span", { class: "lichen-table-status", "aria-live": "polite" });
  const sizes = h(env, "select", { class: "lichen-page-size", "aria-label": "Rows per page", disabled: !live });
  for (const size of new Set([...PAGE_SIZES, spec.pageSize].sort((a, b) => a - b))) {
    const option = h(env, "option", { value: size }, `${size} rows`);
    option.selected = size === spec.pageSize;
    sizes.append(option);
  }
  const first = h(env, "button", { type: "button", class: "lichen-button lichen-page", "aria-label": "First page" }, "«");
  const previous = h(env, "button", { type: "button", class: "lichen-button lichen-page" }, "Previous");
  const pageText = h(env, "span", { class: "lichen-page-text" });
  const next = h(env, "button", { type: "button", class: "lichen-button lichen-page" }, "Next");
  const last = h(env, "button", { type: "button", class: "lichen-button lichen-page", "aria-label": "Last page" }, "»");
  const pager = h(env, "span", { class: "lichen-pager" }, sizes, first, previous, pageText, next, last);
  const footer = h(env, "div", { class: "lichen-table-footer" }, status, pager);
  const note = h(env, "div", { class: "lichen-table-note", role: "note", hidden: live });
  note.textContent = live ? "" : snapshotText(spec);

  const root = h(env, "div", { class: "lichen-datatable" }, toolbar, scroll, summary, footer, note);

  const pages = (): number => Math.max(1, Math.ceil(page.total / pageSize));
  const current = (): number => Math.floor(page.offset / pageSize);

  const draw = (): void => {
    tbody.replaceChildren(...page.rows.map((cells, i) => row(page.positions[i] ?? page.offset + i, cells)));
    headers.forEach((th, i) => {
      const key = sort.find((k) => k.column === spec.columns[i]!.name);
      th.setAttribute("aria-sort", key === undefined ? "none" : key.descending ? "descending" : "ascending");
      th.querySelector(".lichen-sort-mark")!.textContent = key === undefined ? "" : key.descending ? "▼" : "▲";
    });
    pageText.textContent = `Page ${current() + 1} of ${pages()}`;
    const stuck = !live;
    first.disabled = previous.disabled = stuck || current() === 0;
    next.disabled = last.disabled = stuck || current() >= pages() - 1;
    const shown = rangeText(page) + (search ? ` matching “${search}”` : "");
    const picked = selection ? `, ${selection.selected().length} selected` : "";
    status.textContent = shown + picked;
    if (all !== null && selection) {
      const chosen = new Set(selection.selected());
      const on = page.positions.filter((p) => chosen.has(p)).length;
      all.checked = on > 0 && on === page.positions.length;
      all.indeterminate = on > 0 && on < page.positions.length;
      all.disabled = selection.disabled;
    }
  };

  const row = (position: number, cells: unknown[]): HTMLElement => {
    const chosen = selection?.selected().includes(position) ?? false;
    const tr = h(env, "tr", { "data-row": position, "aria-selected": selection ? String(chosen) : undefined });
    if (selection) {
      const box = h(env, "input", {
        type: selection.mode === "multi" ? "checkbox" : "radio",
        "aria-label": `Select row ${position + 1}`,
        "data-focus-key": `${selection.focusKey}:row-${position}`,
      });
      box.checked = chosen;
      box.disabled = selection.disabled;
      box.addEventListener("change", () => selection.toggle(position));
      tr.append(h(env, "td", { class: "lichen-select-cell" }, box));
      tr.addEventListener("click", (event) => {
        const target = event.target as HTMLElement | null;
        if (!selection.disabled && target !== box && target?.closest("a, button, input") === null) {
          selection.toggle(position);
        }
      });
    }
    spec.columns.forEach((column, i) => {
      const view = cellView(cells[i], column.kind);
      const missing = view.missing ? ` lichen-missing lichen-${view.missing}` : "";
      tr.append(h(env, "td", { class: `${classes(column.kind, i)}${missing}`.trim() || undefined }, view.text));
    });
    return tr;
  };

  /** Asks the kernel for the page at `offset` under the current sort and search. */
  const ask = (offset: number): void => {
    if (!live) {
      return;
    }
    const mine = ++asked;
    root.setAttribute("aria-busy", "true");
    env.query!(spec.id!, { sort, search, offset, limit: pageSize }).then(
      (answer) => {
        if (mine === asked) {
          page = readPage(answer);
          note.hidden = true;
          draw();
        }
      },
      (error: unknown) => {
        if (mine === asked) {
          showProblem(error);
        }
      },
    ).finally(() => {
      if (mine === asked) {
        root.removeAttribute("aria-busy");
      }
    });
  };

  const summarize = async (column: string): Promise<void> => {
    if (!live) {
      return;
    }
    if (!summary.hidden && summary.getAttribute("data-column") === column) {
      summary.hidden = true;
      return;
    }
    try {
      const answer = (await env.query!(spec.id!, { summary: column })) as Record<string, unknown>;
      summary.replaceChildren(h(env, "strong", {}, column), ...summaryLines(answer).map((line) => h(env, "div", {}, line)));
      summary.setAttribute("data-column", column);
      summary.hidden = false;
    } catch (error) {
      showProblem(error);
    }
  };

  const showProblem = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    const isGone = error instanceof TableQueryError && error.gone;
    note.textContent = isGone ? snapshotText(spec) : `The kernel could not answer: ${message}`;
    note.hidden = false;
  };

  let typing: ReturnType<typeof setTimeout> | undefined;
  searchBox.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      search = searchBox.value;
      ask(0);
    }, SEARCH_DELAY_MS);
  });
  env.cleanup.push(() => clearTimeout(typing));
  sizes.addEventListener("change", () => {
    pageSize = Number(sizes.value);
    ask(Math.floor(page.offset / pageSize) * pageSize);
  });
  first.addEventListener("click", () => ask(0));
  previous.addEventListener("click", () => ask(Math.max(0, (current() - 1) * pageSize)));
  next.addEventListener("click", () => ask((current() + 1) * pageSize));
  last.addEventListener("click", () => ask((pages() - 1) * pageSize));
  all?.addEventListener("change", () => selection?.setPage(page.positions, all.checked));
  const copy = (separator: "\t" | ","): void => {
    void navigator.clipboard?.writeText(delimited(spec.columns, page.rows, separator));
  };
  copyTsv.addEventListener("click", () => copy("\t"));
  copyCsv.addEventListener("click", () => copy(","));

  draw();
  return { root, refresh: draw };
}

function numeric(kind: string): boolean {
  return kind === "integer" || kind === "number";
}

/** A cell's classes: numbers right-aligned; the first column kept in view when scrolling sideways. */
function classes(kind: string, column: number): string {
  return `${numeric(kind) ? "lichen-number" : ""}${column === 0 ? " lichen-key" : ""}`.trim();
}

function countsText(spec: TableSpec): string {
  const rows = spec.rows.toLocaleString("en-US");
  const columns = spec.columns.length.toLocaleString("en-US");
  return `${spec.partial ? "first " : ""}${rows} rows × ${columns} column${spec.columns.length === 1 ? "" : "s"}`;
}

function snapshotText(spec: TableSpec): string {
  return spec.id === null
    ? "A snapshot: nothing in a kernel answers for this table, so it shows the rows it came with."
    : "A snapshot: the kernel that made this table is gone (restarted or closed). Run the cell again to page, sort and search it.";
}
