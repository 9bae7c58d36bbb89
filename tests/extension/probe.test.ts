// Judging an interpreter, the install command shown to the user, and the App line detection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { declaresApp } from "../../extension/src/notebookData";
import { commandLine, installArgs, isInside, judge, packageInstallArgs, parseProbe, pipAdvice, type Probe } from "../../extension/src/probe";

const good: Probe = { version: [3, 11, 2], executable: "/usr/bin/python3", lichen: "0.1.0", pygls: true };

test("the probe's line is found among other output", () => {
  const out = 'warning: something\nLICHEN-PROBE {"version": [3, 12, 1], "executable": "/x/python", "lichen": null, "lichenError": "ModuleNotFoundError: No module named \'lichen\'", "pygls": false}\n';
  assert.deepEqual(parseProbe(out), {
    version: [3, 12, 1],
    executable: "/x/python",
    lichen: null,
    lichenError: "ModuleNotFoundError: No module named 'lichen'",
    pygls: false,
  });
  assert.equal(parseProbe("Python 2.7 says hi\n"), undefined);
  assert.equal(parseProbe("LICHEN-PROBE {not json"), undefined);
});

test("a usable interpreter passes", () => {
  assert.deepEqual(judge(good, "/usr/bin/python3"), { ok: true });
});

test("an old Python is refused, naming the interpreter and its version", () => {
  const verdict = judge({ ...good, version: [3, 9, 18] }, "/opt/py39/bin/python");
  assert.equal(verdict.ok, false);
  assert.ok(!verdict.ok && verdict.problem === "old");
  assert.match(!verdict.ok ? verdict.message : "", /\/opt\/py39\/bin\/python is Python 3\.9\.18/);
});

test("a missing lichen, or lichen without the daemon's extras, asks for an install", () => {
  const none = judge({ ...good, lichen: null }, "/venv/bin/python");
  assert.ok(!none.ok && none.problem === "missing" && none.message.includes("/venv/bin/python"));
  const bare = judge({ ...good, pygls: false }, "/venv/bin/python");
  assert.ok(!bare.ok && bare.problem === "missing" && bare.message.includes("pygls"));
});

test("with the daemon the extension carries, any Python new enough runs it, with nothing installed", () => {
  const nothing = { ...good, lichen: null, pygls: false };
  assert.deepEqual(judge(nothing, "/fresh/bin/python", true), { ok: true });
  const old = judge({ ...nothing, version: [3, 9, 18] }, "/opt/py39/bin/python", true);
  assert.ok(!old.ok && old.problem === "old");
});

test("the install command uses the interpreter's pip on the bundled wheel with the lsp extra", () => {
  assert.deepEqual(installArgs("/venv/bin/python", "/ext/dist/wheels/lichen-0.1.0-py3-none-any.whl"), [
    "/venv/bin/python",
    "-m",
    "pip",
    "install",
    "/ext/dist/wheels/lichen-0.1.0-py3-none-any.whl[lsp]",
  ]);
});

test("the command shown for a terminal is quoted for the platform", () => {
  const args = installArgs("/home/a b/.venv/bin/python", "/ext/lichen.whl");
  assert.equal(commandLine(args, "linux"), "'/home/a b/.venv/bin/python' -m pip install '/ext/lichen.whl[lsp]'");
  assert.equal(commandLine(["/usr/bin/python3", "-c", "it's"], "linux"), "/usr/bin/python3 -c 'it'\\''s'");
  assert.equal(
    commandLine(installArgs("C:\\Program Files\\Python\\python.exe", "C:\\ext\\lichen.whl"), "win32"),
    '& "C:\\Program Files\\Python\\python.exe" -m pip install "C:\\ext\\lichen.whl[lsp]"',
  );
});

test("pip's known failures turn into a next step", () => {
  assert.match(pipAdvice("error: externally-managed-environment\n", "/usr/bin/python3")!, /virtual environment/);
  assert.match(pipAdvice("/usr/bin/python3: No module named pip", "/usr/bin/python3")!, /ensurepip/);
  assert.equal(pipAdvice("something else", "/usr/bin/python3"), undefined);
});

test("interpreters inside a workspace folder are recognised", () => {
  assert.ok(isInside("/ws/.venv/bin/python", ["/ws"], "linux"));
  assert.ok(!isInside("/wsx/bin/python", ["/ws"], "linux"));
  assert.ok(!isInside("/usr/bin/python3", ["/ws/"], "linux"));
  assert.ok(isInside("C:\\WS\\.venv\\Scripts\\python.exe", ["c:\\ws"], "win32"));
});

test("files that declare an App are notebooks", () => {
  assert.ok(declaresApp("import marimo\n\napp = marimo.App(width='full')\n"));
  assert.ok(declaresApp("import lichen\napp = lichen.App()\n"));
  assert.ok(!declaresApp("def f():\n    app = marimo.App()\n"));
  assert.ok(!declaresApp("import flask\napp = flask.Flask(__name__)\n"));
});

test("a missing module's package goes in with the environment's pip, or uv's when uv made it", () => {
  assert.deepEqual(packageInstallArgs("/w/.venv/bin/python", "scikit-learn", "home = /usr/bin\nversion = 3.11.7\n"), [
    "/w/.venv/bin/python", "-m", "pip", "install", "scikit-learn",
  ]);
  assert.deepEqual(packageInstallArgs("/usr/bin/python3", "pyyaml", undefined), ["/usr/bin/python3", "-m", "pip", "install", "pyyaml"]);
  const uvCfg = "home = /opt/python/bin\nimplementation = CPython\nuv = 0.5.4\nversion_info = 3.12.7\n";
  assert.deepEqual(packageInstallArgs("/w/.venv/bin/python", "pillow", uvCfg), [
    "uv", "pip", "install", "--python", "/w/.venv/bin/python", "pillow",
  ]);
});
