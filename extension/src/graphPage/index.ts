// The Cell Graph webview: draws the laid-out graph the extension sends (`graphLayout`) as SVG,
// one node per cell coloured by its state, one arrow per edge labelled with the names it carries,
// graph errors in the error colour. Drag to pan, wheel to zoom, Fit to see it all; a click on a
// node asks the extension to reveal its cell. The selected cell's ancestors and descendants are
// highlighted.
import type { FromGraphPage, GraphLayout, PlacedEdge, PlacedNode, ToGraphPage } from "../graphLayout";

declare function acquireVsCodeApi(): { postMessage(message: FromGraphPage): void };

const SVG = "http://www.w3.org/2000/svg";
const MIN_SCALE = 0.05;
const MAX_SCALE = 4;
const vscode = acquireVsCodeApi();

const STYLE = `
body { margin: 0; padding: 0; overflow: hidden; font: 12px var(--vscode-editor-font-family, monospace); color: var(--vscode-foreground); }
#lichen-graph-root { position: absolute; inset: 0; }
.toolbar { position: absolute; top: 4px; right: 8px; display: flex; gap: 6px; z-index: 1; }
.toolbar button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 2px 8px; cursor: pointer; }
.message { padding: 12px; opacity: 0.8; }
svg.lichen-graph { width: 100%; height: 100%; cursor: grab; user-select: none; }
svg.lichen-graph.panning { cursor: grabbing; }
.node { cursor: pointer; }
.node rect { fill: var(--vscode-editor-background); stroke: var(--vscode-editorWidget-border, #888); stroke-width: 1.5; rx: 4; }
.node text { fill: var(--vscode-foreground); font-size: 12px; }
.node text.defines { opacity: 0.75; }
.node.state-queued rect { stroke: var(--vscode-charts-yellow, #cca700); stroke-dasharray: 4 2; }
.node.state-running rect { stroke: var(--vscode-charts-blue, #3794ff); stroke-width: 3; }
.node.state-success rect { stroke: var(--vscode-charts-green, #388a34); }
.node.state-error rect, .node.state-interrupted rect, .node.state-cancelled rect { stroke: var(--vscode-errorForeground, #f14c4c); stroke-width: 2.5; }
.node.state-stale rect, .node.state-skipped rect { stroke: var(--vscode-charts-orange, #d18616); stroke-dasharray: 6 3; }
.node.state-disabled rect { opacity: 0.5; stroke-dasharray: 2 2; }
.node.graph-error rect { fill: var(--vscode-inputValidation-errorBackground, rgba(241, 76, 76, 0.15)); }
.edge path { fill: none; stroke: var(--vscode-editorWidget-border, #888); stroke-width: 1.25; }
.edge text { fill: var(--vscode-descriptionForeground, #999); font-size: 11px; }
.edge.graph-error path { stroke: var(--vscode-errorForeground, #f14c4c); stroke-width: 2; }
.edge.graph-error text { fill: var(--vscode-errorForeground, #f14c4c); }
.dimmed { opacity: 0.3; }
.node.selected rect { stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 3; }
.node.ancestor rect, .node.descendant rect { stroke: var(--vscode-focusBorder, #007fd4); }
`;

interface View {
  x: number;
  y: number;
  scale: number;
}

class GraphPage {
  private readonly root = document.getElementById("lichen-graph-root")!;
  private readonly svg = document.createElementNS(SVG, "svg");
  private readonly viewport = document.createElementNS(SVG, "g");
  private readonly message = document.createElement("div");
  private layout: GraphLayout | undefined;
  private view: View = { x: 0, y: 0, scale: 1 };
  private fitted = false;

  constructor() {
    const style = document.createElement("style");
    style.textContent = STYLE;
    document.head.append(style);
    const toolbar = document.createElement("div");
    toolbar.className = "toolbar";
    toolbar.append(button("Fit", "Show the whole graph", () => this.fit()), button("+", "Zoom in", () => this.zoomBy(1.25)), button("−", "Zoom out", () => this.zoomBy(0.8)));
    this.svg.classList.add("lichen-graph");
    this.svg.append(arrowMarker(), this.viewport);
    this.message.className = "message";
    this.root.append(toolbar, this.message, this.svg);
    this.pansAndZooms();
    window.addEventListener("message", (event: MessageEvent<ToGraphPage>) => this.received(event.data));
    window.addEventListener("resize", () => !this.fittedByHand() && this.fit());
    vscode.postMessage({ kind: "ready" });
  }

  private received(message: ToGraphPage): void {
    switch (message.kind) {
      case "empty":
        this.layout = undefined;
        this.viewport.replaceChildren();
        this.message.textContent = message.message;
        this.message.hidden = false;
        return;
      case "graph":
        this.message.hidden = true;
        this.layout = message.layout;
        this.draw(message.layout);
        this.setStates(message.states);
        if (!this.fitted) {
          this.fit();
          this.fitted = true;
        }
        return;
      case "states":
        this.setStates(message.states);
        return;
      case "select":
        this.select(message.cellUri, new Set(message.ancestors), new Set(message.descendants));
        return;
    }
  }

  private draw(layout: GraphLayout): void {
    const edges = layout.edges.map(edgeElement);
    const nodes = layout.nodes.map((node) => this.nodeElement(node));
    this.viewport.replaceChildren(...edges, ...nodes);
  }

  private nodeElement(node: PlacedNode): SVGGElement {
    const g = element("g", { class: "node state-idle", transform: `translate(${node.x - node.width / 2}, ${node.y - node.height / 2})` });
    g.dataset.cellUri = node.cellUri;
    g.dataset.position = String(node.position);
    g.dataset.state = "idle";
    if (node.errors.length > 0) {
      g.classList.add("graph-error");
    }
    const title = element("title", {});
    title.textContent = [`cell ${node.position}: ${node.label}`, node.defines, ...node.errors].filter(Boolean).join("\n");
    const label = element("text", { class: "label", x: "12", y: "18" });
    label.textContent = `${node.position}  ${node.label}`;
    g.append(title, element("rect", { width: String(node.width), height: String(node.height) }), label);
    if (node.defines !== "") {
      const defines = element("text", { class: "defines", x: "12", y: "34" });
      defines.textContent = node.defines;
      g.append(defines);
    }
    g.addEventListener("click", () => vscode.postMessage({ kind: "reveal", cellUri: node.cellUri }));
    return g;
  }

  private setStates(states: Record<string, string>): void {
    for (const g of this.nodes()) {
      const state = states[g.dataset.cellUri ?? ""] ?? "idle";
      if (g.dataset.state !== state) {
        g.classList.remove(`state-${g.dataset.state ?? "idle"}`);
        g.classList.add(`state-${state}`);
        g.dataset.state = state;
      }
    }
  }

  private select(cellUri: string | null, ancestors: Set<string>, descendants: Set<string>): void {
    const lit = (uri: string): boolean => cellUri === null || uri === cellUri || ancestors.has(uri) || descendants.has(uri);
    for (const g of this.nodes()) {
      const uri = g.dataset.cellUri ?? "";
      g.classList.toggle("selected", uri === cellUri);
      g.classList.toggle("ancestor", ancestors.has(uri));
      g.classList.toggle("descendant", descendants.has(uri));
      g.classList.toggle("dimmed", !lit(uri));
    }
    for (const g of this.viewport.querySelectorAll<SVGGElement>("g.edge")) {
      const on = lit(g.dataset.source ?? "") && lit(g.dataset.target ?? "");
      g.classList.toggle("dimmed", !on);
    }
  }

  private nodes(): NodeListOf<SVGGElement> {
    return this.viewport.querySelectorAll<SVGGElement>("g.node");
  }

  private fit(): void {
    const layout = this.layout;
    const box = this.svg.getBoundingClientRect();
    if (layout === undefined || box.width === 0 || box.height === 0 || layout.width === 0) {
      return;
    }
    const scale = clamp(Math.min(box.width / layout.width, box.height / layout.height, 1.5));
    this.view = { scale, x: (box.width - layout.width * scale) / 2, y: Math.max(0, (box.height - layout.height * scale) / 2) };
    this.svg.dataset.fitted = "true";
    this.apply();
  }

  private fittedByHand(): boolean {
    return this.svg.dataset.fitted !== "true";
  }

  private zoomBy(factor: number, atX?: number, atY?: number): void {
    const box = this.svg.getBoundingClientRect();
    const cx = atX ?? box.width / 2;
    const cy = atY ?? box.height / 2;
    const scale = clamp(this.view.scale * factor);
    const k = scale / this.view.scale;
    this.view = { scale, x: cx - (cx - this.view.x) * k, y: cy - (cy - this.view.y) * k };
    this.svg.dataset.fitted = "false";
    this.apply();
  }

  private apply(): void {
    this.viewport.setAttribute("transform", `translate(${this.view.x}, ${this.view.y}) scale(${this.view.scale})`);
  }

  private pansAndZooms(): void {
    let from: { x: number; y: number; view: View } | undefined;
    this.svg.addEventListener("pointerdown", (event) => {
      if ((event.target as Element).closest("g.node") !== null) {
        return;
      }
      from = { x: event.clientX, y: event.clientY, view: this.view };
      this.svg.setPointerCapture(event.pointerId);
      this.svg.classList.add("panning");
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (from !== undefined) {
        this.view = { ...from.view, x: from.view.x + event.clientX - from.x, y: from.view.y + event.clientY - from.y };
        this.svg.dataset.fitted = "false";
        this.apply();
      }
    });
    const stop = (): void => {
      from = undefined;
      this.svg.classList.remove("panning");
    };
    this.svg.addEventListener("pointerup", stop);
    this.svg.addEventListener("pointercancel", stop);
    this.svg.addEventListener("wheel", (event) => {
      event.preventDefault();
      const box = this.svg.getBoundingClientRect();
      this.zoomBy(Math.exp(-event.deltaY / 500), event.clientX - box.left, event.clientY - box.top);
    }, { passive: false });
  }
}

function edgeElement(edge: PlacedEdge): SVGGElement {
  const g = element("g", { class: edge.error === null ? "edge" : `edge graph-error error-${edge.error}` });
  g.dataset.source = edge.source;
  g.dataset.target = edge.target;
  g.dataset.names = edge.label;
  const d = edge.points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x},${p.y}`).join(" ");
  const label = element("text", { x: String(edge.labelX), y: String(edge.labelY + 4), "text-anchor": "middle" });
  label.textContent = edge.label;
  const title = element("title", {});
  title.textContent = edge.error === null ? edge.label : `${edge.label} (${edge.error})`;
  g.append(title, element("path", { d, "marker-end": "url(#lichen-arrow)" }), label);
  return g;
}

function arrowMarker(): SVGDefsElement {
  const defs = element("defs", {});
  const marker = element("marker", { id: "lichen-arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "8", markerHeight: "8", orient: "auto-start-reverse" });
  marker.append(element("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "var(--vscode-editorWidget-border, #888)" }));
  defs.append(marker);
  return defs;
}

function element<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string>): SVGElementTagNameMap[K] {
  const result = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    result.setAttribute(name, value);
  }
  return result;
}

function button(text: string, title: string, onClick: () => void): HTMLButtonElement {
  const result = document.createElement("button");
  result.textContent = text;
  result.title = title;
  result.addEventListener("click", onClick);
  return result;
}

function clamp(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

new GraphPage();
