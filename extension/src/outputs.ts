// A cell's MIME bundle and error, as the daemon sends them, turned into output items VS Code can
// show. Pure: the controller wraps the results in `NotebookCellOutputItem`s.
import { TABLE_MIME, UI_MIME, type CellErrorInfo } from "../../shared-protocol/src/protocol";

export interface PlainItem {
  mime: string;
  data: Uint8Array;
}

/** The fields of `NotebookCellOutputItem.error(...)`: VS Code shows the stack under the message. */
export interface PlainError {
  name: string;
  message: string;
  stack: string;
}

// Richest first: VS Code picks the first item whose renderer it has, in its own preference
// order, so this order only decides ties and what the text copy shows.
const ORDER = [
  UI_MIME,
  TABLE_MIME,
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
];

/** Whether the daemon sends this MIME type base64-encoded (binary images). */
export function isBase64Mime(mime: string): boolean {
  if (mime === "image/svg+xml") {
    return false;
  }
  return mime.startsWith("image/") || mime === "application/pdf" || mime === "application/octet-stream";
}

/** The output items of a MIME bundle, richest first; undecodable entries are left out. */
export function bundleItems(bundle: { readonly [mime: string]: string } | null | undefined): PlainItem[] {
  if (!bundle) {
    return [];
  }
  const mimes = Object.keys(bundle).sort((a, b) => rank(a) - rank(b));
  const items: PlainItem[] = [];
  for (const mime of mimes) {
    const value = bundle[mime];
    if (typeof value !== "string") {
      continue;
    }
    const data = isBase64Mime(mime) ? decodeBase64(value) : encodeText(value);
    if (data !== undefined) {
      items.push({ mime, data });
    }
  }
  return items;
}

function rank(mime: string): number {
  const index = ORDER.indexOf(mime);
  return index === -1 ? ORDER.length - 1 : index;
}

/** What `NotebookCellOutputItem.error` takes for a cell's exception. */
export function errorFields(error: CellErrorInfo): PlainError {
  return {
    name: error.ename,
    message: error.evalue,
    stack: error.traceback,
  };
}

/** An error for a cell that could not run at all (a syntax error, a cycle): the reason is the message. */
export function reasonError(status: string, reason: string): PlainError {
  return { name: status === "error" ? "Error" : status, message: reason, stack: "" };
}

const encoder = new TextEncoder();

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Bytes of a base64 string, or undefined when it is not base64. Works in Node and in browsers. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    return undefined;
  }
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}
