// The chart elements `altair_chart` and `plotly`: the chart (props.figure, the chart's MIME
// bundle) drawn as any chart output is, with what the user selects on it sent as the element's
// raw value, so the cells reading the element run again with the selected rows or points.
import { chart, isChartMime } from "./charts";
import { Binding, type Env } from "./env";
import { field } from "./fields";
import { chooseMime, mime } from "./layout";
import type { ElementNode } from "./payload";

export function chartElement(node: ElementNode, env: Env): HTMLElement {
  const figure = (node.props.figure ?? {}) as Record<string, string>;
  const chosen = chooseMime(figure);
  if (chosen === undefined || !isChartMime(chosen)) {
    return field(node, env, undefined, mime({ type: "mime", data: figure }, env)); // not exported as a spec
  }
  const binding = new Binding(env, node.id, node.value, () => undefined);
  return field(node, env, undefined, chart(chosen, figure[chosen]!, env, (selection) => binding.commit(selection)));
}
