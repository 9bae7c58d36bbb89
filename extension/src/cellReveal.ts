// Revealing a cell of an open notebook: the views' links (a variable's defining cell, a graph node)
// scroll the notebook to the cell and select it.
import * as vscode from "vscode";
import type { CellLabelSource } from "./variablesModel";

export const REVEAL_CELL = "lichen.revealCell";

/** Shows the notebook `notebookUri` with the cell `cellUri` in view and selected. */
export async function revealCell(notebookUri: string, cellUri: string): Promise<void> {
  const notebook = vscode.workspace.notebookDocuments.find((n) => n.uri.toString() === notebookUri);
  const index = notebook?.getCells().findIndex((cell) => cell.document.uri.toString() === cellUri) ?? -1;
  if (notebook === undefined || index < 0) {
    void vscode.window.showWarningMessage("That cell is no longer in the notebook.");
    return;
  }
  const range = new vscode.NotebookRange(index, index + 1);
  const editor = await vscode.window.showNotebookDocument(notebook, { preserveFocus: false, selections: [range] });
  editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
}

/** Each cell's position and name, by its URI, as the views label cells. */
export function cellLabels(notebook: vscode.NotebookDocument): Map<string, CellLabelSource> {
  return new Map(
    notebook.getCells().map((cell) => [
      cell.document.uri.toString(),
      { position: cell.index + 1, name: String((cell.metadata as { name?: unknown }).name ?? "_") },
    ]),
  );
}

/** The Lichen notebook the views show: the active notebook editor's, else the last one shown. */
export class ShownNotebook implements vscode.Disposable {
  private current: vscode.NotebookDocument | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.NotebookDocument | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(notebookType: string) {
    const pick = (editor: vscode.NotebookEditor | undefined): void => {
      if (editor !== undefined && editor.notebook.notebookType === notebookType && editor.notebook !== this.current) {
        this.current = editor.notebook;
        this.changed.fire(this.current);
      }
    };
    this.disposables.push(
      vscode.window.onDidChangeActiveNotebookEditor(pick),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        if (notebook === this.current) {
          this.current = undefined;
          this.changed.fire(undefined);
        }
      }),
    );
    pick(vscode.window.activeNotebookEditor);
  }

  get notebook(): vscode.NotebookDocument | undefined {
    return this.current;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
