// Reading and writing notebook files goes through the daemon: there is one parser, in Python.
// Each cell's metadata (and the notebook's) carries the verbatim text it was read from and goes
// back unchanged on save, so saving an unedited notebook writes the same bytes.
import * as vscode from "vscode";
import { Methods, request } from "./client";
import type { Ctx } from "./ctx";
import { decodeFile, encodeFile } from "./fileText";
import { short, UserFacingError } from "./log";
import {
  fromPlainCells,
  toNotebookMetadata,
  toPlainCells,
  type PlainCell,
} from "./notebookData";
import { deadline, DeadlineError } from "./util";

const REQUEST_DEADLINE_MS = 30_000;
/** Notebook metadata: the file began with a UTF-8 byte order mark, written again on save. */
const BOM_KEY = "lichenBom";

export class Serializer implements vscode.NotebookSerializer {
  constructor(private readonly ctx: Ctx) {}

  async deserializeNotebook(content: Uint8Array, token: vscode.CancellationToken): Promise<vscode.NotebookData> {
    const { text, bom } = decodeText(content); // an empty file reads as a new notebook
    const data = await this.call("read the notebook", async () => {
      const client = await this.ctx.ready();
      return request(client, Methods.parse, { text, uri: null }, token);
    });
    for (const problem of data.problems ?? []) {
      this.ctx.log.warn(`Notebook file, line ${problem.line}: ${problem.message}`);
    }
    const notNotebook = (data.problems ?? []).find((p) => p.code === "notANotebook");
    if (notNotebook !== undefined) {
      void vscode.window.showWarningMessage(
        `This file is not a Lichen or marimo notebook (${notNotebook.message}). ` +
          "Saving it from the notebook editor writes it in notebook form; Lichen: Open as Python Text goes back.",
      );
    }
    const notebook = new vscode.NotebookData(toPlainCells(data).map(toCellData));
    notebook.metadata = { ...toNotebookMetadata(data), ...(bom ? { [BOM_KEY]: true } : {}) };
    return notebook;
  }

  async serializeNotebook(data: vscode.NotebookData, token: vscode.CancellationToken): Promise<Uint8Array> {
    const notebook = fromPlainCells(data.cells.map(fromCellData), data.metadata);
    const result = await this.call("save the notebook", async () => {
      const client = await this.ctx.ready();
      return request(client, Methods.serialize, { notebook }, token);
    });
    return encodeFile({ text: result.text, bom: data.metadata?.[BOM_KEY] === true });
  }

  /** Runs a daemon request with a deadline; failures become one message saying what to do. */
  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await deadline(work(), REQUEST_DEADLINE_MS);
    } catch (error) {
      if (error instanceof UserFacingError) {
        throw new Error(`Lichen could not ${what}. ${error.message}`);
      }
      if (error instanceof DeadlineError) {
        throw new Error(
          `Lichen could not ${what}: the daemon did not answer within ${REQUEST_DEADLINE_MS / 1000} s. ` +
            "See the Lichen log, then run Lichen: Restart Daemon.",
        );
      }
      this.ctx.log.error(`Could not ${what}.`, error);
      throw new Error(`Lichen could not ${what}: ${short(error)}. See the Lichen log (Lichen: Show Log).`);
    }
  }
}

function decodeText(content: Uint8Array): { text: string; bom: boolean } {
  try {
    return decodeFile(content);
  } catch {
    throw new Error("This file is not UTF-8 text, so Lichen cannot open it as a notebook. Reopen it with the text editor.");
  }
}

function toCellData(cell: PlainCell): vscode.NotebookCellData {
  const kind = cell.kind === "markup" ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code;
  const data = new vscode.NotebookCellData(kind, cell.value, cell.languageId);
  data.metadata = cell.metadata;
  return data;
}

function fromCellData(cell: vscode.NotebookCellData): PlainCell {
  return {
    kind: cell.kind === vscode.NotebookCellKind.Markup ? "markup" : "code",
    value: cell.value,
    languageId: cell.languageId,
    metadata: cell.metadata ?? {},
  };
}
