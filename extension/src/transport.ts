// How the extension reaches the daemon: a child process over stdio (Node extension host). This
// is the one file a browser build swaps for a Worker transport; everything else is shared.
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import type { BaseLanguageClient } from "vscode-languageclient";

/** A daemon process to start: `command args...` in `cwd` with `env`. */
export interface Launch {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A language client that starts the daemon described by `launch` and talks JSON-RPC over its stdio. */
export function createClient(id: string, name: string, launch: Launch, options: LanguageClientOptions): BaseLanguageClient {
  const executable = {
    command: launch.command,
    // No `transport`: plain stdio, without the `--stdio` argument the client would add.
    args: launch.args,
    options: { cwd: launch.cwd, env: launch.env },
  } as const;
  const server: ServerOptions = { run: executable, debug: executable };
  return new LanguageClient(id, name, server, options);
}
