// The views of the notebook (Variables; the Cell Graph), and the command their links share.
import * as vscode from "vscode";
import type { CellGraphs } from "./cellGraphs";
import { REVEAL_CELL, revealCell, ShownNotebook } from "./cellReveal";
import type { Controller } from "./controller";
import type { Ctx } from "./ctx";
import { GRAPH_VIEW, GraphView } from "./graphView";
import { NOTEBOOK_TYPE } from "./notebookData";
import { VARIABLES_VIEW, VariablesView } from "./variablesView";

export function registerViews(ctx: Ctx, controller: Controller, graphs: CellGraphs): vscode.Disposable[] {
  const shown = new ShownNotebook(NOTEBOOK_TYPE);
  const variables = new VariablesView(ctx, shown, controller);
  const graph = new GraphView(ctx, shown, controller, graphs);
  return [
    shown,
    variables,
    graph,
    vscode.commands.registerCommand(REVEAL_CELL, (notebookUri: string, cellUri: string) => revealCell(notebookUri, cellUri)),
    vscode.commands.registerCommand("lichen.filterVariables", () => variables.askFilter()),
    vscode.commands.registerCommand("lichen.showVariables", () => vscode.commands.executeCommand(`${VARIABLES_VIEW}.focus`)),
    vscode.commands.registerCommand("lichen.showCellGraph", () => vscode.commands.executeCommand(`${GRAPH_VIEW}.focus`)),
  ];
}
