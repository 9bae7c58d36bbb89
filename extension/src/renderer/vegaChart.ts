// A Vega-Lite or Vega spec drawn by vega-embed (loaded on first use: see `charts.ts`). Large
// inline data sets draw on a canvas, which stays fast with many marks; the rest as SVG.
import embed, { type VisualizationSpec } from "vega-embed";
import type { DrawChart } from "./charts";

const CANVAS_ABOVE = 5000; // rows of inline data

export const draw: DrawChart = async (box, spec, mime, theme) => {
  const result = await embed(box, spec as VisualizationSpec, {
    mode: mime.includes("vegalite") ? "vega-lite" : "vega",
    renderer: inlineRows(spec) > CANVAS_ABOVE ? "canvas" : "svg",
    actions: false,
    theme: theme === "dark" ? "dark" : undefined,
    config: { background: "transparent" },
  });
  return () => result.finalize();
};

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
