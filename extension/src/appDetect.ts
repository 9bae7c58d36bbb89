// Whether a Python file is a notebook: it declares `app = marimo.App(...)` or `app = lichen.App(...)`
// at the top level. Pure; `editorContext.ts` keeps a context key from it for the editor title.

const APP_LINE = /^app\s*(?::\s*[\w.]+\s*)?=\s*(?:marimo|lichen)\.App\s*\(/m;

/** Whether `text` declares a Lichen or marimo App at the top level. */
export function declaresApp(text: string): boolean {
  return APP_LINE.test(text);
}
