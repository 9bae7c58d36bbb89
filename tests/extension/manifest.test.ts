// The extension's manifest (package.json) repeats a few of the protocol's constants, because JSON
// cannot import them: these tests hold it to their one declaration in lichen.protocol.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { RUN_MODES, TABLE_MIME, UI_MIME } from "../../shared-protocol/src/protocol";

interface Manifest {
  contributes: {
    notebookRenderer: { mimeTypes: string[] }[];
    configuration: { properties: Record<string, { enum?: string[]; default?: unknown }> };
  };
}

function manifest(): Manifest {
  // The tests run compiled, from extension/dist/tests.
  return JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf-8")) as Manifest;
}

test("the renderer is contributed for the UI and table MIME types", () => {
  const mimes = manifest().contributes.notebookRenderer.flatMap((r) => r.mimeTypes);
  assert.ok(mimes.includes(UI_MIME), `${UI_MIME} missing from ${mimes.join(", ")}`);
  assert.ok(mimes.includes(TABLE_MIME), `${TABLE_MIME} missing from ${mimes.join(", ")}`);
});

test("lichen.runtime.onCellChange offers exactly the run modes, the first by default", () => {
  const setting = manifest().contributes.configuration.properties["lichen.runtime.onCellChange"];
  assert.deepEqual(setting?.enum, [...RUN_MODES]);
  assert.equal(setting?.default, RUN_MODES[0]);
});
