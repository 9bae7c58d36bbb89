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
