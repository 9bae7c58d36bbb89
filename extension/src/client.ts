// The language client's options and typed access to the `lichen/*` methods. Message shapes and
// method names come from the shared protocol, generated from the daemon's declarations.
import * as vscode from "vscode";
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  RevealOutputChannelOn,
  type BaseLanguageClient,
  type LanguageClientOptions,
} from "vscode-languageclient";
import type { Notifications, Requests, Settings } from "../../shared-protocol/src/protocol";
import type { Log } from "./log";
import { CELL_LANGUAGE, NOTEBOOK_TYPE } from "./notebookData";

export { Methods } from "../../shared-protocol/src/protocol";

/**
 * Options for the daemon's client: it syncs the Python cells of Lichen notebooks (the daemon
 * declares `notebookDocumentSync` for them), starts with `settings` as initialization options,
 * and leaves restarting and telling the user to the extension (`closed` is called instead).
 */
export function clientOptions(log: Log, settings: Settings, closed: () => void): LanguageClientOptions {
  return {
    documentSelector: [{ notebook: NOTEBOOK_TYPE, language: CELL_LANGUAGE }],
    outputChannel: log.channel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: settings,
    initializationFailedHandler: (error) => {
      log.error("The Lichen daemon failed to initialize.", error);
      return false;
    },
    errorHandler: {
      error: (error, _message, count) => {
        log.error("Error on the connection to the Lichen daemon.", error);
        return { action: (count ?? 0) < 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: () => {
        closed();
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
}

export type Method = keyof Requests;

/** Sends `method` with `params` and resolves with its typed result. */
export function request<M extends Method>(
  client: BaseLanguageClient,
  method: M,
  params: Requests[M]["params"],
  token?: vscode.CancellationToken,
): Promise<Requests[M]["result"]> {
  return token === undefined ? client.sendRequest(method, params) : client.sendRequest(method, params, token);
}

/** Calls `handler` with each `method` notification the daemon sends. */
export function onNotification<M extends keyof Notifications>(
  client: BaseLanguageClient,
  method: M,
  handler: (params: Notifications[M]) => void,
): vscode.Disposable {
  return client.onNotification(method, handler);
}

/** Tells the running daemon the current settings (the whole object, as on initialization). */
export function sendSettings(client: BaseLanguageClient, settings: Settings): Promise<void> {
  return client.sendNotification(DidChangeConfigurationNotification.type, { settings });
}
