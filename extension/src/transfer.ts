// Lichen: Export As... and Lichen: Import Notebook...: the daemon converts (`lichen/exportNotebook`,
// `lichen/importNotebook`, the readers and writers of `lichen export` and `lichen convert`); this
// file asks the user what and where, and reads and writes the files. An export takes the notebook
// as the editor holds it, unsaved edits and the outputs shown now included.
import * as path from "node:path";
import * as vscode from "vscode";
import { ErrorCodes, type ExportParams, type ImportResult } from "../../shared-protocol/src/protocol";
import { Methods, request } from "./client";
import type { Ctx } from "./ctx";
import { errorCode, sentence, UserFacingError } from "./log";
import { fromPlainCells, NOTEBOOK_TYPE } from "./notebookData";
import { shownOutputs } from "./shownOutputs";

type ExportFormat = ExportParams["format"];

interface FormatChoice extends vscode.QuickPickItem {
  format: ExportFormat;
  extension: string;
  filter: string;
}

const FORMATS: FormatChoice[] = [
  { label: "Jupyter Notebook (.ipynb)", detail: "Each cell with the outputs it shows now", format: "ipynb", extension: ".ipynb", filter: "Jupyter Notebook" },
  { label: "HTML Page (.html)", detail: "One self-contained page of the outputs shown now; opens offline", format: "html", extension: ".html", filter: "HTML" },
  { label: "marimo Markdown (.md)", detail: "marimo's markdown notebook format, without outputs", format: "md", extension: ".md", filter: "Markdown" },
  { label: "Python Script (.py)", detail: "The cells in run order, runnable with python", format: "script", extension: ".script.py", filter: "Python" },
];

const IMPORT_FILTERS = { Notebooks: ["ipynb", "md", "qmd", "html", "py"] };

/** Asks for a format and a file, and writes the notebook (`notebook`) there in that format. */
export async function exportAs(ctx: Ctx, notebook: vscode.NotebookDocument, format?: ExportFormat): Promise<void> {
  const choice = format !== undefined ? FORMATS.find((f) => f.format === format) : await vscode.window.showQuickPick(FORMATS, {
    title: "Export the notebook as",
  });
  if (choice === undefined) {
    return;
  }
  const stem = path.basename(notebook.uri.path).replace(/\.[^.]*$/, "");
  const target = await vscode.window.showSaveDialog({
    title: `Export as ${choice.label}`,
    saveLabel: "Export",
    defaultUri: vscode.Uri.joinPath(notebook.uri, "..", stem + choice.extension),
    filters: { [choice.filter]: [choice.extension.slice(choice.extension.lastIndexOf(".") + 1)] },
  });
  if (target === undefined) {
    return;
  }
  const cells = notebook.getCells();
  const data = fromPlainCells(
    cells.map((cell) => ({
      kind: cell.kind === vscode.NotebookCellKind.Markup ? "markup" : "code",
      value: cell.document.getText(),
      languageId: cell.document.languageId,
      metadata: cell.metadata,
    })),
    notebook.metadata,
  );
  const outputs = cells.map((cell) => shownOutputs(cell.outputs.map((output) => output.items)));
  const client = await ctx.ready();
  const { text } = await refusedAsMessage(() =>
    request(client, Methods.exportNotebook, { notebook: data, format: choice.format, title: stem, outputs }),
  );
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  ctx.log.info(`Exported ${notebook.uri.fsPath} as ${choice.format} to ${target.fsPath}.`);
  void vscode.window.showInformationMessage(`Exported to ${path.basename(target.path)}.`);
}

/** Asks for a Jupyter notebook, marimo markdown notebook, exported page or py:percent script,
 * converts it, asks where the notebook goes, writes and opens it. */
export async function importNotebook(ctx: Ctx, given?: vscode.Uri): Promise<void> {
  const source = given ?? (await vscode.window.showOpenDialog({
    title: "Import a notebook",
    openLabel: "Import",
    canSelectMany: false,
    filters: IMPORT_FILTERS,
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  }))?.[0];
  if (source === undefined) {
    return;
  }
  const name = path.basename(source.path);
  const bytes = await vscode.workspace.fs.readFile(source);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserFacingError(`${name} is not UTF-8 text, so it cannot be imported.`);
  }
  const client = await ctx.ready();
  const convert = (fixRedefinitions: boolean): Promise<ImportResult> =>
    refusedAsMessage(() => request(client, Methods.importNotebook, { text, fileName: name, fixRedefinitions }));
  let result = await convert(false);
  if (result.redefined.length > 0) {
    const rename = "Rename Them";
    const picked = await vscode.window.showWarningMessage(
      `${name} defines ${result.redefined.map((n) => `'${n}'`).join(", ")} in several cells; a reactive notebook ` +
        "needs one defining cell per name. Rename the later definitions (df in cell 3 becomes df_3)?",
      { modal: true },
      rename,
      "Keep Them",
    );
    if (picked === undefined) {
      return;
    }
    if (picked === rename) {
      result = await convert(true);
    }
  }
  const stem = name.replace(/\.[^.]*$/, "");
  const suggested = vscode.Uri.joinPath(source, "..", name.endsWith(".py") ? `${stem}.notebook.py` : `${stem}.py`);
  const target = await vscode.window.showSaveDialog({
    title: `Save ${name} as a notebook`,
    saveLabel: "Save Notebook",
    defaultUri: suggested,
    filters: { Python: ["py"] },
  });
  if (target === undefined) {
    return;
  }
  if (target.toString() === source.toString()) {
    throw new UserFacingError(`The notebook would replace ${name}, which it was made from; choose another name.`);
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  ctx.log.info(`Imported ${source.fsPath} to ${target.fsPath}.`);
  for (const note of result.notes) {
    ctx.log.info(`${name}: ${note}`);
  }
  await vscode.commands.executeCommand("vscode.openWith", target, NOTEBOOK_TYPE);
  if (result.notes.length > 0) {
    const show = "Show Changes";
    const count = result.notes.length === 1 ? "1 change" : `${result.notes.length} changes`;
    void vscode.window
      .showInformationMessage(`Imported ${name} with ${count} a reactive notebook needed (listed in the Lichen log).`, show)
      .then((picked) => (picked === show ? ctx.log.show() : undefined));
  }
}

/** The daemon's refusal to convert (what it cannot read, and why) as the message the user sees. */
async function refusedAsMessage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (errorCode(error) === ErrorCodes.notConvertible) {
      throw new UserFacingError(sentence((error as Error).message));
    }
    throw error;
  }
}
