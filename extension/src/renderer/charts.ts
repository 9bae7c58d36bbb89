// Charts: Vega-Lite and Vega specs (altair) drawn by vega-embed, plotly figures by plotly.js.
// Both libraries come with the extension (bundled from npm, nothing fetched) and are large, so
// each is a chunk of its own loaded the first time an output needs it (`vegaChart.ts`,
// `plotlyChart.ts`): a notebook without charts loads neither. Charts follow the VS Code theme
// the webview shows (its body's `vscode-dark` / `vscode-high-contrast` classes).
import { h, type Env } from "./env";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const VEGA_LITE = /^application\/vnd\.vegalite\.v\d+\+json$/;
const VEGA = /^application\/vnd\.vega\.v\d+\+json$/;

/** Whether this renderer draws `mime` as a chart. */
export function isChartMime(mime: string): boolean {
  return mime === PLOTLY_MIME || VEGA_LITE.test(mime) || VEGA.test(mime);
}

export type Theme = "light" | "dark";

/** The theme of the webview `doc` belongs to. */
export function themeOf(doc: Document): Theme {
  const body = doc.body?.classList;
  return body?.contains("vscode-dark") || body?.contains("vscode-high-contrast") ? "dark" : "light";
}

/** What the user selected on a chart, as the chart element's raw value sends it (the forms are
 * in the kernel's `lichen.runtime.ui.selections`); null when the selection was cleared. */
export type OnSelect = (selection: unknown) => void;

/** What a chart chunk exports: draw `spec` into `box`, calling `onSelect` (when given) with
 * each selection the user makes; the returned function undoes it. */
export type DrawChart = (box: HTMLElement, spec: unknown, mime: string, theme: Theme, onSelect?: OnSelect) => Promise<() => void>;

/** A box the chart is drawn into once its library has loaded; a failure is shown in its place. */
export function chart(mime: string, text: string, env: Env, onSelect?: OnSelect): HTMLElement {
  const box = h(env, "div", { class: "lichen-chart", "data-mime": mime, "aria-busy": "true" });
  let undo: (() => void) | undefined;
  let disposed = false;
  env.cleanup.push(() => {
    disposed = true;
    undo?.();
  });
  const load: Promise<{ draw: DrawChart }> = mime === PLOTLY_MIME ? import("./plotlyChart") : import("./vegaChart");
  void (async () => {
    try {
      const spec: unknown = JSON.parse(text);
      const { draw } = await load;
      if (!disposed) {
        undo = await draw(box, spec, mime, themeOf(env.doc), onSelect);
      }
    } catch (error) {
      box.replaceChildren(
        h(env, "div", { class: "lichen-error", role: "alert" }, `Lichen could not draw this chart: ${error instanceof Error ? error.message : String(error)}`),
      );
    } finally {
      box.removeAttribute("aria-busy");
    }
  })();
  return box;
}
