// A plotly figure (`{data, layout}`) drawn by plotly.js (loaded on first use: see `charts.ts`),
// sized to its output and following the VS Code theme unless the figure sets its own colours.
import Plotly from "plotly.js-dist-min";
import type { DrawChart } from "./charts";

interface Figure {
  data?: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export const draw: DrawChart = async (box, spec, _mime, theme) => {
  const figure = (spec ?? {}) as Figure;
  const layout = { ...themed(theme), ...(figure.layout ?? {}) };
  await Plotly.newPlot(box, figure.data ?? [], layout, { responsive: true, displaylogo: false, ...(figure.config ?? {}) });
  return () => Plotly.purge(box);
};

function themed(theme: "light" | "dark"): Record<string, unknown> {
  const color = theme === "dark" ? "#cccccc" : "#333333";
  return { paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", font: { color } };
}
