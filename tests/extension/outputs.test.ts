// MIME bundles from the daemon as VS Code output items.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bundleItems, decodeBase64, errorFields, isBase64Mime } from "../../extension/src/outputs";
import { UI_MIME } from "../../shared-protocol/src/protocol";

const text = (data: Uint8Array): string => new TextDecoder().decode(data);

test("text types are passed as UTF-8 text", () => {
  const items = bundleItems({ "text/plain": "π ≈ 3.14", "text/markdown": "# T", "application/json": '{"a": 1}' });
  assert.deepEqual(
    items.map((i) => [i.mime, text(i.data)]),
    [
      ["text/markdown", "# T"],
      ["application/json", '{"a": 1}'],
      ["text/plain", "π ≈ 3.14"],
    ],
  );
});

test("richer types come first, plain text last", () => {
  const items = bundleItems({ "text/plain": "<Figure>", "image/png": "iVBORw0KGgo=", "text/html": "<b>x</b>" });
  assert.deepEqual(items.map((i) => i.mime), ["text/html", "image/png", "text/plain"]);
});

test("PNG images arrive base64-encoded and become their bytes; SVG stays text", () => {
  const [png] = bundleItems({ "image/png": "iVBORw0KGgo=" });
  assert.deepEqual([...png!.data], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(!isBase64Mime("image/svg+xml"));
  const [svg] = bundleItems({ "image/svg+xml": "<svg/>" });
  assert.equal(text(svg!.data), "<svg/>");
});

test("an image that is not base64 is left out rather than shown broken", () => {
  assert.deepEqual(bundleItems({ "image/png": "not base64!" }), []);
  assert.equal(decodeBase64("abcde"), undefined);
  assert.deepEqual([...decodeBase64("aGk=\n")!], [104, 105]);
});

test("no bundle, no items", () => {
  assert.deepEqual(bundleItems(null), []);
  assert.deepEqual(bundleItems(undefined), []);
});

test("an exception keeps its name, message and traceback", () => {
  assert.deepEqual(errorFields({ ename: "KeyError", evalue: "'x'", traceback: "Traceback\nKeyError: 'x'" }), {
    name: "KeyError",
    message: "'x'",
    stack: "Traceback\nKeyError: 'x'",
  });
});

test("a UI payload reaches VS Code as UTF-8 text, ahead of its markdown and plain-text fallbacks", () => {
  const payload = '{"version":1,"node":{"type":"text","text":"é"}}';
  const items = bundleItems({
    "text/plain": "size [slider: 3]",
    "text/markdown": "size [slider: 3]",
    [UI_MIME]: payload,
  });
  assert.deepEqual(items.map((i) => i.mime), [UI_MIME, "text/markdown", "text/plain"]);
  assert.equal(text(items[0]!.data), payload);
});
