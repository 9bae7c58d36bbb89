// The pure parts of the interactive table (`dataTable.ts`): reading its payload (described in the
// Python package `lichen.runtime.tables`), the sort cycle, cell text, and copying a page.

/** The MIME type of a dataframe's output. */
export { TABLE_MIME } from "../../../shared-protocol/src/protocol";

export type ColumnKind = "integer" | "number" | "string" | "boolean" | "temporal" | "other";

export interface TableColumn {
  name: string;
  dtype: string;
  kind: ColumnKind;
}

/** The answer to a query: rows from `offset` of the `total` rows matching it. */
export interface TablePage {
  offset: number;
  total: number;
  positions: number[];
  rows: unknown[][];
}

export interface TableSpec {
  id: string | null;
  columns: TableColumn[];
  rows: number;
  partial: boolean;
  pageSize: number;
  page: TablePage;
  selection: "multi" | "single" | null;
}

export interface SortKey {
  column: string;
  descending: boolean;
}

export const PAGE_SIZES: readonly number[] = [10, 25, 50, 100];
const KINDS = new Set(["integer", "number", "string", "boolean", "temporal", "other"]);

/** The table payload in `data`; throws an Error saying what is wrong with it. */
export function readSpec(data: unknown): TableSpec {
  if (typeof data !== "object" || data === null) {
    throw new Error("the table output is not a JSON object");
  }
  const d = data as Record<string, unknown>;
  if (d.version !== 1) {
    throw new Error(`the table output has version ${JSON.stringify(d.version)}, and this Lichen draws version 1`);
  }
  const columns = (Array.isArray(d.columns) ? d.columns : []).map((c: unknown): TableColumn => {
    const col = (c ?? {}) as Record<string, unknown>;
    const kind = typeof col.kind === "string" && KINDS.has(col.kind) ? (col.kind as ColumnKind) : "other";
    return { name: String(col.name ?? ""), dtype: String(col.dtype ?? ""), kind };
  });
  const page = readPage(d.page);
  const selection = d.selection === "multi" || d.selection === "single" ? d.selection : null;
  return {
    id: typeof d.id === "string" ? d.id : null,
    columns,
    rows: typeof d.rows === "number" ? d.rows : page.total,
    partial: d.partial === true,
    pageSize: typeof d.page_size === "number" && d.page_size > 0 ? d.page_size : PAGE_SIZES[0]!,
    page,
    selection,
  };
}

/** A PAGE as the kernel sends it; throws when it is not one. */
export function readPage(data: unknown): TablePage {
  const p = (data ?? {}) as Record<string, unknown>;
  if (!Array.isArray(p.rows) || !Array.isArray(p.positions) || typeof p.total !== "number") {
    throw new Error("the table page has no rows");
  }
  return {
    offset: typeof p.offset === "number" ? p.offset : 0,
    total: p.total,
    positions: p.positions.filter((x): x is number => typeof x === "number"),
    rows: p.rows.filter(Array.isArray) as unknown[][],
  };
}

/** The sort after a click on `column`'s header: ascending, then descending, then none. */
export function nextSort(sort: readonly SortKey[], column: string): SortKey[] {
  const current = sort.find((k) => k.column === column);
  if (current === undefined) {
    return [{ column, descending: false }];
  }
  return current.descending ? [] : [{ column, descending: true }];
}

/** How a cell reads: its text, and whether it is a missing value (null) or a special float. */
export interface CellView {
  text: string;
  missing: "null" | "special" | null;
}

const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });
const integerFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** The name of a special float cell (`{"special": "NaN"}`: JSON has no NaN or infinities), or null. */
export function specialFloat(value: unknown): string | null {
  const special = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as { special?: unknown }).special : undefined;
  return typeof special === "string" ? special : null;
}

export function cellView(value: unknown, kind: ColumnKind): CellView {
  if (value === null || value === undefined) {
    return { text: "null", missing: "null" };
  }
  const special = specialFloat(value);
  if (special !== null) {
    return { text: special, missing: "special" };
  }
  if (typeof value === "number") {
    if (kind === "integer") {
      return { text: integerFormat.format(value), missing: null };
    }
    return { text: kind === "number" ? numberFormat.format(value) : String(value), missing: null };
  }
  return { text: typeof value === "string" ? value : JSON.stringify(value), missing: null };
}

/** The value a copied or edited cell holds: numbers in full, missing values empty. */
export function rawText(value: unknown): string {
  if (value === null || value === undefined) {
    return "";
  }
  const special = specialFloat(value);
  if (special !== null) {
    return special;
  }
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : JSON.stringify(value);
}

/** The rows with their header as TSV (`\t`) or CSV (`,`, RFC 4180 quoting). */
export function delimited(columns: readonly TableColumn[], rows: readonly unknown[][], separator: "\t" | ","): string {
  const quote = (text: string): string => {
    if (separator === "\t") {
      return text.replace(/[\t\r\n]+/g, " ");
    }
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map((c) => quote(c.name)), ...rows.map((r) => columns.map((_, i) => quote(rawText(r[i]))))];
  return lines.map((cells) => cells.join(separator)).join("\n") + "\n";
}

/** "1–10 of 1,234": the rows a page shows. */
export function rangeText(page: TablePage): string {
  if (page.total === 0) {
    return "no rows";
  }
  const first = page.offset + 1;
  const last = page.offset + page.rows.length;
  return `${integerFormat.format(first)}–${integerFormat.format(last)} of ${integerFormat.format(page.total)}`;
}

/** A summary of a column (the kernel's answer to `{summary: column}`) as lines of text. */
export function summaryLines(summary: Record<string, unknown>): string[] {
  const show = (v: unknown): string => cellView(v, "number").text;
  const lines = [`${show(summary.count)} values, ${show(summary.nulls)} null`];
  if ("min" in summary) {
    lines.push(`min ${rawText(summary.min)}`, `max ${rawText(summary.max)}`);
  }
  if ("mean" in summary) {
    lines.push(`mean ${show(summary.mean)}`);
  }
  if ("true" in summary) {
    lines.push(`${show(summary.true)} true`);
  }
  if ("unique" in summary) {
    lines.push(`${show(summary.unique)} distinct`);
  }
  if (Array.isArray(summary.top)) {
    for (const pair of summary.top as unknown[]) {
      if (Array.isArray(pair)) {
        lines.push(`${rawText(pair[0])}: ${show(pair[1])}`);
      }
    }
  }
  return lines;
}
