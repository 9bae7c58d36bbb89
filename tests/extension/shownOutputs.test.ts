// What a cell shows, read back for Export As: the daemon's bundle, printed text and error again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bundleItems, encodeText, errorFields } from "../../extension/src/outputs";
import { encodeBase64, ERROR_MIME, shownOutputs, STDERR_MIME, STDOUT_MIME } from "../../extension/src/shownOutputs";

test("a bundle shown as items reads back as the bundle the daemon sent", () => {
  const png = encodeBase64(new Uint8Array(70000).map((_, i) => (i * 7) % 256));
  const bundle = { "text/plain": "π ≈ 3.14", "text/html": "<b>x</b>", "image/png": png, "image/svg+xml": "<svg/>" };
  assert.deepEqual(shownOutputs([bundleItems(bundle)]).output, bundle);
});

test("printed text keeps its stream and order, in the outputs VS Code made of it", () => {
  const shown = shownOutputs([
    [{ mime: STDOUT_MIME, data: encodeText("one\n") }],
    [{ mime: STDERR_MIME, data: encodeText("careful\n") }, { mime: STDOUT_MIME, data: encodeText("two\n") }],
  ]);
  assert.deepEqual(shown.streams, [
    { name: "stdout", text: "one\n" },
    { name: "stderr", text: "careful\n" },
    { name: "stdout", text: "two\n" },
  ]);
  assert.equal(shown.output, null);
  assert.equal(shown.error, null);
});

test("an error item reads back as the cell's exception", () => {
  const error = { ename: "ZeroDivisionError", evalue: "division by zero", traceback: "Traceback ...\nZeroDivisionError" };
  const fields = errorFields(error);
  const item = { mime: ERROR_MIME, data: encodeText(JSON.stringify({ name: fields.name, message: fields.message, stack: fields.stack })) };
  assert.deepEqual(shownOutputs([[item]]).error, error);
  assert.deepEqual(shownOutputs([[{ mime: ERROR_MIME, data: encodeText("not json") }]]).error, {
    ename: "Error",
    evalue: "not json",
    traceback: "",
  });
});

test("a cell with no outputs shows nothing", () => {
  assert.deepEqual(shownOutputs([]), { output: null, streams: [], error: null });
});
