// The messages between the UI renderer (in the notebook's webview) and the extension, through
// VS Code's renderer messaging. Free of vscode and of the DOM: both sides import it.

/** The `id` of the `notebookRenderer` contribution that draws `application/vnd.lichen.ui+json`. */
export const UI_RENDERER_ID = "lichen-ui";

/** Renderer to extension: someone gave an element a new raw value (`lichen/setUiValue`). */
export interface UiValueMessage {
  elementId: string;
  value: unknown;
}

/** Extension to renderer: the kernel refused a value (the element is gone, or the value is not one it takes). */
export interface UiRefusedMessage {
  elementId: string;
  refused: string;
}

/** The message as a UiValueMessage, or undefined when it is not one. */
export function readValueMessage(message: unknown): UiValueMessage | undefined {
  if (typeof message !== "object" || message === null) {
    return undefined;
  }
  const { elementId, value } = message as { elementId?: unknown; value?: unknown };
  if (typeof elementId !== "string" || elementId === "" || !("value" in message)) {
    return undefined;
  }
  return { elementId, value: value === undefined ? null : value };
}

/** The message as a UiRefusedMessage, or undefined when it is not one. */
export function readRefusedMessage(message: unknown): UiRefusedMessage | undefined {
  if (typeof message !== "object" || message === null) {
    return undefined;
  }
  const { elementId, refused } = message as { elementId?: unknown; refused?: unknown };
  return typeof elementId === "string" && typeof refused === "string" ? { elementId, refused } : undefined;
}

/** Renderer to extension: a table output asks the kernel for a page or a column summary
 * (`lichen/tableQuery`; the request is described in the Python package `lichen.runtime.tables`). */
export interface TableQueryMessage {
  tableQuery: { requestId: number; tableId: string; request: unknown };
}

/** Extension to renderer: the answer to a `TableQueryMessage`. `gone`: the table is no longer in
 * a kernel (its cell ran again, the kernel restarted or died); the output is a snapshot now. */
export interface TableAnswerMessage {
  tableAnswer: { requestId: number; result?: unknown; error?: string; gone?: boolean };
}

/** A table query the kernel did not answer; `gone` as in `TableAnswerMessage`. */
export class TableQueryError extends Error {
  constructor(
    message: string,
    readonly gone: boolean,
  ) {
    super(message);
  }
}

export function readTableQueryMessage(message: unknown): TableQueryMessage["tableQuery"] | undefined {
  const q = (message as { tableQuery?: unknown } | null)?.tableQuery as Record<string, unknown> | undefined;
  if (typeof q !== "object" || q === null || typeof q.requestId !== "number" || typeof q.tableId !== "string") {
    return undefined;
  }
  return { requestId: q.requestId, tableId: q.tableId, request: q.request ?? {} };
}

export function readTableAnswerMessage(message: unknown): TableAnswerMessage["tableAnswer"] | undefined {
  const a = (message as { tableAnswer?: unknown } | null)?.tableAnswer as Record<string, unknown> | undefined;
  if (typeof a !== "object" || a === null || typeof a.requestId !== "number") {
    return undefined;
  }
  return {
    requestId: a.requestId,
    result: a.result,
    error: typeof a.error === "string" ? a.error : undefined,
    gone: a.gone === true,
  };
}

/**
 * The stream name under which the kernel tells the renderer things between outputs
 * (`UI_STREAM` of server/lichen/protocol.py): one JSON message a line, an anywidget's
 * `{modelId, state | message, buffers?}` or an element's `{elementId, value}`.
 */
export const UI_STREAM = "lichen.ui";

/** Extension to renderer: what the kernel said on `UI_STREAM`, wrapped so that it is never
 * taken for one of the renderer's own messages. */
export interface KernelUiMessage {
  fromKernel: unknown;
}

interface StreamLike {
  event: { kind: string; name?: string; text?: string };
}

/** The events less the `UI_STREAM` ones, and the messages those carried, in order. */
export function splitUiStream<E extends StreamLike>(events: readonly E[]): { events: E[]; messages: unknown[] } {
  const kept: E[] = [];
  const messages: unknown[] = [];
  for (const each of events) {
    const { event } = each;
    if (event.kind !== "stream" || event.name !== UI_STREAM) {
      kept.push(each);
      continue;
    }
    for (const line of (event.text ?? "").split("\n")) {
      if (line.trim() === "") {
        continue;
      }
      try {
        messages.push(JSON.parse(line));
      } catch {
        // a line cut by the kernel's stream cap: the widget's next message carries its state
      }
    }
  }
  return { events: kept, messages };
}

/** The kernel's message a renderer received, or undefined when it is not one. */
export function readKernelMessage(message: unknown): unknown {
  return typeof message === "object" && message !== null && "fromKernel" in message ? (message as KernelUiMessage).fromKernel : undefined;
}
