// The debug adapter of a `lichen` session, inside the extension host: it carries the Debug Adapter
// Protocol between VS Code and debugpy in the notebook's kernel as daemon notifications
// (`lichen/debugToKernel`, `lichen/debugFromKernel`), and the daemon over the kernel's own
// channel. No port opens anywhere, so no other user of the machine can reach the debugger.
import * as vscode from "vscode";
import type { DebugMessage, DebugSessionParams } from "../../shared-protocol/src/protocol";
import { keepDebuggee } from "./debugConfig";

/** What the adapter sends through: the daemon's notifications of one session. */
export interface KernelDebugLink {
  toKernel(params: DebugMessage): void;
  detach(params: DebugSessionParams): void;
}

export class KernelDebugAdapter implements vscode.DebugAdapter {
  private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.sent.event;
  private ended = false;
  /** debugpy's messages held until VS Code sends its first request (it listens by then). */
  private held: object[] | undefined;

  constructor(
    private readonly notebookUri: string,
    private readonly session: number,
    private readonly link: KernelDebugLink,
    early: readonly object[] = [],
  ) {
    this.held = [...early];
  }

  /** A request of VS Code's, to debugpy; a disconnect never ends the kernel it runs in. */
  handleMessage(message: vscode.DebugProtocolMessage): void {
    const held = this.held;
    this.held = undefined;
    held?.forEach((early) => this.fromKernel(early));
    if (this.ended) {
      return;
    }
    const request = keepDebuggee(message as { type?: string; command?: string; arguments?: { terminateDebuggee?: boolean } });
    this.link.toKernel({ notebookUri: this.notebookUri, session: this.session, message: request as Record<string, unknown> });
  }

  /** A response or event of debugpy's (or `terminated`, once the kernel restarted or died). */
  fromKernel(message: object): void {
    if (this.held !== undefined) {
      this.held.push(message);
    } else if (!this.ended) {
      this.sent.fire(message as vscode.DebugProtocolMessage);
    }
  }

  /** The session ended: the kernel's debugger lets paused cells go on. */
  dispose(): void {
    if (!this.ended) {
      this.ended = true;
      this.link.detach({ notebookUri: this.notebookUri, session: this.session });
    }
    this.sent.dispose();
  }
}
