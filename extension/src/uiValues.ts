// UI elements' values, from the notebook renderer to the daemon: each value the user gives an
// element goes to `lichen/setUiValue` for the notebook of the editor that shows it (the cells
// that read the element run, and their events come back like any run's). A value the kernel
// refuses goes back to the renderer, which shows why beside the element. The renderer's table
// queries go the same way (`tableQueries.ts`). What the kernel tells the renderer between outputs
// (anywidgets' traits set in Python, a chat's reply) goes to the webviews showing that notebook.
import * as vscode from "vscode";
import type { Controller } from "./controller";
import type { Ctx } from "./ctx";
import { answerTableQuery } from "./tableQueries";
import { readTableQueryMessage, readValueMessage, UI_RENDERER_ID, type KernelUiMessage, type UiRefusedMessage } from "./uiMessages";

export function registerUiValues(controller: Controller, ctx: Ctx): vscode.Disposable {
  const log = ctx.log;
  const messaging = vscode.notebooks.createRendererMessaging(UI_RENDERER_ID);
  const fromKernel = controller.onUiMessages(({ notebook, messages }) => {
    for (const editor of vscode.window.visibleNotebookEditors.filter((e) => e.notebook === notebook)) {
      for (const message of messages) {
        const wrapped: KernelUiMessage = { fromKernel: message };
        void messaging.postMessage(wrapped, editor);
      }
    }
  });
  const fromRenderer = messaging.onDidReceiveMessage(({ editor, message }) => {
    const query = readTableQueryMessage(message);
    if (query !== undefined) {
      void answerTableQuery(ctx, editor.notebook, query).then((answer) => messaging.postMessage(answer, editor));
      return;
    }
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
  return vscode.Disposable.from(fromKernel, fromRenderer);
}
