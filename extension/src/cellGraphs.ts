// Each open Lichen notebook's dependency graph (`lichen/cellGraph`), asked of the daemon when
// the notebook opens or the daemon starts, and again shortly after its cells change (edits in
// quick succession make one request). The Cell Graph view and the cell status bar read it here.
import * as vscode from "vscode";
import type { CellGraph } from "../../shared-protocol/src/protocol";
import { Methods, request } from "./client";
import type { Ctx } from "./ctx";
import { short } from "./log";
import { NOTEBOOK_TYPE } from "./notebookData";

const REFRESH_DELAY_MS = 150;

export class CellGraphs implements vscode.Disposable {
  private readonly graphs = new Map<string, CellGraph>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly asked = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<vscode.NotebookDocument>();
  /** A notebook's graph was answered anew. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.refreshSoon(notebook)),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        if (event.contentChanges.length > 0 || event.cellChanges.some((c) => c.document !== undefined)) {
          this.refreshSoon(event.notebook);
        }
      }),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.forget(notebook.uri.toString())),
    );
    ctx.onClient(() => {
      vscode.workspace.notebookDocuments.forEach((notebook) => this.refreshSoon(notebook));
      return [];
    });
  }

  /** The notebook's graph as last answered (undefined before the first answer). */
  graph(notebook: vscode.NotebookDocument): CellGraph | undefined {
    return this.graphs.get(notebook.uri.toString());
  }

  /** Asks for the notebook's graph again after a short pause. */
  refreshSoon(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType !== NOTEBOOK_TYPE) {
      return;
    }
    const key = notebook.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.refresh(notebook);
    }, REFRESH_DELAY_MS));
  }

  private async refresh(notebook: vscode.NotebookDocument): Promise<void> {
    const client = this.ctx.client;
    const key = notebook.uri.toString();
    if (client === undefined || notebook.isClosed) {
      return;
    }
    const ask = (this.asked.get(key) ?? 0) + 1;
    this.asked.set(key, ask);
    try {
      const graph = await request(client, Methods.cellGraph, { notebookUri: key });
      if (this.asked.get(key) === ask && !notebook.isClosed) {
        this.graphs.set(key, graph);
        this.changed.fire(notebook);
      }
    } catch (error) {
      // The notebook's didOpen may still be on its way: its next change or showing asks again.
      this.ctx.log.info(`The cell graph of ${key} was not answered: ${short(error)}`);
    }
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.graphs.delete(key);
    this.asked.delete(key);
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((d) => d.dispose());
  }
}
