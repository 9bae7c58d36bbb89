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
/** Code cells' language: Python's grammar, brackets and indentation under an id of Lichen's own,
 * so other Python language servers leave cells alone (`lichen.protocol.CELL_LANGUAGE`). */
export const CELL_LANGUAGE = "lichen-python";
export const MARKDOWN_LANGUAGE = "markdown";

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
  "markdownFile",
] as const;

/**
 * The cells VS Code shows for a parsed notebook: Python code cells, and Markdown cells for the
 * cells the daemon found to be one plain `mo.md("...")` call (their text, rendered at once).
 */
export function toPlainCells(data: NotebookData): PlainCell[] {
  return data.cells.map((cell) => {
    const markdown = typeof cell.markdown === "string";
    return {
      kind: markdown ? "markup" : "code",
      value: markdown ? (cell.markdown as string) : cell.code,
      languageId: markdown ? MARKDOWN_LANGUAGE : CELL_LANGUAGE,
      metadata: { ...(cell.metadata ?? {}) },
    };
  });
}

/** The notebook metadata VS Code keeps for a parsed notebook. */
export function toNotebookMetadata(data: NotebookData): { [key: string]: unknown } {
  return { ...(data.metadata ?? {}) };
}

/**
 * What the daemon needs to write the file: each cell's code (a Markdown cell's text) and the
 * metadata it came with. The daemon writes a Markdown cell as the `md` call it was read from
 * while its text is unchanged, else afresh; cells added in VS Code have no metadata.
 */
export function fromPlainCells(
  cells: readonly PlainCell[],
  notebookMetadata: { readonly [key: string]: unknown } | undefined,
): NotebookData {
  return {
    cells: cells.map(toCellData),
    metadata: pick<NotebookMetadata>(notebookMetadata, NOTEBOOK_KEYS),
  };
}

function toCellData(cell: PlainCell): CellData {
  const metadata = pick<CellMetadata>(cell.metadata, CELL_KEYS);
  if (cell.kind === "markup") {
    return { code: "", markdown: cell.value, metadata };
  }
  return { code: cell.value, metadata };
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
