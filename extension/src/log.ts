// One log channel for everything Lichen does, and the one way errors reach the user: a short
// message saying what to do next, with "Show Log" for the details. Never a stack trace.
import * as vscode from "vscode";

export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel("Lichen", { log: true });
  }

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  /** Logs `message` and the details of `error` (its stack included): for the log only. */
  error(message: string, error?: unknown): void {
    this.channel.error(error === undefined ? message : `${message}\n${details(error)}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** One action button on an error message and what it does. */
export interface Action {
  title: string;
  run: () => unknown;
}

/**
 * Shows `message` once as an error notification with `actions` and "Show Log"; resolves when the
 * user picked one (or dismissed it). The message must already say what failed and what to do.
 */
export async function showError(log: Log, message: string, ...actions: Action[]): Promise<void> {
  log.error(message);
  const showLog: Action = { title: "Show Log", run: () => log.show() };
  const all = [...actions, showLog];
  const picked = await vscode.window.showErrorMessage(message, ...all.map((a) => a.title));
  await all.find((a) => a.title === picked)?.run();
}

/** `text` ending with a full stop (or the punctuation it already ends with). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The JSON-RPC error code of a failed request, if it has one. */
export function errorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/** `error`'s message in one line without its final full stop, for a notification; the log gets
 * the rest. */
export function short(error: unknown): string {
  const line = firstLine(error instanceof Error ? error.message : String(error));
  return line.replace(/\.+$/, "");
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? text;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

function details(error: unknown): string {
  if (error instanceof Error) {
    return error.stack ?? `${error.name}: ${error.message}`;
  }
  try {
    return typeof error === "string" ? error : JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** An error whose message is meant for the user as it is (it names the next step). */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly actions: Action[] = [],
  ) {
    super(message);
    this.name = "UserFacingError";
  }
}
