// plotly.js-dist-min ships no types: the two calls the renderer makes.
declare module "plotly.js-dist-min" {
  const Plotly: {
    newPlot(root: HTMLElement, data: unknown[], layout?: unknown, config?: unknown): Promise<unknown>;
    purge(root: HTMLElement): void;
  };
  export default Plotly;
}
