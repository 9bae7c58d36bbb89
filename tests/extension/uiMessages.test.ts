// The messages between the UI renderer and the extension.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readRefusedMessage, readValueMessage } from "../../extension/src/uiMessages";

test("an element's value is read from the renderer's message", () => {
  assert.deepEqual(readValueMessage({ elementId: "a-1", value: [1, 2] }), { elementId: "a-1", value: [1, 2] });
  assert.deepEqual(readValueMessage({ elementId: "a-1", value: null }), { elementId: "a-1", value: null });
});

test("messages that are not an element's value are refused", () => {
  for (const message of [null, "x", {}, { elementId: 3, value: 1 }, { elementId: "", value: 1 }, { elementId: "a" }]) {
    assert.equal(readValueMessage(message), undefined, JSON.stringify(message));
  }
});

test("a refusal names the element and says why", () => {
  assert.deepEqual(readRefusedMessage({ elementId: "a", refused: "No." }), { elementId: "a", refused: "No." });
  assert.equal(readRefusedMessage({ elementId: "a" }), undefined);
});
