// Markdown as HTML, with markdown-it (bundled: nothing is fetched). Raw HTML is allowed, as in
// `lichen.md`, which is how UI elements (slot tags) and layouts reach the text. Math (`$...$`)
// is left as placeholders that `math.ts` typesets once the text is drawn.
import MarkdownIt from "markdown-it";
import type { Markdown } from "./env";
import { withMath } from "./math";

export function createMarkdown(): Markdown {
  const md = withMath(new MarkdownIt({ html: true, linkify: true, typographer: false }));
  return {
    render: (text) => md.render(text),
    renderInline: (text) => md.renderInline(text),
  };
}
