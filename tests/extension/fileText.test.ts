// A notebook file's bytes: a UTF-8 byte order mark is kept across a read and a write.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeFile, encodeFile } from "../../extension/src/fileText";

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("file text", () => {
  test("a BOM is not part of the text and comes back on write", () => {
    const file = bytes([0xef, 0xbb, 0xbf], "import lichen\n");
    const read = decodeFile(file);
    assert.deepEqual(read, { text: "import lichen\n", bom: true });
    assert.deepEqual(encodeFile(read), file);
  });

  test("a file without a BOM is written without one", () => {
    const file = bytes("x = 'é'\n");
    assert.deepEqual(decodeFile(file), { text: "x = 'é'\n", bom: false });
    assert.deepEqual(encodeFile(decodeFile(file)), file);
  });

  test("only the first BOM is the file's: one that follows is text", () => {
    const file = bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], "a");
    assert.deepEqual(decodeFile(file), { text: "\ufeffa", bom: true });
    assert.deepEqual(encodeFile(decodeFile(file)), file);
  });

  test("bytes that are not UTF-8 are refused", () => {
    assert.throws(() => decodeFile(bytes([0xef, 0xbb, 0xbf, 0xff])));
  });
});
