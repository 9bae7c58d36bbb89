// A plotly figure (`{data, layout}`) drawn by plotly.js (loaded on first use: see `charts.ts`),
// sized to its output and following the VS Code theme unless the figure sets its own colours.
// For a chart element, a box or lasso selection sends its points (and the box's ranges) to
// `onSelect`, and a double click that clears it sends null; such a figure drags to select.
import Plotly from "plotly.js-dist-min";
import type { DrawChart, OnSelect } from "./charts";

const DEFAULT_HEIGHT = 450; // plotly's own default, in pixels

interface Figure {
  data?: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export const draw: DrawChart = async (box, spec, _mime, theme, onSelect) => {
  const figure = (spec ?? {}) as Figure;
  const selecting = onSelect === undefined ? {} : { dragmode: "select" };
  // A fixed height unless the figure sets one: with `responsive`, plotly would otherwise follow
  // the output's height, which follows the figure's, and grow without end.
  const layout = { height: DEFAULT_HEIGHT, ...themed(theme), ...selecting, ...(figure.layout ?? {}) };
  await Plotly.newPlot(box, figure.data ?? [], layout, { responsive: true, displaylogo: false, ...(figure.config ?? {}) });
  if (onSelect !== undefined) {
    watchSelection(box as unknown as Selectable, onSelect);
  }
  return () => Plotly.purge(box);
};

interface PlotlyPoint {
  curveNumber?: number;
  pointIndex?: number;
  pointNumber?: number;
  x?: unknown;
  y?: unknown;
  z?: unknown;
  text?: unknown;
  customdata?: unknown;
}

interface Selectable {
  on(event: string, handler: (event?: { points?: PlotlyPoint[]; range?: Record<string, unknown> }) => void): void;
}

function watchSelection(plot: Selectable, onSelect: OnSelect): void {
  plot.on("plotly_selected", (event) => {
    if (event === undefined) {
      return; // a click that selected nothing: plotly_deselect follows when a selection is cleared
    }
    const points = (event.points ?? []).map((p) => {
      const point: Record<string, unknown> = { curve: p.curveNumber ?? 0, index: p.pointIndex ?? p.pointNumber ?? null, x: p.x, y: p.y };
      for (const key of ["z", "text", "customdata"] as const) {
        if (p[key] !== undefined) {
          point[key] = p[key];
        }
      }
      return point;
    });
    onSelect({ points, range: event.range ?? null });
  });
  plot.on("plotly_deselect", () => onSelect(null));
}

function themed(theme: "light" | "dark"): Record<string, unknown> {
  const color = theme === "dark" ? "#cccccc" : "#333333";
  return { paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", font: { color } };
}
