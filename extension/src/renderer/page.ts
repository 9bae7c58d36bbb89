// The drawer of the page `lichen export html` writes: the renderer's own drawing functions over
// the outputs the page embeds (each a MIME bundle in a `<script type="application/json"
// class="lichen-output">`), with no kernel behind them. Elements show the values they had when
// the notebook ran and send nowhere, tables show the page they were sent with, charts draw from
// their spec. Bundled whole, chart libraries included (`esbuild.mjs`), so the page loads nothing.
import { drawNode } from "./draw";
import { createMarkdown } from "./markdown";
import { parsePayload, UI_MIME, type UiNode } from "./payload";
import { STYLES } from "./styles";
import { ValueStore } from "./values";

/** Where each output's drawing went: the page's test reads it, as a reader sees it. */
export const OUTPUT_CLASS = "lichen-output";

export function drawPage(doc: Document): void {
  const store = new ValueStore();
  const markdown = createMarkdown();
  for (const data of [...doc.querySelectorAll<HTMLScriptElement>(`script.${OUTPUT_CLASS}`)]) {
    const host = doc.createElement("div");
    host.className = OUTPUT_CLASS;
    data.replaceWith(host);
    const shadow = host.attachShadow({ mode: "open" });
    const style = doc.createElement("style");
    style.textContent = STYLES;
    const root = doc.createElement("div");
    root.className = "lichen-root";
    try {
      const bundle = JSON.parse(data.textContent ?? "{}") as Record<string, string>;
      root.append(drawNode(nodeOf(bundle), { doc, store, markdown, send: () => undefined }).root);
    } catch (error) {
      root.textContent = `This output could not be drawn: ${error instanceof Error ? error.message : String(error)}.`;
      root.className = "lichen-root lichen-error";
    }
    shadow.replaceChildren(style, root);
  }
}

/** An output's node: its UI payload, or the bundle drawn as its richest MIME type. */
function nodeOf(bundle: Record<string, string>): UiNode {
  const ui = bundle[UI_MIME];
  return ui !== undefined ? parsePayload(ui).node : { type: "mime", data: bundle };
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => drawPage(document));
  } else {
    drawPage(document);
  }
}
