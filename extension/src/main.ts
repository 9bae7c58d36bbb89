// Activation: wiring only. Nothing starts the daemon here; the first notebook opened (or a
// command that needs it) does.
import * as vscode from "vscode";
import { CellGraphs } from "./cellGraphs";
import { registerCommands } from "./commands";
import { Controller } from "./controller";
import { Ctx } from "./ctx";
import { Debugging } from "./debug";
import { Editors } from "./editors";
import { NOTEBOOK_TYPE } from "./notebookData";
import { Serializer } from "./serializer";
import { CellStatusBar, registerCellStatusBar } from "./statusBar";
import { registerUiValues } from "./uiValues";
import { registerViews } from "./views";

let current: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const ctx = new Ctx(context);
  current = ctx;
  const controller = new Controller(ctx);
  const editors = new Editors();
  const debugging = new Debugging(ctx);
  const graphs = new CellGraphs(ctx);
  context.subscriptions.push(
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new Serializer(ctx), { transientOutputs: true }),
    controller,
    editors,
    debugging,
    graphs,
    registerCellStatusBar(new CellStatusBar(controller, editors.onDidChangeCellMetadata, graphs)),
    registerUiValues(controller, ctx),
    ...registerViews(ctx, controller, graphs),
    ...registerCommands({ ctx, controller, editors, debugging }),
  );
}

export function deactivate(): Promise<void> | undefined {
  const ctx = current;
  current = undefined;
  return ctx?.stop();
}
