// Where the kernel picker finds Python environments without the Python extension, and how a
// notebook's choice is remembered and told to the daemon.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { KernelChoices, kernelId } from "../../extension/src/kernelChoices";
import {
  condaEnvironments,
  pythonOfPrefix,
  pythonOnPath,
  uniqueEnvironments,
  workspaceEnvironments,
} from "../../extension/src/environments";

const isFile = (file: string): boolean => fs.existsSync(file) && fs.statSync(file).isFile();
const dirs = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];

function touch(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "");
}

test("a workspace's .venv, venv and pixi environments are found, nothing else", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lichen-envs-"));
  touch(path.join(folder, ".venv", "bin", "python"));
  touch(path.join(folder, "venv", "bin", "python"));
  touch(path.join(folder, ".pixi", "envs", "default", "bin", "python"));
  touch(path.join(folder, ".pixi", "envs", "cuda", "bin", "python"));
  fs.mkdirSync(path.join(folder, ".pixi", "envs", "empty"), { recursive: true }); // no Python in it
  fs.mkdirSync(path.join(folder, "env"), { recursive: true }); // a folder named env, no venv
  const found = workspaceEnvironments(folder, "linux", isFile, dirs);
  assert.deepEqual(found, [
    { python: path.join(folder, ".venv", "bin", "python"), name: ".venv", kind: "venv" },
    { python: path.join(folder, "venv", "bin", "python"), name: "venv", kind: "venv" },
    { python: path.join(folder, ".pixi", "envs", "cuda", "bin", "python"), name: "pixi: cuda", kind: "pixi" },
    { python: path.join(folder, ".pixi", "envs", "default", "bin", "python"), name: "pixi: default", kind: "pixi" },
  ]);
  assert.deepEqual(workspaceEnvironments(path.join(folder, "nowhere"), "linux", isFile, dirs), []);
});

test("a Windows venv keeps its interpreter in Scripts, conda's at the top", () => {
  assert.equal(pythonOfPrefix("C:\\w\\.venv", "win32", "venv"), "C:\\w\\.venv\\Scripts\\python.exe");
  assert.equal(pythonOfPrefix("C:\\conda\\envs\\ml", "win32", "conda"), "C:\\conda\\envs\\ml\\python.exe");
});

test("conda's environment list gives those holding a Python, and bad output gives none", () => {
  const json = JSON.stringify({ envs: ["/opt/conda", "/opt/conda/envs/ml", "/opt/conda/envs/r-only", 7] });
  const has = new Set(["/opt/conda/bin/python", "/opt/conda/envs/ml/bin/python"]);
  assert.deepEqual(condaEnvironments(json, "linux", (f) => has.has(f)), [
    { python: "/opt/conda/bin/python", name: "conda: conda", kind: "conda" },
    { python: "/opt/conda/envs/ml/bin/python", name: "conda: ml", kind: "conda" },
  ]);
  assert.deepEqual(condaEnvironments("conda: command not found", "linux", () => true), []);
  assert.deepEqual(condaEnvironments("{}", "linux", () => true), []);
});

test("python3 on PATH is the first directory's that has one (a module-loaded Python first)", () => {
  const has = new Set(["/apps/python/3.11/bin/python3", "/usr/bin/python3"]);
  const found = pythonOnPath("/home/u/bin::/apps/python/3.11/bin:/usr/bin", "linux", (f) => has.has(f));
  assert.deepEqual(found, { python: "/apps/python/3.11/bin/python3", name: "python3", kind: "PATH" });
  assert.equal(pythonOnPath(undefined, "linux", () => true), undefined);
  assert.equal(pythonOnPath("/usr/bin", "linux", () => false), undefined);
});

test("each interpreter is listed once, the first listing winning", () => {
  const envs = uniqueEnvironments([
    { python: "/w/.venv/bin/python", name: "w", kind: "Python extension" },
    { python: "/w/.venv/bin/python", name: ".venv", kind: "venv" },
    { python: "/usr/bin/python3", name: "python3", kind: "PATH" },
  ]);
  assert.deepEqual(envs.map((e) => e.name), ["w", "python3"]);
});

test("a kernel's id is stable per interpreter and differs between interpreters", () => {
  assert.equal(kernelId("/w/.venv/bin/python"), kernelId("/w/.venv/bin/python"));
  assert.notEqual(kernelId("/w/.venv/bin/python"), kernelId("/w/venv/bin/python"));
  assert.match(kernelId("/x"), /^lichen-env-[0-9a-f]{8}$/);
});

function memento(): { get(key: string): unknown; update(key: string, value: unknown): Promise<void>; values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return { values, get: (key) => values.get(key), update: async (key, value) => void values.set(key, value) };
}

test("a notebook's choice is remembered apart from other notebooks', and survives a new session", async () => {
  const store = memento();
  const choices = new KernelChoices(store);
  await choices.choose("file:///a.py", "/w/.venv/bin/python");
  assert.equal(choices.chosen("file:///a.py"), "/w/.venv/bin/python");
  assert.equal(choices.chosen("file:///b.py"), undefined);
  assert.equal(new KernelChoices(store).chosen("file:///a.py"), "/w/.venv/bin/python");
  await choices.choose("file:///a.py", undefined); // the default kernel again
  assert.equal(choices.chosen("file:///a.py"), undefined);
});

test("the daemon is told a choice once, again after it restarted, and the default only to undo one", async () => {
  const choices = new KernelChoices(memento());
  assert.equal(choices.toTell("file:///a.py"), undefined); // a new daemon uses its default anyway
  await choices.choose("file:///a.py", "/env/bin/python");
  assert.deepEqual(choices.toTell("file:///a.py"), { python: "/env/bin/python" });
  choices.markTold("file:///a.py", "/env/bin/python");
  assert.equal(choices.toTell("file:///a.py"), undefined);
  await choices.choose("file:///a.py", undefined);
  assert.deepEqual(choices.toTell("file:///a.py"), { python: null });
  choices.markTold("file:///a.py", null);
  await choices.choose("file:///a.py", "/env/bin/python");
  choices.markTold("file:///a.py", "/env/bin/python");
  choices.forgetTold(); // a new daemon
  assert.deepEqual(choices.toTell("file:///a.py"), { python: "/env/bin/python" });
});

test("a store holding something else than choices counts as none", () => {
  const store = memento();
  store.values.set("lichen.kernelChoices", "garbage");
  assert.equal(new KernelChoices(store).chosen("file:///a.py"), undefined);
});
