// The cell graph view's model (vscode-free and DOM-free, so the unit tests read it): a
// `lichen/cellGraph` answer laid out top to bottom by dagre (each node sized for its text, each
// edge routed with its label's place), and a cell's ancestors and descendants for highlighting.
// The webview only draws what this gives it.
import dagre from "@dagrejs/dagre";
import type { CellGraph, GraphEdge, GraphNode } from "../../shared-protocol/src/protocol";
import type { CellState } from "./cellStates";

/** Pixel sizes the webview draws with (its font is 12px; a character is about 7px wide). */
export const CHAR_WIDTH = 7;
export const LINE_HEIGHT = 16;
const NODE_PADDING = 12;
const MIN_NODE_WIDTH = 80;
const MAX_DEFINES_SHOWN = 4;

export interface PlacedNode {
  cellUri: string;
  /** 1-based position among the notebook's cells in the graph. */
  position: number;
  label: string;
  /** "defines a, b" (at most four names, then "+N"), empty when it defines nothing. */
  defines: string;
  errors: readonly string[];
  /** Centre and size. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  source: string;
  target: string;
  /** The names it carries, joined. */
  label: string;
  error: string | null;
  points: { x: number; y: number }[];
  labelX: number;
  labelY: number;
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/** "defines a, b, c, d +2", or "" for a cell that defines nothing. */
export function definesText(names: readonly string[]): string {
  if (names.length === 0) {
    return "";
  }
  const shown = names.slice(0, MAX_DEFINES_SHOWN).join(", ");
  return names.length > MAX_DEFINES_SHOWN ? `defines ${shown} +${names.length - MAX_DEFINES_SHOWN}` : `defines ${shown}`;
}

/** The graph with every node and edge given its place, top to bottom in dependency order. */
export function layOut(graph: CellGraph): GraphLayout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 48, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  graph.nodes.forEach((node, index) => {
    const lines = [`${index + 1}  ${node.label}`, definesText(node.defines)].filter((line) => line !== "");
    const width = Math.max(MIN_NODE_WIDTH, ...lines.map((line) => line.length * CHAR_WIDTH)) + 2 * NODE_PADDING;
    g.setNode(node.cellUri, { width, height: lines.length * LINE_HEIGHT + NODE_PADDING });
  });
  const known = new Set(graph.nodes.map((n) => n.cellUri));
  const edges = graph.edges.filter((e) => known.has(e.source) && known.has(e.target));
  for (const edge of edges) {
    const label = edge.names.join(", ");
    // dagre keeps room for the label beside the edge, so names never sit on a node.
    g.setEdge(edge.source, edge.target, { width: label.length * CHAR_WIDTH, height: LINE_HEIGHT, labelpos: "c" });
  }
  dagre.layout(g);
  const nodes = graph.nodes.map((node, index) => placedNode(node, index, g.node(node.cellUri)));
  const placedEdges = edges.map((edge) => placedEdge(edge, g.edge(edge.source, edge.target)));
  const size = g.graph();
  return { nodes, edges: placedEdges, width: size.width ?? 0, height: size.height ?? 0 };
}

function placedNode(node: GraphNode, index: number, at: { x: number; y: number; width: number; height: number }): PlacedNode {
  return {
    cellUri: node.cellUri,
    position: index + 1,
    label: node.label,
    defines: definesText(node.defines),
    errors: node.errors,
    x: at.x,
    y: at.y,
    width: at.width,
    height: at.height,
  };
}

function placedEdge(edge: GraphEdge, at: { points?: { x: number; y: number }[]; x?: number; y?: number }): PlacedEdge {
  const points = (at.points ?? []).map((p) => ({ x: p.x, y: p.y }));
  const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
  return {
    source: edge.source,
    target: edge.target,
    label: edge.names.join(", "),
    error: edge.error ?? null,
    points,
    labelX: at.x ?? middle.x,
    labelY: at.y ?? middle.y,
  };
}

/** The cells upstream and downstream of `cellUri` (it excluded), for highlighting a selection. */
export function related(graph: Pick<CellGraph, "edges">, cellUri: string): { ancestors: Set<string>; descendants: Set<string> } {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const edge of graph.edges) {
    push(parents, edge.target, edge.source);
    push(children, edge.source, edge.target);
  }
  return { ancestors: reach(cellUri, parents), descendants: reach(cellUri, children) };
}

function reach(start: string, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    for (const uri of next.get(todo.pop()!) ?? []) {
      if (uri !== start && !seen.has(uri)) {
        seen.add(uri);
        todo.push(uri);
      }
    }
  }
  return seen;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) {
    map.set(key, [value]);
  } else {
    list.push(value);
  }
}

/** What the extension tells the graph's webview. */
export type ToGraphPage =
  | { kind: "graph"; layout: GraphLayout; states: Record<string, CellState> }
  | { kind: "states"; states: Record<string, CellState> }
  | { kind: "select"; cellUri: string | null; ancestors: string[]; descendants: string[] }
  | { kind: "empty"; message: string };

/** What the graph's webview tells the extension. */
export type FromGraphPage = { kind: "ready" } | { kind: "reveal"; cellUri: string };
