// A notebook file's bytes as text and back. A UTF-8 byte order mark at the start is not part of
// the text the parser sees, but a file that had one keeps it on save (editors on Windows and some
// tools write it, and dropping it shows as a change to every such file).
const BOM = [0xef, 0xbb, 0xbf];

export interface FileText {
  text: string;
  bom: boolean;
}

/** The file's text (strict UTF-8: a file that is not throws) and whether it began with a BOM. */
export function decodeFile(content: Uint8Array): FileText {
  const bom = BOM.every((byte, i) => content[i] === byte);
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bom ? content.subarray(3) : content);
  return { text, bom };
}

/** The bytes to write for `text`, with the BOM again when the file had one. */
export function encodeFile({ text, bom }: FileText): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) {
    return body;
  }
  const bytes = new Uint8Array(BOM.length + body.length);
  bytes.set(BOM);
  bytes.set(body, BOM.length);
  return bytes;
}
