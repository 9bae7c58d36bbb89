// A Vega-Lite or Vega spec drawn by vega-embed (loaded on first use: see `charts.ts`). Large
// inline data sets draw on a canvas, which stays fast with many marks; the rest as SVG. For a
// chart element, every selection parameter of the spec is watched: its signal's value, with its
// type, goes to `onSelect` a moment after the user stops dragging.
import embed, { type VisualizationSpec } from "vega-embed";
import type { DrawChart, OnSelect } from "./charts";

const CANVAS_ABOVE = 5000; // rows of inline data
const SELECT_SETTLE_MS = 150; // a brush being dragged sends once it rests this long

export const draw: DrawChart = async (box, spec, mime, theme, onSelect) => {
  const result = await embed(box, spec as VisualizationSpec, {
    mode: mime.includes("vegalite") ? "vega-lite" : "vega",
    renderer: inlineRows(spec) > CANVAS_ABOVE ? "canvas" : "svg",
    actions: false,
    theme: theme === "dark" ? "dark" : undefined,
    config: { background: "transparent" },
  });
  const stop = onSelect === undefined ? () => undefined : watchSelections(result.view, selectionParams(spec), onSelect);
  return () => {
    stop();
    result.finalize();
  };
};

interface SignalView {
  addSignalListener(name: string, handler: (name: string, value: unknown) => void): unknown;
  removeSignalListener(name: string, handler: (name: string, value: unknown) => void): unknown;
}

function watchSelections(view: SignalView, params: Map<string, string>, onSelect: OnSelect): () => void {
  const current: Record<string, { type: string; value: unknown }> = {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const handler = (name: string, value: unknown): void => {
    current[name] = { type: params.get(name) ?? "point", value: value ?? {} };
    clearTimeout(timer);
    timer = setTimeout(() => onSelect({ ...current }), SELECT_SETTLE_MS);
  };
  const watched = [...params.keys()].filter((name) => {
    try {
      view.addSignalListener(name, handler);
      return true;
    } catch {
      return false; // a parameter vega-lite did not make a signal of
    }
  });
  return () => {
    clearTimeout(timer);
    for (const name of watched) {
      view.removeSignalListener(name, handler);
    }
  };
}

/** The selection parameters of a Vega-Lite spec, at every level, with their types. */
export function selectionParams(spec: unknown, found = new Map<string, string>()): Map<string, string> {
  if (typeof spec !== "object" || spec === null) {
    return found;
  }
  for (const [key, value] of Object.entries(spec as Record<string, unknown>)) {
    if (key === "params" && Array.isArray(value)) {
      for (const param of value as { name?: unknown; select?: unknown }[]) {
        const select = param.select;
        const type = typeof select === "string" ? select : (select as { type?: unknown } | undefined)?.type;
        if (typeof param.name === "string" && (type === "interval" || type === "point")) {
          found.set(param.name, type);
        }
      }
    } else if (typeof value === "object" && key !== "data" && key !== "datasets") {
      selectionParams(value, found);
    }
  }
  return found;
}

/** How many rows the spec's inline data (`data.values`, `datasets`) hold, at every level. */
export function inlineRows(spec: unknown): number {
  if (typeof spec !== "object" || spec === null) {
    return 0;
  }
  let rows = 0;
  for (const [key, value] of Object.entries(spec as Record<string, unknown>)) {
    if (key === "values" && Array.isArray(value)) {
      rows += value.length;
    } else if (key === "datasets" && typeof value === "object" && value !== null) {
      rows += Object.values(value).reduce<number>((n, d) => n + (Array.isArray(d) ? d.length : 0), 0);
    } else if (typeof value === "object") {
      rows += inlineRows(value);
    }
  }
  return rows;
}
