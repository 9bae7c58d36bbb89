// The notebook as the daemon sends it (`NotebookData`) and as VS Code holds it (cells with
// metadata), converted both ways. Pure: no `vscode` import, so the tests run it in plain Node.
//
// Each cell's `CellMetadata` (name, kind, config and the verbatim text it was read from) is
// stored as the VS Code cell's metadata, and the notebook's `NotebookMetadata` as the notebook's
// metadata; both go back to the daemon untouched on save, so an unedited file is written back
// byte for byte and an edited cell is the only one rewritten.
import type {
  CellConfigData,
  CellData,
  CellMetadata,
  NotebookData,
  NotebookMetadata,
} from "../../shared-protocol/src/protocol";

export const NOTEBOOK_TYPE = "lichen-notebook";
export const CELL_LANGUAGE = "python";

const APP_LINE = /^app\s*(?::\s*[\w.]+\s*)?=\s*(?:marimo|lichen)\.App\s*\(/m;

/** Whether a Python file's text is a notebook: it declares `app = marimo.App(...)` or
 * `app = lichen.App(...)` at the top level. */
export function declaresApp(text: string): boolean {
  return APP_LINE.test(text);
}

/** A VS Code cell without the `vscode` classes: what the serializer builds and reads back. */
export interface PlainCell {
  kind: "code" | "markup";
  value: string;
  languageId: string;
  metadata: { [key: string]: unknown };
}

const CELL_KEYS = ["name", "kind", "config", "source"] as const;
const NOTEBOOK_KEYS = [
  "module",
  "appConfig",
  "header",
  "generatedWith",
  "newline",
  "preamble",
  "trailer",
] as const;

/** The cells VS Code shows for a parsed notebook: every cell is Python code. */
export function toPlainCells(data: NotebookData): PlainCell[] {
  return data.cells.map((cell) => ({
    kind: "code",
    value: cell.code,
    languageId: CELL_LANGUAGE,
    metadata: { ...(cell.metadata ?? {}) },
  }));
}

/** The notebook metadata VS Code keeps for a parsed notebook. */
export function toNotebookMetadata(data: NotebookData): { [key: string]: unknown } {
  return { ...(data.metadata ?? {}) };
}

/**
 * What the daemon needs to write the file: each cell's code and the metadata it came with.
 * Markdown cells (which the file format has no place for) become code cells that render the
 * same text; cells added in VS Code have no metadata and are written as new cells.
 */
export function fromPlainCells(
  cells: readonly PlainCell[],
  notebookMetadata: { readonly [key: string]: unknown } | undefined,
): NotebookData {
  const metadata = pick<NotebookMetadata>(notebookMetadata, NOTEBOOK_KEYS);
  return {
    cells: cells.map((cell) => toCellData(cell, metadata.module ?? "lichen")),
    metadata,
  };
}

function toCellData(cell: PlainCell, module: string): CellData {
  const metadata = pick<CellMetadata>(cell.metadata, CELL_KEYS);
  if (cell.kind === "markup") {
    return { code: markdownCode(cell.value, module), metadata: withoutSource(metadata) };
  }
  return { code: cell.value, metadata };
}

function withoutSource(metadata: CellMetadata): CellMetadata {
  const { source: _source, ...rest } = metadata;
  return rest;
}

/** A code cell that shows `text` as Markdown: `mo.md(...)` in marimo files, `lichen.md(...)` otherwise. */
export function markdownCode(text: string, module: string): string {
  const call = module === "marimo" ? "mo.md" : "lichen.md";
  return `${call}(${pythonStringLiteral(text)})`;
}

/** A Python string literal for `text`: raw triple quotes when possible, else an escaped string. */
export function pythonStringLiteral(text: string): string {
  const rawIsSafe = !text.includes('"""') && !text.endsWith("\\") && !text.endsWith('"');
  if (rawIsSafe) {
    return text.includes("\n") ? `r"""\n${text}\n"""` : `r"""${text}"""`;
  }
  // JSON's escapes (\" \\ \n \t \uXXXX ...) all mean the same in a Python string literal.
  return JSON.stringify(text);
}

/** A cell's configuration with every field filled in. */
export function cellConfig(metadata: { readonly [key: string]: unknown } | undefined): Required<CellConfigData> {
  const config = (metadata?.config ?? {}) as CellConfigData;
  return {
    hideCode: config.hideCode ?? false,
    disabled: config.disabled ?? false,
    column: config.column ?? null,
    extra: config.extra ?? [],
  };
}

/** Cell metadata with some configuration options changed, everything else kept as it was. */
export function withConfig(
  metadata: { readonly [key: string]: unknown } | undefined,
  change: Partial<CellConfigData>,
): { [key: string]: unknown } {
  const config = { ...((metadata?.config ?? {}) as CellConfigData), ...change };
  return { ...(metadata ?? {}), config };
}

function pick<T>(from: { readonly [key: string]: unknown } | undefined, keys: readonly string[]): T {
  const out: { [key: string]: unknown } = {};
  for (const key of keys) {
    if (from !== undefined && from[key] !== undefined) {
      out[key] = from[key];
    }
  }
  return out as T;
}
