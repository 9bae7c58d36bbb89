// LaTeX in markdown and `text/latex` outputs, typeset offline by KaTeX (bundled from npm).
// markdown-it-texmath finds `$...$`, `$$...$$` and `\(...\)`-style math while the markdown is
// rendered, and leaves a placeholder holding the TeX; once the text is drawn, `typeset` loads
// KaTeX (a chunk of its own, `katexMath.ts`: text without math never loads it) and replaces
// each placeholder by the formula as MathML, which the webview draws with no fonts to fetch.
import type MarkdownIt from "markdown-it";
import texmath from "markdown-it-texmath";
import type { Env } from "./env";

const PLACEHOLDER = "lichen-math";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The stand-in engine texmath renders with: a placeholder `typeset` fills in later. */
const placeholderEngine = {
  renderToString(tex: string, options: { displayMode?: boolean }): string {
    const display = options.displayMode === true;
    return `<span class="${PLACEHOLDER}" data-display="${display}">${escapeHtml(tex)}</span>`;
  },
};

/** Adds the math rules to a markdown-it instance. */
export function withMath(md: MarkdownIt): MarkdownIt {
  return md.use(texmath, { engine: placeholderEngine, delimiters: ["dollars", "brackets"] });
}

/** What the KaTeX chunk exports. */
export type RenderMath = (tex: string, display: boolean) => string;

/** Typesets the math placeholders inside `root` (when there are any); resolves when done. */
export async function typeset(root: Element, env: Pick<Env, "cleanup">): Promise<void> {
  const found = Array.from(root.querySelectorAll<HTMLElement>(`span.${PLACEHOLDER}`));
  if (found.length === 0) {
    return;
  }
  let disposed = false;
  env.cleanup.push(() => {
    disposed = true;
  });
  const { renderMath } = await import("./katexMath");
  if (disposed) {
    return;
  }
  for (const span of found) {
    const tex = span.textContent ?? "";
    span.innerHTML = renderMath(tex, span.getAttribute("data-display") === "true");
    span.classList.replace(PLACEHOLDER, "lichen-math-done");
  }
}

/**
 * A `text/latex` output as HTML with placeholders: text with `$` (or `\(`, `\[`) delimiters is
 * rendered as markdown; bare TeX (`\frac{a}{b}`, `\begin{align}...`) is one displayed formula.
 */
export function latexHtml(latex: string, md: { render(text: string): string }): string {
  const text = latex.trim();
  if (/\$|\\\(|\\\[/.test(text)) {
    return md.render(text);
  }
  return placeholderEngine.renderToString(text, { displayMode: true });
}
