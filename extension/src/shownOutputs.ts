// What a cell shows in the notebook editor, read back into the shape the daemon sends outputs in
// (`CellOutputData`: one MIME bundle, the printed text, the error), for Export As: the reverse
// of `outputs.ts`. Pure: no `vscode` import, so the tests run it in plain Node.
import type { CellOutputData } from "../../shared-protocol/src/protocol";
import { isBase64Mime, type PlainItem } from "./outputs";

// The MIME types VS Code gives printed text and errors (`NotebookCellOutputItem.stdout` etc.).
export const STDOUT_MIME = "application/vnd.code.notebook.stdout";
export const STDERR_MIME = "application/vnd.code.notebook.stderr";
export const ERROR_MIME = "application/vnd.code.notebook.error";

const decoder = new TextDecoder();

/** A cell's outputs (each a list of items) as one `CellOutputData`. */
export function shownOutputs(outputs: readonly (readonly PlainItem[])[]): CellOutputData {
  const streams: { name: string; text: string }[] = [];
  let output: { [mime: string]: string } | null = null;
  let error: CellOutputData["error"] = null;
  for (const items of outputs) {
    for (const item of items) {
      if (item.mime === STDOUT_MIME || item.mime === STDERR_MIME) {
        streams.push({ name: item.mime === STDERR_MIME ? "stderr" : "stdout", text: decoder.decode(item.data) });
      } else if (item.mime === ERROR_MIME) {
        error = readError(item.data);
      } else {
        output ??= {};
        output[item.mime] = isBase64Mime(item.mime) ? encodeBase64(item.data) : decoder.decode(item.data);
      }
    }
  }
  return { output, streams, error };
}

function readError(data: Uint8Array): CellOutputData["error"] {
  try {
    const { name, message, stack } = JSON.parse(decoder.decode(data)) as { name?: unknown; message?: unknown; stack?: unknown };
    return { ename: String(name ?? "Error"), evalue: String(message ?? ""), traceback: String(stack ?? "") };
  } catch {
    return { ename: "Error", evalue: decoder.decode(data), traceback: "" };
  }
}

/** Base64 of bytes, in Node and in browsers. */
export function encodeBase64(data: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < data.length; i += 0x8000) {
    binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
