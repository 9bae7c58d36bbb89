// The KaTeX chunk (loaded by `math.ts` when an output has math): TeX to MathML. A formula KaTeX
// cannot parse shows its source and KaTeX's message, in the error colour.
import katex from "katex";
import type { RenderMath } from "./math";

export const renderMath: RenderMath = (tex, display) =>
  katex.renderToString(tex, { displayMode: display, output: "mathml", throwOnError: false, errorColor: "var(--vscode-errorForeground, #f14c4c)" });
