// Mermaid diagrams (`lichen.mermaid`, `mo.mermaid`: a `<pre class="mermaid">` holding the
// diagram's text), drawn offline by mermaid (bundled from npm). mermaid is large, so it is a
// chunk of its own (`mermaidDiagram.ts`) loaded only when an output holds a diagram; it follows
// the VS Code theme. A diagram that does not parse shows mermaid's message under its text.
import { themeOf } from "./charts";
import { h, type Env } from "./env";

/** What the mermaid chunk exports: the SVG text of `diagram`. */
export type RenderDiagram = (diagram: string, theme: "light" | "dark") => Promise<string>;

/** Draws each mermaid block inside `root`; resolves when all are drawn (or have failed). */
export async function drawDiagrams(root: Element, env: Pick<Env, "cleanup" | "doc">): Promise<void> {
  const blocks = Array.from(root.querySelectorAll<HTMLElement>("pre.mermaid"));
  if (blocks.length === 0) {
    return;
  }
  let disposed = false;
  env.cleanup.push(() => {
    disposed = true;
  });
  for (const block of blocks) {
    block.setAttribute("aria-busy", "true");
  }
  const { renderDiagram } = await import("./mermaidDiagram");
  for (const block of blocks) {
    if (disposed) {
      return;
    }
    const source = block.textContent ?? "";
    try {
      const svg = await renderDiagram(source, themeOf(env.doc));
      const figure = h(env, "div", { class: "lichen-mermaid", role: "img" });
      figure.innerHTML = svg;
      block.replaceWith(figure);
    } catch (error) {
      block.removeAttribute("aria-busy");
      block.after(h(env, "div", { class: "lichen-error", role: "alert" }, `Lichen could not draw this mermaid diagram: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
}
