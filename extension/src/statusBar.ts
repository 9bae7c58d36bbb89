// What the cell status bar shows for Lichen cells: stale (lazy mode), disabled, code hidden, and
// why a cell did not run. Each item is also the way to act on it.
import * as vscode from "vscode";
import type { Controller } from "./controller";
import { cellConfig, NOTEBOOK_TYPE } from "./notebookData";

export class CellStatusBar implements vscode.NotebookCellStatusBarItemProvider {
  readonly onDidChangeCellStatusBarItems: vscode.Event<void>;

  constructor(
    private readonly controller: Controller,
    metadataChanged: vscode.Event<void>,
  ) {
    this.onDidChangeCellStatusBarItems = anyOf(controller.onDidChangeMarks, metadataChanged);
  }

  provideCellStatusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    if (cell.kind !== vscode.NotebookCellKind.Code) {
      return [];
    }
    const items: vscode.NotebookCellStatusBarItem[] = [];
    const config = cellConfig(cell.metadata);
    const mark = this.controller.mark(cell);
    if (mark.stale) {
      items.push(
        item("$(history) stale", "Its inputs changed since it last ran. Click to run the stale cells.", {
          title: "Run Stale Cells",
          command: "lichen.runStale",
          arguments: [cell.notebook.uri],
        }),
      );
    }
    if (config.disabled) {
      items.push(
        item("$(circle-slash) disabled", "Disabled: this cell and the cells that read from it do not run. Click to enable it.", {
          title: "Enable Cell",
          command: "lichen.toggleDisabled",
          arguments: [cell],
        }),
      );
    }
    if (config.hideCode) {
      items.push(
        item("$(eye-closed) code hidden", "Its code is hidden when the notebook opens. Click to show it again.", {
          title: "Show Code",
          command: "lichen.toggleHideCode",
          arguments: [cell],
        }),
      );
    }
    if (mark.note !== undefined && !(config.disabled && mark.note.startsWith("disabled"))) {
      items.push(item(`$(info) ${firstWords(mark.note)}`, mark.note));
    }
    return items;
  }
}

/** Registers the status bar for Lichen notebooks. */
export function registerCellStatusBar(statusBar: CellStatusBar): vscode.Disposable {
  return vscode.notebooks.registerNotebookCellStatusBarItemProvider(NOTEBOOK_TYPE, statusBar);
}

function item(text: string, tooltip: string, command?: vscode.Command): vscode.NotebookCellStatusBarItem {
  const result = new vscode.NotebookCellStatusBarItem(text, vscode.NotebookCellStatusBarAlignment.Left);
  result.tooltip = tooltip;
  if (command !== undefined) {
    result.command = command;
  }
  return result;
}

function firstWords(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function anyOf(...events: vscode.Event<void>[]): vscode.Event<void> {
  return (listener, thisArgs, disposables) => {
    const subscriptions = events.map((event) => event(listener, thisArgs));
    const all = vscode.Disposable.from(...subscriptions);
    disposables?.push(all);
    return all;
  };
}
