// What the cell status bar shows for Lichen cells: how its last run ended and when (or queued,
// running), stale (lazy mode), disabled, code hidden, why a cell did not run, whether its
// outputs are outdated and why; what it defines and reads (each read name a link to the cell
// defining it) and how many cells a run of it re-runs. Each item is also the way to act on it.
import * as vscode from "vscode";
import type { CellGraph } from "../../shared-protocol/src/protocol";
import type { CellGraphs } from "./cellGraphs";
import { REVEAL_CELL } from "./cellReveal";
import type { Controller } from "./controller";
import { definesText, related } from "./graphLayout";
import { cellConfig, NOTEBOOK_TYPE } from "./notebookData";
import { outdatedCells, standingText } from "./outdated";

const LINKED_READS = 4; // read names shown as links of their own; the rest in a "+N" item

export class CellStatusBar implements vscode.NotebookCellStatusBarItemProvider {
  readonly onDidChangeCellStatusBarItems: vscode.Event<void>;
  /** Per notebook, the outdated cells and why, until the next change. */
  private readonly outdated = new Map<string, Map<string, string>>();

  constructor(
    private readonly controller: Controller,
    metadataChanged: vscode.Event<void>,
    private readonly graphs: CellGraphs,
  ) {
    const statesChanged = voidOf(controller.onDidChangeStates);
    const graphChanged = voidOf(graphs.onDidChange);
    this.onDidChangeCellStatusBarItems = anyOf(controller.onDidChangeMarks, metadataChanged, statesChanged, graphChanged);
    // Whatever changes the items may change which outputs are outdated.
    this.onDidChangeCellStatusBarItems(() => this.outdated.clear());
  }

  /** The notebook's outdated cells and why (`outdatedCells`), computed once per change. */
  outdatedOf(notebook: vscode.NotebookDocument): Map<string, string> {
    const key = notebook.uri.toString();
    let reasons = this.outdated.get(key);
    if (reasons === undefined) {
      const states = this.controller.standing(notebook);
      const cells = notebook
        .getCells()
        .filter((cell) => cell.kind === vscode.NotebookCellKind.Code)
        .map((cell) => ({
          cellUri: cell.document.uri.toString(),
          position: cell.index + 1,
          code: cell.document.getText(),
          standing: states.get(cell.document.uri.toString()),
        }));
      reasons = outdatedCells(cells, this.graphs.graph(notebook));
      this.outdated.set(key, reasons);
    }
    return reasons;
  }

  provideCellStatusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    if (cell.kind !== vscode.NotebookCellKind.Code) {
      return [];
    }
    const items: vscode.NotebookCellStatusBarItem[] = [];
    const config = cellConfig(cell.metadata);
    const mark = this.controller.mark(cell);
    const uri = cell.document.uri.toString();
    const standing = standingText(this.controller.standing(cell.notebook).get(uri), (ms) => new Date(ms).toLocaleTimeString());
    if (standing !== undefined) {
      items.push(item(standing.text, standing.tooltip));
    }
    const outdated = this.outdatedOf(cell.notebook).get(uri);
    if (outdated !== undefined) {
      items.push(
        item("$(warning) outdated", `Its outputs are outdated: ${outdated}. Click to run it.`, {
          title: "Run Cell",
          command: "notebook.cell.execute",
          arguments: [{ ranges: [{ start: cell.index, end: cell.index + 1 }], document: cell.notebook.uri }],
        }),
      );
    }
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
    const graph = this.graphs.graph(cell.notebook);
    if (graph !== undefined) {
      items.push(...graphItems(graph, cell));
    }
    return items;
  }
}

/** "defines df", "reads path" (a link to the cell defining `path`), "re-runs 4 cells". */
function graphItems(graph: CellGraph, cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
  const uri = cell.document.uri.toString();
  const node = graph.nodes.find((n) => n.cellUri === uri);
  if (node === undefined) {
    return [];
  }
  const items: vscode.NotebookCellStatusBarItem[] = [];
  if (node.defines.length > 0) {
    items.push(item(definesText(node.defines), `Defines ${node.defines.join(", ")}.`));
  }
  const reads = graph.edges
    .filter((edge) => edge.target === uri)
    .flatMap((edge) => edge.names.map((name) => ({ name, from: edge.source })))
    .filter((read, index, all) => all.findIndex((r) => r.name === read.name) === index) // two definers: one link
    .sort((a, b) => a.name.localeCompare(b.name));
  const notebookUri = cell.notebook.uri.toString();
  reads.slice(0, LINKED_READS).forEach(({ name, from }, index) => {
    items.push(
      item(index === 0 ? `reads ${name}` : name, `Show the cell that defines ${name}.`, {
        title: `Show the cell defining ${name}`,
        command: REVEAL_CELL,
        arguments: [notebookUri, from],
      }),
    );
  });
  if (reads.length > LINKED_READS) {
    items.push(item(`+${reads.length - LINKED_READS}`, `Also reads ${reads.slice(LINKED_READS).map((r) => r.name).join(", ")}.`));
  }
  const reruns = related(graph, uri).descendants.size;
  if (reruns > 0) {
    items.push(
      item(`re-runs ${reruns} cell${reruns === 1 ? "" : "s"}`, "Running this cell runs these cells again (or marks them stale in lazy mode)."),
    );
  }
  return items;
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

function voidOf<T>(event: vscode.Event<T>): vscode.Event<void> {
  return (listener, thisArgs, disposables) => event(() => listener.call(thisArgs), undefined, disposables);
}

function anyOf(...events: vscode.Event<void>[]): vscode.Event<void> {
  return (listener, thisArgs, disposables) => {
    const subscriptions = events.map((event) => event(listener, thisArgs));
    const all = vscode.Disposable.from(...subscriptions);
    disposables?.push(all);
    return all;
  };
}
