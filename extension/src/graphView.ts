// The Cell Graph view (a webview in the Lichen panel): the shown notebook's cells and the names
// flowing between them, laid out here (`graphLayout`) and drawn by dist/graph.js. It asks the
// daemon for the graph when the notebook is shown and shortly after its cells change, sends
// each cell's state as runs stream, and the selected cell with its ancestors and descendants.
// A click on a node reveals its cell.
import * as vscode from "vscode";
import type { CellGraph } from "../../shared-protocol/src/protocol";
import { REVEAL_CELL, type ShownNotebook } from "./cellReveal";
import { Methods, request } from "./client";
import type { Controller } from "./controller";
import type { Ctx } from "./ctx";
import { layOut, related, type FromGraphPage, type ToGraphPage } from "./graphLayout";
import { short } from "./log";

export const GRAPH_VIEW = "lichen.cellGraph";
const REFRESH_DELAY_MS = 150; // keystrokes in quick succession: one request after them

export class GraphView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private graph: CellGraph | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly shown: ShownNotebook,
    private readonly controller: Controller,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(GRAPH_VIEW, this),
      shown.onDidChange(() => this.refreshSoon()),
      vscode.workspace.onDidChangeNotebookDocument((event) => {
        const edited = event.contentChanges.length > 0 || event.cellChanges.some((c) => c.document !== undefined);
        if (edited && event.notebook === shown.notebook) {
          this.refreshSoon();
        }
      }),
      controller.onDidChangeStates(({ notebook }) => notebook === shown.notebook && this.sendStates()),
      vscode.window.onDidChangeNotebookEditorSelection((event) => event.notebookEditor.notebook === shown.notebook && this.sendSelection()),
    );
    ctx.onClient(() => {
      this.refreshSoon();
      return [];
    });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.ctx.extension.extensionUri, "dist");
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    view.webview.html = page(view.webview, vscode.Uri.joinPath(dist, "graph.js"));
    this.disposables.push(
      view.webview.onDidReceiveMessage((message: FromGraphPage) => this.received(message)),
      view.onDidChangeVisibility(() => view.visible && this.refreshSoon()),
      view.onDidDispose(() => {
        this.view = undefined;
      }),
    );
  }

  private received(message: FromGraphPage): void {
    const notebook = this.shown.notebook;
    if (message.kind === "ready") {
      this.refreshSoon();
    } else if (message.kind === "reveal" && notebook !== undefined) {
      void vscode.commands.executeCommand(REVEAL_CELL, notebook.uri.toString(), message.cellUri);
    }
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
    if (this.view === undefined || !this.view.visible) {
      return;
    }
    if (notebook === undefined || client === undefined) {
      this.graph = undefined;
      this.post({ kind: "empty", message: notebook === undefined ? "Open a Lichen notebook to see its cell graph." : "Starting Lichen..." });
      return;
    }
    try {
      const graph = await request(client, Methods.cellGraph, { notebookUri: notebook.uri.toString() });
      if (ask !== this.asked) {
        return;
      }
      this.graph = graph;
      if (graph.nodes.length === 0) {
        this.post({ kind: "empty", message: "This notebook has no cells yet." });
        return;
      }
      this.post({ kind: "graph", layout: layOut(graph), states: this.controller.standing(notebook).all() });
      this.sendSelection();
    } catch (error) {
      // The notebook's didOpen may still be on its way: the next change or showing asks again.
      this.ctx.log.info(`The cell graph of ${notebook.uri.toString()} was not drawn: ${short(error)}`);
    }
  }

  private sendStates(): void {
    const notebook = this.shown.notebook;
    if (notebook !== undefined && this.graph !== undefined) {
      this.post({ kind: "states", states: this.controller.standing(notebook).all() });
    }
  }

  private sendSelection(): void {
    const editor = vscode.window.visibleNotebookEditors.find((e) => e.notebook === this.shown.notebook);
    const index = editor?.selection.start;
    const cell = index === undefined || editor === undefined || editor.selection.isEmpty ? undefined : editor.notebook.cellAt(index);
    if (this.graph === undefined) {
      return;
    }
    const cellUri = cell?.document.uri.toString();
    if (cellUri === undefined || !this.graph.nodes.some((n) => n.cellUri === cellUri)) {
      this.post({ kind: "select", cellUri: null, ancestors: [], descendants: [] });
      return;
    }
    const { ancestors, descendants } = related(this.graph, cellUri);
    this.post({ kind: "select", cellUri, ancestors: [...ancestors], descendants: [...descendants] });
  }

  private post(message: ToGraphPage): void {
    void this.view?.webview.postMessage(message);
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.disposables.forEach((d) => d.dispose());
  }
}

function page(webview: vscode.Webview, script: vscode.Uri): string {
  const csp = `default-src 'none'; script-src ${webview.cspSource}; style-src ${webview.cspSource} 'unsafe-inline';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cell Graph</title>
</head>
<body>
<div id="lichen-graph-root"></div>
<script src="${webview.asWebviewUri(script).toString()}"></script>
</body>
</html>`;
}
