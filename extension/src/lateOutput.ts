// Text a cell's threads or subprocesses write after the cell ended: it belongs to that cell, not
// to whichever cell runs now, and a finished cell's outputs are not reopened for it. It goes to
// one output channel, each piece headed by the notebook and cell it came from; the first piece
// in a window says where it went.
import * as path from "node:path";
import * as vscode from "vscode";

export class LateOutput implements vscode.Disposable {
  private channel?: vscode.OutputChannel;
  private lastSource?: string;

  write(cell: vscode.NotebookCell | undefined, cellUri: string, name: string, text: string): void {
    const source = cell === undefined ? cellUri : `${path.basename(cell.notebook.uri.path)}, cell ${cell.index + 1}`;
    if (this.channel === undefined) {
      this.channel = vscode.window.createOutputChannel("Lichen: Output After Cells Ended");
      void vscode.window.setStatusBarMessage(`Lichen: ${source} wrote output after it ended (see the Output panel)`, 8000);
    }
    const heading = `${source}${name === "stderr" ? " (stderr)" : ""}`;
    if (heading !== this.lastSource) {
      this.channel.append(`\n--- ${heading} ---\n`);
      this.lastSource = heading;
    }
    this.channel.append(text);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
