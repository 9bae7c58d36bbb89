// The mermaid chunk (loaded by `mermaid.ts` when an output holds a diagram). Diagrams are drawn
// one at a time: mermaid keeps one configuration, set here for the theme of each.
import mermaid from "mermaid";
import type { RenderDiagram } from "./mermaid";

let counter = 0;
let queue: Promise<unknown> = Promise.resolve();

export const renderDiagram: RenderDiagram = (diagram, theme) => {
  const next = queue.then(async () => {
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: theme === "dark" ? "dark" : "default" });
    counter += 1;
    const { svg } = await mermaid.render(`lichen-mermaid-${counter}`, diagram);
    return svg;
  });
  queue = next.catch(() => undefined);
  return next;
};
