// The settings the daemon is told: an untrusted workspace's env file is never named.
import assert from "node:assert/strict";
import { test } from "node:test";
import { daemonSettings } from "../../extension/src/daemonSettings";

test("a trusted workspace's env file is sent", () => {
  const settings = daemonSettings({ onCellChange: "lazy", envFile: "/w/.env", trusted: true });
  assert.deepEqual(settings, { onCellChange: "lazy", pythonPath: null, envFile: "/w/.env", trusted: true, kernelLauncher: "local", slurm: {}, keepRunning: false, keepRunningMinutes: 60 });
});

test("an untrusted workspace's env file is not sent", () => {
  const settings = daemonSettings({ onCellChange: "autorun", envFile: "/w/.env", trusted: false });
  assert.equal(settings.envFile, null);
  assert.equal(settings.trusted, false);
});

test("the kernel launcher and its Slurm resources are sent", () => {
  const slurm = { partition: "debug", time: "1:00:00", cpus: 4, args: ["--qos=short"] };
  const settings = daemonSettings({ onCellChange: "autorun", envFile: undefined, trusted: true, kernelLauncher: "slurm", slurm });
  assert.equal(settings.kernelLauncher, "slurm");
  assert.deepEqual(settings.slurm, slurm);
});

test("kept kernels and their idle time are sent", () => {
  const settings = daemonSettings({ onCellChange: "autorun", envFile: undefined, trusted: true, keepRunning: true, keepRunningMinutes: 15 });
  assert.equal(settings.keepRunning, true);
  assert.equal(settings.keepRunningMinutes, 15);
});
