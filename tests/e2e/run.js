#!/usr/bin/env node
'use strict';
// Runs the end-to-end scenarios (scenarios/*.js) in a real VS Code and prints one closing line,
// `e2e: N passed, M failed`. Exit status 0 only when every scenario passed.
//
// usage: node tests/e2e/run.js [--keep] [NAME...]
//   NAME     run only the scenarios whose name contains one of these
//   --keep   keep the work folder (profiles, workspaces, logs) and print where it is
// env: LICHEN_E2E_VSIX (default dist/lichen.vsix), LICHEN_E2E_PYTHON (default .venv/bin/python)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ARTIFACTS, CodeServer, REPO, Workbench, copyDir, launchBrowser, processesIn, waitFor } = require('./harness');

const argv = process.argv.slice(2);
const keep = argv.includes('--keep');
const filters = argv.filter((a) => !a.startsWith('--'));
const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`;
const say = (...a) => console.log(stamp(), ...a);

function loadScenarios() {
  const dir = path.join(__dirname, 'scenarios');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()
    .map((f) => ({ file: f, ...require(path.join(dir, f)) }))
    .filter((s) => filters.length === 0 || filters.some((x) => s.name.includes(x)));
}

function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function main() {
  const vsix = path.resolve(process.env.LICHEN_E2E_VSIX || path.join(REPO, 'dist', 'lichen.vsix'));
  const python = path.resolve(process.env.LICHEN_E2E_PYTHON || path.join(REPO, '.venv', 'bin', 'python'));
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: build it with \`make vsix\``);
  if (!fs.existsSync(python)) throw new Error(`${python} is missing: create it with \`make setup\``);
  const scenarios = loadScenarios();
  if (scenarios.length === 0) throw new Error(`no scenario matches ${filters.join(' ')}`);

  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lichen-e2e-'));
  // Also on Ctrl+C (the harness stops the servers first).
  process.on('exit', () => { if (!keep) fs.rmSync(root, { recursive: true, force: true }); });
  const extensionsDir = path.join(root, 'extensions');
  const results = [];
  let browser;
  const servers = [];
  try {
    // One install serves both servers below (the extensions dir is only read while they run).
    const installer = new CodeServer({ root: path.join(root, 'install'), extensionsDir });
    installer.installExtension(vsix);
    say(`installed ${path.relative(REPO, vsix)}: ${installer.listExtensions().join(', ')}`);
    browser = await launchBrowser(root);

    // One code-server for the scenarios that run with workspace trust off, one for those with it on
    // (the setting takes effect only at start); each scenario gets a fresh window and folder.
    for (const trust of [false, true]) {
      const group = scenarios.filter((s) => !s.standalone && Boolean(s.trust) === trust);
      if (group.length === 0) continue;
      const server = new CodeServer({
        root: path.join(root, trust ? 'server-trust' : 'server'),
        extensionsDir,
        trust,
        settings: { 'lichen.python.path': python },
      });
      servers.push(server);
      await server.start();
      say(`code-server on ${server.url} (workspace trust ${trust ? 'on' : 'off'})`);
      for (const scenario of group) {
        results.push(await runScenario(scenario, server, browser, root));
      }
      await server.stop();
    }
    // Scenarios that start what they test themselves get a browser page of their own.
    for (const scenario of scenarios.filter((s) => s.standalone)) {
      results.push(await runStandalone(scenario, browser, root));
    }
    // Stopping code-server must stop the daemons and kernels it started (they run in the work folder).
    results.push(await noLeftovers(root));
  } finally {
    for (const server of servers) await server.stop().catch(() => {});
    if (browser) await browser.close().catch(() => {});
    if (keep) say(`work folder kept: ${root}`);
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length) say(`failures: ${failed.map((r) => r.name).join(', ')}; artifacts in ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS}`);
  console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0;
}

async function noLeftovers(root) {
  const name = 'no-leftover-processes';
  try {
    await waitFor('the daemons and kernels to exit with code-server', () => processesIn(root).length === 0, { timeout: 10000 });
    say(`ok    ${name}`);
    return { name, ok: true };
  } catch {
    const left = processesIn(root);
    say(`FAIL  ${name}: ${left.map((p) => `${p.pid} ${p.cmd.slice(0, 100)}`).join('; ')}`);
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch { /* gone */ }
    }
    return { name, ok: false };
  }
}

async function runStandalone(scenario, browser, root) {
  const started = Date.now();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1400 } });
  const page = await context.newPage();
  const keep = [];
  try {
    await withDeadline(scenario.run({
      page, root, log: (...a) => say(`  ${scenario.name}:`, ...a), keepOnFailure: (dir) => keep.push(dir),
    }), scenario.timeout || 180000, scenario.name);
    say(`ok    ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { name: scenario.name, ok: true };
  } catch (error) {
    say(`FAIL  ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${error && error.stack || error}`);
    const dir = path.join(ARTIFACTS, scenario.name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'error.txt'), String(error && error.stack || error));
    await page.screenshot({ path: path.join(dir, 'screenshot.png') }).catch(() => {});
    for (const d of keep) {
      if (fs.existsSync(d)) copyDir(d, path.join(dir, path.basename(d)), (src) => !src.includes(`${path.sep}extensions${path.sep}`));
    }
    return { name: scenario.name, ok: false };
  } finally {
    await context.close().catch(() => {});
  }
}

async function runScenario(scenario, server, browser, root) {
  const started = Date.now();
  const folder = path.join(root, 'workspaces', scenario.name);
  copyDir(path.join(REPO, 'examples'), folder, (src) => !src.includes('__pycache__'));
  let wb;
  const log = (...a) => say(`  ${scenario.name}:`, ...a);
  try {
    wb = await withDeadline(Workbench.open(server, browser, folder), 60000, 'opening the workbench');
    await withDeadline(scenario.run({ wb, server, folder, log }), scenario.timeout || 120000, scenario.name);
    say(`ok    ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { name: scenario.name, ok: true };
  } catch (error) {
    say(`FAIL  ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${error && error.stack || error}`);
    const dir = path.join(ARTIFACTS, scenario.name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'error.txt'), String(error && error.stack || error));
    if (wb) await wb.saveArtifacts(dir).catch(() => {});
    // VS Code's logs hold the extension host's output channels: Lichen's log and the daemon's stderr.
    if (fs.existsSync(server.logsDir())) copyDir(server.logsDir(), path.join(dir, 'vscode-logs'));
    if (fs.existsSync(server.logFile)) fs.copyFileSync(server.logFile, path.join(dir, 'code-server.log'));
    copyDir(folder, path.join(dir, 'workspace'));
    return { name: scenario.name, ok: false };
  } finally {
    if (wb) await wb.close();
  }
}

main().then((ok) => process.exit(ok ? 0 : 1), (error) => {
  console.error(stamp(), `e2e: ${error && error.message || error}`);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
