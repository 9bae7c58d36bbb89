// UI elements' values, from the notebook renderer to the daemon: each value the user gives an
// element goes to `lichen/setUiValue` for the notebook of the editor that shows it (the cells
// that read the element run, and their events come back like any run's). A value the kernel
// refuses goes back to the renderer, which shows why beside the element.
import * as vscode from "vscode";
import type { Controller } from "./controller";
import type { Log } from "./log";
import { readValueMessage, UI_RENDERER_ID, type UiRefusedMessage } from "./uiMessages";

export function registerUiValues(controller: Controller, log: Log): vscode.Disposable {
  const messaging = vscode.notebooks.createRendererMessaging(UI_RENDERER_ID);
  return messaging.onDidReceiveMessage(({ editor, message }) => {
    const sent = readValueMessage(message);
    if (sent === undefined) {
      log.warn(`Ignored a message of the UI renderer that is not an element's value: ${JSON.stringify(message)}`);
      return;
    }
    void controller.setUiValue(editor.notebook, sent.elementId, sent.value).then((refused) => {
      if (refused !== undefined) {
        const reply: UiRefusedMessage = { elementId: sent.elementId, refused };
        void messaging.postMessage(reply, editor);
      }
    });
  });
}
