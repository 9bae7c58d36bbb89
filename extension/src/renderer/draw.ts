// Drawing a payload: one function per node type and one per element kind, each a plain typed
// DOM function of the node and the drawing's `Env`. Nothing here knows of VS Code: `index.ts`
// hands in the document, the value store and where values go.
import { chartElement } from "./chartElements";
import { chat } from "./chat";
import { array, batch, dictionary, form, tabsElement } from "./composites";
import { codeEditor, matrix } from "./editors";
import { fileBrowser, fileUpload } from "./files";
import { dataEditor, dataExplorer, dataframe } from "./frames";
import { h, uid, type Env, type Markdown, type TableQuery } from "./env";
import { button, checkbox, dateInput, dropdown, multiselect, numberInput, radio, textInput } from "./inputs";
import { accordion, align, callout, mime, rich, stack, style, tabs, text } from "./layout";
import { microphone, refresh } from "./live";
import { dateRange, datetimeInput } from "./moments";
import type { ElementNode, UiNode } from "./payload";
import { rangeSlider, slider } from "./sliders";
import { progress, spinner } from "./status";
import { table } from "./table";
import type { ValueStore } from "./values";
import { anywidget } from "./widget";

type DrawElement = (node: ElementNode, env: Env) => HTMLElement;

const ELEMENTS: Readonly<Record<string, DrawElement>> = {
  slider,
  range_slider: rangeSlider,
  number: numberInput,
  text: textInput,
  text_area: textInput,
  checkbox,
  switch: checkbox,
  dropdown,
  radio,
  multiselect,
  date: dateInput,
  button,
  run_button: button,
  table,
  form,
  array,
  dictionary,
  batch,
  tabs: tabsElement,
  datetime: datetimeInput,
  date_range: dateRange,
  code_editor: codeEditor,
  matrix,
  file: fileUpload,
  file_browser: fileBrowser,
  refresh,
  microphone,
  chat,
  data_editor: dataEditor,
  dataframe,
  data_explorer: dataExplorer,
  anywidget,
  altair_chart: chartElement,
  plotly: chartElement,
};

/** The element kinds drawn with their own controls. */
export const ELEMENT_KINDS: readonly string[] = Object.keys(ELEMENTS);

/** Draws any node. */
export function draw(node: UiNode, env: Env): HTMLElement {
  switch (node.type) {
    case "element":
      return (ELEMENTS[node.kind] ?? unknownElement)(node, env);
    case "markdown":
      return rich(node.text ?? "", node.slots ?? [], env, true);
    case "html":
      return rich(node.html ?? "", node.slots ?? [], env, false);
    case "text":
      return text(node.text ?? "", env);
    case "mime":
      return mime(node, env);
    case "stack":
      return stack(node, env);
    case "tabs":
      return tabs(node, env);
    case "accordion":
      return accordion(node, env);
    case "callout":
      return callout(node, env);
    case "align":
      return align(node, env);
    case "style":
      return style(node, env);
    case "progress":
      return progress(node, env);
    case "spinner":
      return spinner(node, env);
    default:
      return h(env, "span", { class: "lichen-unknown" }, `[${(node as { type: string }).type}]`);
  }
}

/** An element this renderer does not know (a newer kernel's): its label and value as text. */
function unknownElement(node: ElementNode, env: Env): HTMLElement {
  const label = node.label ? `${node.label}: ` : "";
  return h(env, "span", { class: "lichen-element lichen-unknown" }, `${label}[${node.kind}: ${JSON.stringify(node.value)}]`);
}

/** What a drawing needs from outside. */
export interface Host {
  doc: Document;
  store: ValueStore;
  markdown: Markdown;
  send: (elementId: string, value: unknown) => void;
  query?: TableQuery;
}

/** A drawn node and how to undo what drawing it registered. */
export interface Drawing {
  root: HTMLElement;
  dispose(): void;
}

/** Draws `node` for `host`. */
export function drawNode(node: UiNode, host: Host): Drawing {
  const cleanup: (() => void)[] = [];
  const env: Env = { ...host, cleanup, draw, uid };
  const root = draw(node, env);
  return {
    root,
    dispose: () => {
      for (const dispose of cleanup.splice(0)) {
        dispose();
      }
    },
  };
}
