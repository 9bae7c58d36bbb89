// The Cell Graph view (a webview in the Lichen panel): the shown notebook's cells and the names
// flowing between them (`CellGraphs`, asked again as cells change), laid out here
// (`graphLayout`) and drawn by dist/graph.js. It sends each cell's state as runs stream, and the
// selected cell with its ancestors and descendants. A click on a node reveals its cell.
import * as vscode from "vscode";
import type { CellGraph } from "../../shared-protocol/src/protocol";
import { REVEAL_CELL, type ShownNotebook } from "./cellReveal";
import type { CellGraphs } from "./cellGraphs";
import type { Controller } from "./controller";
import type { Ctx } from "./ctx";
import { layOut, related, type FromGraphPage, type ToGraphPage } from "./graphLayout";

export const GRAPH_VIEW = "lichen.cellGraph";

export class GraphView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private graph: CellGraph | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly shown: ShownNotebook,
    private readonly controller: Controller,
    private readonly graphs: CellGraphs,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(GRAPH_VIEW, this),
      shown.onDidChange(() => this.draw()),
      graphs.onDidChange((notebook) => notebook === shown.notebook && this.draw()),
      controller.onDidChangeStates(({ notebook }) => notebook === shown.notebook && this.sendStates()),
      vscode.window.onDidChangeNotebookEditorSelection((event) => event.notebookEditor.notebook === shown.notebook && this.sendSelection()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.ctx.extension.extensionUri, "dist");
    view.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    view.webview.html = page(view.webview, vscode.Uri.joinPath(dist, "graph.js"));
    this.disposables.push(
      view.webview.onDidReceiveMessage((message: FromGraphPage) => this.received(message)),
      view.onDidChangeVisibility(() => view.visible && this.draw()),
      view.onDidDispose(() => {
        this.view = undefined;
      }),
    );
  }

  private received(message: FromGraphPage): void {
    const notebook = this.shown.notebook;
    if (message.kind === "ready") {
      this.draw();
    } else if (message.kind === "reveal" && notebook !== undefined) {
      void vscode.commands.executeCommand(REVEAL_CELL, notebook.uri.toString(), message.cellUri);
    }
  }

  /** Draws the shown notebook's graph as last answered (asking for it when there is none). */
  private draw(): void {
    const notebook = this.shown.notebook;
    if (this.view === undefined || !this.view.visible) {
      return;
    }
    const graph = notebook === undefined ? undefined : this.graphs.graph(notebook);
    this.graph = graph;
    if (notebook === undefined || graph === undefined) {
      if (notebook !== undefined) {
        this.graphs.refreshSoon(notebook);
      }
      const message = notebook === undefined ? "Open a Lichen notebook to see its cell graph." : this.ctx.client === undefined ? "Starting Lichen..." : "Reading the notebook...";
      this.post({ kind: "empty", message });
      return;
    }
    if (graph.nodes.length === 0) {
      this.post({ kind: "empty", message: "This notebook has no cells yet." });
      return;
    }
    this.post({ kind: "graph", layout: layOut(graph), states: this.controller.standing(notebook).all() });
    this.sendSelection();
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
