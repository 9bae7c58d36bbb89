// What the editors show beyond the notebook itself: the `lichen.declaresApp` context key (the
// "Open as Reactive Notebook" button of Python files that declare an App), and the code of cells
// marked hide_code folded away when their notebook is shown.
import * as vscode from "vscode";
import { cellConfig, declaresApp, NOTEBOOK_TYPE } from "./notebookData";

export const DECLARES_APP = "lichen.declaresApp";

export class Editors implements vscode.Disposable {
  private readonly metadataChanged = new vscode.EventEmitter<void>();
  /** A cell's metadata changed in a Lichen notebook (its status bar may show something else). */
  readonly onDidChangeCellMetadata = this.metadataChanged.event;
  private readonly disposables: vscode.Disposable[] = [this.metadataChanged];
  private lastKey: boolean | undefined;
  private readonly folded = new WeakSet<vscode.NotebookDocument>();

  constructor() {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.updateKey()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) {
          this.updateKey();
        }
      }),
      // The cells can be folded once the editor has laid them out, which its first visible
      // ranges announce.
      vscode.window.onDidChangeNotebookEditorVisibleRanges((event) => this.foldHidden(event.notebookEditor)),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        if (event.notebook.notebookType === NOTEBOOK_TYPE && event.cellChanges.some((c) => c.metadata !== undefined)) {
          this.metadataChanged.fire();
        }
      }),
    );
    this.updateKey();
    vscode.window.visibleNotebookEditors.forEach((e) => this.foldHidden(e));
  }

  /** Folds or unfolds the code of the cell at `index` of `notebook`. */
  async setCodeFolded(notebook: vscode.NotebookDocument, index: number, folded: boolean): Promise<void> {
    const command = folded ? "notebook.cell.collapseCellInput" : "notebook.cell.expandCellInput";
    await vscode.commands.executeCommand(command, {
      ranges: [{ start: index, end: index + 1 }],
      document: notebook.uri,
    });
  }

  private updateKey(): void {
    const document = vscode.window.activeTextEditor?.document;
    const value = document !== undefined && document.languageId === "python" && declaresApp(document.getText());
    if (value !== this.lastKey) {
      this.lastKey = value;
      void vscode.commands.executeCommand("setContext", DECLARES_APP, value);
    }
  }

  /** The first time a notebook is shown, its hide_code cells show folded. */
  private foldHidden(editor: vscode.NotebookEditor): void {
    const notebook = editor.notebook;
    if (notebook.notebookType !== NOTEBOOK_TYPE || this.folded.has(notebook)) {
      return;
    }
    this.folded.add(notebook);
    for (const cell of notebook.getCells()) {
      if (cell.kind === vscode.NotebookCellKind.Code && cellConfig(cell.metadata).hideCode) {
        void this.setCodeFolded(notebook, cell.index, true).then(undefined, () => undefined);
      }
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Reopens the Lichen notebook tabs whose notebook failed to open (the daemon was not running). */
export async function reopenFailedNotebooks(): Promise<void> {
  const open = new Set(vscode.workspace.notebookDocuments.map((n) => n.uri.toString()));
  const failed = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter(
      (tab) =>
        tab.input instanceof vscode.TabInputNotebook &&
        tab.input.notebookType === NOTEBOOK_TYPE &&
        !open.has(tab.input.uri.toString()),
    );
  for (const tab of failed) {
    const uri = (tab.input as vscode.TabInputNotebook).uri;
    await vscode.window.tabGroups.close(tab, true);
    await vscode.commands.executeCommand("vscode.openWith", uri, NOTEBOOK_TYPE);
  }
}
