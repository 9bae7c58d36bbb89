// The notebook renderer of `application/vnd.lichen.ui+json` and of the other MIME types Lichen
// draws itself (dataframes' interactive tables): VS Code loads this ES module in the notebook's
// webview. An item of another type is drawn as a "mime" node of the payload. It draws each output into a shadow root of its own (the stylesheet stays
// inside) with the vscode-free drawing functions of this folder, and posts every value the user
// gives an element to the extension (`{elementId, value}`), which sends it to the daemon.
//
// All outputs of the webview share one value store, so an element shown by several outputs shows
// one value. Tables ask the kernel for pages through the extension (`TableQueryMessage`), each
// question answered once or given up after a deadline. When an output is redrawn (its cell ran again while the user was on one of its
// controls), focus goes back to the same control in the new drawing, so arrow keys keep working.
// What the kernel says between outputs (`KernelUiMessage`) reaches anywidgets' models
// (`widget.ts`) and the value store (a chat's reply).
import type { ActivationFunction, OutputItem, RendererApi, RendererContext } from "vscode-notebook-renderer";
import {
  readKernelMessage,
  readRefusedMessage,
  readTableAnswerMessage,
  TableQueryError,
  type TableQueryMessage,
  readValueMessage,
  type UiValueMessage,
} from "../uiMessages";
import { drawNode, type Drawing } from "./draw";
import type { TableQuery } from "./env";
import { createMarkdown } from "./markdown";
import { parsePayload, UI_MIME, type UiNode } from "./payload";
import { STYLES } from "./styles";
import { ValueStore } from "./values";
import { readWidgetMessage, receiveWidgetMessage } from "./widget";

interface Shown {
  drawing: Drawing;
  shadow: ShadowRoot;
}

// Focus lost with a disposed output is given back to a redrawn one only this soon after.
const FOCUS_HANDOVER_MS = 3000;
// A table query the kernel has not answered by then is given up (a long cell may hold it).
const QUERY_TIMEOUT_MS = 30_000;

interface Waiting {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export const activate: ActivationFunction = (context: RendererContext<unknown>): RendererApi => {
  const store = new ValueStore();
  const markdown = createMarkdown();
  const shown = new Map<string, Shown>();
  let sheet: CSSStyleSheet | undefined;
  let handover: { key: string; until: number } | undefined;

  const send = (elementId: string, value: unknown): void => {
    const message: UiValueMessage = { elementId, value };
    context.postMessage?.(message);
  };
  const waiting = new Map<number, Waiting>();
  let lastRequest = 0;
  const query: TableQuery | undefined =
    context.postMessage === undefined
      ? undefined
      : (tableId, request) =>
          new Promise((resolve, reject) => {
            const requestId = ++lastRequest;
            const timer = setTimeout(() => {
              waiting.delete(requestId);
              reject(new TableQueryError(`the kernel did not answer within ${QUERY_TIMEOUT_MS / 1000} s (is a cell still running?)`, false));
            }, QUERY_TIMEOUT_MS);
            waiting.set(requestId, { resolve, reject, timer });
            const message: TableQueryMessage = { tableQuery: { requestId, tableId, request } };
            context.postMessage?.(message);
          });
  context.onDidReceiveMessage?.((message: unknown) => {
    // The kernel's own word: an anywidget's traits or message, or an element's new raw value.
    const told = readKernelMessage(message);
    const widget = readWidgetMessage(told);
    if (widget !== undefined) {
      receiveWidgetMessage(widget);
    }
    const value = readValueMessage(told);
    if (value !== undefined) {
      store.set(value.elementId, value.value);
    }
    const refused = readRefusedMessage(message);
    if (refused !== undefined) {
      store.problem(refused.elementId, refused.refused);
    }
    const answer = readTableAnswerMessage(message);
    const asked = answer === undefined ? undefined : waiting.get(answer.requestId);
    if (answer !== undefined && asked !== undefined) {
      waiting.delete(answer.requestId);
      clearTimeout(asked.timer);
      if (answer.error === undefined) {
        asked.resolve(answer.result);
      } else {
        asked.reject(new TableQueryError(answer.error, answer.gone === true));
      }
    }
  });

  const styleOf = (doc: Document): Node[] => {
    try {
      sheet ??= new CSSStyleSheet();
      if (sheet.cssRules.length === 0) {
        sheet.replaceSync(STYLES);
      }
      return [];
    } catch {
      sheet = undefined; // no constructable style sheets: a style element per output
      const style = doc.createElement("style");
      style.textContent = STYLES;
      return [style];
    }
  };

  const render = (item: OutputItem, element: HTMLElement): void => {
    const doc = element.ownerDocument;
    const previous = shown.get(item.id);
    const focused = previous !== undefined ? focusKeyIn(previous.shadow) : undefined;
    previous?.drawing.dispose();
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: "open" });
    const styles = styleOf(doc);
    if (sheet !== undefined) {
      shadow.adoptedStyleSheets = [sheet];
    }
    let drawing: Drawing;
    try {
      drawing = drawNode(nodeOf(item), { doc, store, markdown, send, query });
    } catch (error) {
      drawing = failure(doc, error);
    }
    const root = doc.createElement("div");
    root.className = "lichen-root";
    root.append(drawing.root);
    shadow.replaceChildren(...styles, root);
    shown.set(item.id, { drawing, shadow });

    const key = focused ?? (handover !== undefined && handover.until > Date.now() ? handover.key : undefined);
    if (key !== undefined && focusKey(shadow, key)) {
      handover = undefined;
    }
  };

  const dispose = (id: string): void => {
    const output = shown.get(id);
    if (output === undefined) {
      return;
    }
    shown.delete(id);
    const key = focusKeyIn(output.shadow);
    output.drawing.dispose();
    if (key === undefined) {
      return;
    }
    // The control had focus: give it to the same control in a newer output, now or when drawn.
    const others = [...shown.values()].reverse();
    if (!others.some((other) => focusKey(other.shadow, key))) {
      handover = { key, until: Date.now() + FOCUS_HANDOVER_MS };
    }
  };

  return {
    renderOutputItem: render,
    disposeOutputItem: (id?: string) => {
      for (const each of id === undefined ? [...shown.keys()] : [id]) {
        dispose(each);
      }
    },
  };
};

/** The node an output item draws: the UI payload's, or the item as a MIME bundle of one type. */
function nodeOf(item: OutputItem): UiNode {
  if (item.mime === UI_MIME) {
    return parsePayload(item.text()).node;
  }
  return { type: "mime", data: { [item.mime]: item.text() } };
}

/** The focus key (`data-focus-key`) of the control focused in `shadow`, if any. */
function focusKeyIn(shadow: ShadowRoot): string | undefined {
  return shadow.activeElement?.getAttribute("data-focus-key") ?? undefined;
}

/** Focuses the control with `key` in `shadow`; whether there was one. */
function focusKey(shadow: ShadowRoot, key: string): boolean {
  const control = [...shadow.querySelectorAll<HTMLElement>("[data-focus-key]")].find(
    (el) => el.getAttribute("data-focus-key") === key,
  );
  control?.focus({ preventScroll: true });
  return control !== undefined;
}

function failure(doc: Document, error: unknown): Drawing {
  const box = doc.createElement("div");
  box.className = "lichen-error";
  box.setAttribute("role", "alert");
  box.textContent = `Lichen could not draw this output: ${error instanceof Error ? error.message : String(error)}.`;
  return { root: box, dispose: () => undefined };
}
