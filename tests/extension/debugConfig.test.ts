// The `lichen` debug configuration: the attach request's arguments, and the guard that keeps a
// disconnect from ending the kernel.
import assert from "node:assert/strict";
import { test } from "node:test";
import { attachConfiguration, debuggerAvailable, keepDebuggee, withDefaults } from "../../extension/src/debugConfig";

const port = {
  session: 7,
  pathMappings: [
    { localRoot: "vscode-notebook-cell:/home/me/nb.py#", remoteRoot: "<lichen-cell:" },
    { localRoot: "/", remoteRoot: "/" },
  ],
};

test("the attach arguments carry the daemon's session with the kernel and its path mappings", () => {
  const config = attachConfiguration({ type: "lichen", request: "attach", name: "Lichen" }, "file:///home/me/nb.py", port);
  assert.equal(config.kernelSession, 7);
  assert.deepEqual(config.pathMappings, port.pathMappings);
  assert.equal(config.notebookUri, "file:///home/me/nb.py");
  assert.equal(config.justMyCode, true);
  assert.equal(config.redirectOutput, false);
  assert.deepEqual(config.rules, [{ module: "lichen", include: false }]);
});

test("the user's choices in launch.json are kept", () => {
  const rules = [{ path: "/opt/lib", include: true }];
  const config = attachConfiguration({ type: "lichen", request: "attach", name: "L", justMyCode: false, rules }, "file:///nb.py", port);
  assert.equal(config.justMyCode, false);
  assert.deepEqual(config.rules, [{ module: "lichen", include: false }, ...rules]);
  assert.equal(config.name, "L");
});

test("a disconnect that would end the kernel is turned into a plain disconnect", () => {
  const stop = keepDebuggee({ type: "request", command: "disconnect", arguments: { terminateDebuggee: true } });
  assert.equal(stop.arguments.terminateDebuggee, false);
  const other = keepDebuggee({ type: "request", command: "terminate", arguments: { terminateDebuggee: true } });
  assert.equal(other.arguments.terminateDebuggee, true);
});

test("a debugger can attach from a Node extension host, not from a browser's", () => {
  assert.equal(debuggerAvailable(), true);
  assert.equal(debuggerAvailable({}), false);
});

test("an empty configuration (F5 without launch.json) becomes an attach to the active notebook", () => {
  const config = withDefaults({ type: "", request: "", name: "" });
  assert.deepEqual(config, { type: "lichen", request: "attach", name: "Lichen: Attach to the Notebook's Kernel" });
  assert.equal(withDefaults({ type: "lichen", request: "attach", name: "Mine", notebookUri: "file:///a.py" }).notebookUri, "file:///a.py");
});
