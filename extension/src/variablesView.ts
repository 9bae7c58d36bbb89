// The Variables view (a tree in the Lichen panel): the running kernel's globals of the notebook
// shown, each with its type and short value; under it the cell defining it and the cells reading
// it. A click on a name reveals its defining cell, on a cell link that cell. It asks the daemon
// again when a run's cells are done (the events it streams) and when another notebook is shown.
import * as vscode from "vscode";
import type { Variable } from "../../shared-protocol/src/protocol";
import { cellLabels, REVEAL_CELL, type ShownNotebook } from "./cellReveal";
import { Methods, request } from "./client";
import type { Controller } from "./controller";
import type { Ctx } from "./ctx";
import { short } from "./log";
import { type CellLink, type VariableRow, variableRows } from "./variablesModel";

export const VARIABLES_VIEW = "lichen.variables";
const REFRESH_DELAY_MS = 100; // a run's cells end in quick succession: ask once after them

type Node = { row: VariableRow } | { link: CellLink; notebookUri: string };

export class VariablesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private variables: readonly Variable[] = [];
  private filter = "";
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;
  readonly tree: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly ctx: Ctx,
    private readonly shown: ShownNotebook,
    controller: Controller,
  ) {
    this.tree = vscode.window.createTreeView(VARIABLES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.tree,
      shown.onDidChange(() => this.refreshSoon()),
      controller.onDidEndCells((notebook) => notebook === shown.notebook && this.refreshSoon()),
      this.tree.onDidChangeVisibility(() => this.refreshSoon()),
    );
    this.refreshSoon();
  }

  /** Asks for a name filter (part of a name; empty shows every global). */
  async askFilter(): Promise<void> {
    const value = await vscode.window.showInputBox({
      prompt: "Show the variables whose name contains",
      value: this.filter,
      placeHolder: "part of a name (empty: all)",
    });
    if (value !== undefined) {
      this.filter = value;
      this.show();
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const notebookUri = this.shown.notebook?.uri.toString() ?? "";
    if ("row" in node) {
      const item = new vscode.TreeItem(node.row.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = node.row.description;
      item.tooltip = node.row.tooltip;
      item.contextValue = "lichenVariable";
      item.command = { title: "Reveal Defining Cell", command: REVEAL_CELL, arguments: [notebookUri, node.row.cellUri] };
      return item;
    }
    const item = new vscode.TreeItem(`${node.link.role} ${node.link.label}`, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(node.link.role === "defined in" ? "symbol-variable" : "references");
    item.command = { title: "Reveal Cell", command: REVEAL_CELL, arguments: [node.notebookUri, node.link.cellUri] };
    return item;
  }

  getChildren(node?: Node): Node[] {
    const notebook = this.shown.notebook;
    if (notebook === undefined) {
      return [];
    }
    if (node === undefined) {
      return variableRows(this.variables, cellLabels(notebook), this.filter).map((row) => ({ row }));
    }
    return "row" in node ? node.row.links.map((link) => ({ link, notebookUri: notebook.uri.toString() })) : [];
  }

  private refreshSoon(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const notebook = this.shown.notebook;
    const client = this.ctx.client;
    const ask = ++this.asked;
    if (notebook === undefined || client === undefined || !this.tree.visible) {
      this.variables = notebook === undefined ? [] : this.variables;
      this.show();
      return;
    }
    try {
      const answer = await request(client, Methods.variables, { notebookUri: notebook.uri.toString() });
      if (ask === this.asked) {
        this.variables = answer.variables;
        this.show();
      }
    } catch (error) {
      this.ctx.log.info(`The variables of ${notebook.uri.toString()} were not listed: ${short(error)}`);
    }
  }

  private show(): void {
    const count = this.variables.length;
    this.tree.message = this.shown.notebook === undefined
      ? "Open a Lichen notebook to see its variables."
      : count === 0 ? "No variables yet: run a cell." : this.filter ? `Names containing "${this.filter}"` : undefined;
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.disposables.forEach((d) => d.dispose());
  }
}
