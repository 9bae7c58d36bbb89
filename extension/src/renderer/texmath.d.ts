// markdown-it-texmath ships no types: the plugin as the renderer uses it.
declare module "markdown-it-texmath" {
  import type MarkdownIt from "markdown-it";
  const texmath: MarkdownIt.PluginWithOptions<{
    engine: { renderToString(tex: string, options: { displayMode?: boolean }): string };
    delimiters?: string | string[];
  }>;
  export default texmath;
}
