// The `lichen` debug configuration: what launch.json or Debug Cell gives, and the attach request's
// arguments once the daemon opened a session with the kernel's debugpy. Pure: `debug.ts` uses it.
import type { DebugConfiguration } from "vscode";
import type { DebugAttach } from "../../shared-protocol/src/protocol";

export const DEBUG_TYPE = "lichen";

export interface LichenDebugConfiguration extends DebugConfiguration {
  /** The notebook whose kernel to attach to; the active notebook when left out. */
  notebookUri?: string;
  justMyCode?: boolean;
  /** Filled in when resolved: the daemon's number of the session with the kernel's debugpy. */
  kernelSession?: number;
}

/**
 * A configuration with what it needs filled in: F5 without a launch.json gives an empty one, a
 * launch.json entry may leave out the request or the name.
 */
export function withDefaults(config: DebugConfiguration): LichenDebugConfiguration {
  return {
    ...config,
    type: DEBUG_TYPE,
    request: config.request || "attach",
    name: config.name || "Lichen: Attach to the Notebook's Kernel",
  };
}

/**
 * The attach request's arguments: the user's configuration, the daemon's session and path
 * mappings (cells named by their cell URIs), and what makes a notebook read well in the debugger:
 * Lichen's own frames hidden, cell output left in the cells rather than copied to the console.
 */
export function attachConfiguration(config: LichenDebugConfiguration, notebookUri: string, attach: DebugAttach): LichenDebugConfiguration {
  const rules = Array.isArray(config.rules) ? (config.rules as unknown[]) : [];
  return {
    ...config,
    notebookUri,
    kernelSession: attach.session,
    pathMappings: attach.pathMappings,
    justMyCode: config.justMyCode ?? true,
    redirectOutput: false,
    rules: [{ module: "lichen", include: false }, ...rules],
  };
}

/** Whether this extension host has a daemon with kernel processes to debug (a browser's runs
 * Python in a web worker, where debugpy cannot run). */
export function debuggerAvailable(host: { process?: { versions?: { node?: string } } } = globalThis): boolean {
  return typeof host.process?.versions?.node === "string";
}

/** `message`, changed so that a disconnect never asks debugpy to end the kernel it runs in. */
export function keepDebuggee<T extends { type?: string; command?: string; arguments?: { terminateDebuggee?: boolean } }>(message: T): T {
  if (message.type === "request" && message.command === "disconnect" && message.arguments?.terminateDebuggee) {
    message.arguments.terminateDebuggee = false;
  }
  return message;
}
