'use strict';
// End-to-end harness: a real VS Code (code-server, VS Code's own web build) on 127.0.0.1, with a
// fresh profile and the repository's dist/lichen.vsix installed, driven in headless Chromium by
// playwright-core. Everything it needs is installed by setup.sh next to this file.
//
// Exports:
//   CodeServer      start()/stop() one code-server in its own process group
//   launchBrowser() headless Chromium
//   Workbench       one browser window on a workspace folder, with helpers for the UI
//   waitFor()       poll a condition until it holds or a deadline passes
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const E2E = __dirname;
const REPO = path.resolve(E2E, '..', '..');
const CACHE = process.env.LICHEN_E2E_CACHE || path.join(E2E, '.cache');
const ARTIFACTS = path.join(E2E, '.artifacts');

function installed() {
  const file = path.join(CACHE, 'paths.json');
  if (!fs.existsSync(file)) throw new Error('code-server and Chromium are not installed: run tests/e2e/setup.sh');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls `check` until it returns a truthy value (returned) or `timeout` ms pass (throws, naming
// `what` and the last error `check` threw).
async function waitFor(what, check, { timeout = 15000, interval = 100 } = {}) {
  const end = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= end) {
      const why = lastError ? ` (last error: ${String(lastError.message || lastError).split('\n')[0]})` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${why}`);
    }
    await pause(interval);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

// Process groups still running, so that an exit of the test process for any reason stops them.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch { /* already gone */ }
  }
});
// Ctrl+C or a kill goes through 'exit' too.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

const BASE_SETTINGS = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.editor.enablePreview': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'window.restoreWindows': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'notebook.confirmDeleteRunningCell': false,
  // Code typed by the tests lands as written (no indentation or closing brackets added).
  'editor.autoIndent': 'none',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
};

class CodeServer {
  // root: a work folder of its own (user data, XDG dirs, logs). extensionsDir: where the vsix was
  // installed. trust: whether workspace trust is enabled (off everywhere but the trust test).
  constructor({ root, extensionsDir, trust = false, settings = {}, env = {} }) {
    this.root = root;
    this.extraEnv = env; // for the processes it starts (daemons, kernels, pip)
    this.extensionsDir = extensionsDir;
    this.trust = trust;
    this.userDataDir = path.join(root, 'user-data');
    this.logFile = path.join(root, 'code-server.log');
    this.settings = { ...BASE_SETTINGS, ...settings };
    if (trust) {
      Object.assign(this.settings, {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.untrustedFiles': 'open',
        'security.workspace.trust.emptyWindow': false,
      });
    } else {
      this.settings['security.workspace.trust.enabled'] = false;
    }
  }

  env() {
    return {
      ...process.env,
      ...this.extraEnv,
      XDG_DATA_HOME: path.join(this.root, 'xdg', 'data'),
      XDG_CONFIG_HOME: path.join(this.root, 'xdg', 'config'),
      XDG_CACHE_HOME: path.join(this.root, 'xdg', 'cache'),
    };
  }

  args() {
    const args = [
      '--config', path.join(this.root, 'config.yaml'),
      '--user-data-dir', this.userDataDir,
      '--extensions-dir', this.extensionsDir,
      '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
    if (!this.trust) args.push('--disable-workspace-trust');
    return args;
  }

  prepare() {
    fs.mkdirSync(path.join(this.userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(this.extensionsDir, { recursive: true });
    fs.writeFileSync(path.join(this.userDataDir, 'User', 'settings.json'), JSON.stringify(this.settings, null, 2));
    // An own config file keeps code-server away from the one in the home folder.
    fs.writeFileSync(path.join(this.root, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  }

  // Installs a .vsix into the extensions dir (code-server's own CLI; no server needed).
  installExtension(vsix) {
    this.prepare();
    const result = spawnSync(installed().codeServer, [...this.args(), '--install-extension', vsix, '--force'], {
      env: this.env(), encoding: 'utf8', timeout: 120000,
    });
    if (result.status !== 0) {
      throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout.trim();
  }

  listExtensions() {
    const result = spawnSync(installed().codeServer, [...this.args(), '--list-extensions', '--show-versions'], {
      env: this.env(), encoding: 'utf8', timeout: 60000,
    });
    return result.stdout.split('\n').filter(Boolean);
  }

  async start() {
    this.prepare();
    this.port = await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    const log = fs.openSync(this.logFile, 'a');
    // detached: its own process group (setsid), so that stop() also reaches the extension hosts,
    // file watchers, the Lichen daemon and its kernels, which outlive code-server's main process.
    this.child = spawn(installed().codeServer, [...this.args(), '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none'], {
      env: this.env(), stdio: ['ignore', log, log], detached: true,
    });
    fs.closeSync(log);
    this.pid = this.child.pid;
    liveGroups.add(this.pid);
    let exited = null;
    this.child.on('exit', (code, signal) => { exited = { code, signal }; });
    await waitFor('code-server to answer on /healthz', async () => {
      if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}); see ${this.logFile}`);
      return httpOk(`${this.url}/healthz`);
    }, { timeout: 60000, interval: 100 });
    return this;
  }

  async stop() {
    if (!this.pid || !liveGroups.has(this.pid)) return;
    try {
      process.kill(-this.pid, 'SIGTERM');
    } catch { /* gone */ }
    try {
      await waitFor('code-server\'s process group to exit', () => !groupAlive(this.pid), { timeout: 5000 });
    } catch {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch { /* gone */ }
      await waitFor('code-server\'s process group to die', () => !groupAlive(this.pid), { timeout: 5000 });
    }
    liveGroups.delete(this.pid);
  }

  // Folder of VS Code's logs (the extension host's output channels are in it).
  logsDir() {
    return path.join(this.userDataDir, 'logs');
  }
}

async function launchBrowser(root) {
  const paths = installed();
  const { chromium } = require(paths.playwrightCore);
  return chromium.launch({
    executablePath: paths.chromium || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
      XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    },
  });
}

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

// One VS Code window (a fresh browser context) on one workspace folder.
class Workbench {
  constructor(server, context, page, folder) {
    this.server = server;
    this.context = context;
    this.page = page;
    this.folder = folder;
    this.console = [];
    page.on('console', (m) => this.console.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => this.console.push(`[pageerror] ${e.message}`));
  }

  static async open(server, browser, folder) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1400 } });
    const page = await context.newPage();
    const wb = new Workbench(server, context, page, folder);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    return wb;
  }

  async close() {
    await this.context.close().catch(() => {});
  }

  file(name) {
    return path.join(this.folder, name);
  }

  // --- commands and quick open -------------------------------------------------------------------
  quickInput() {
    return this.page.locator('.quick-input-widget input');
  }

  async openQuickInput(prefix) {
    const input = this.quickInput();
    if (!(await input.isVisible())) {
      await this.page.keyboard.press(prefix === '>' ? 'F1' : `${mod}+P`);
      await input.waitFor({ state: 'visible', timeout: 10000 });
    }
    return input;
  }

  // Labels of the command palette's entries matching `filter`. Extensions register their commands
  // a moment after the workbench shows, and an open palette does not refresh: ask again until
  // `until(labels)` holds or the deadline passes.
  async paletteEntries(filter, { until = (labels) => labels.length > 0, timeout = 20000 } = {}) {
    let labels = [];
    await waitFor(`command palette entries for "${filter}"`, async () => {
      const input = await this.openQuickInput('>');
      await input.fill(`>${filter}`);
      const rows = this.page.locator('.quick-input-list .monaco-list-row .label-name');
      await waitFor('the palette to filter', async () => (await rows.count()) > 0, { timeout: 5000 });
      labels = (await rows.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim())
        .filter((s) => !s.startsWith('No matching'));
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden', timeout: 5000 });
      return until(labels);
    }, { timeout, interval: 250 }).catch((e) => { throw new Error(`${e.message}; last entries: ${labels.join(' | ') || 'none'}`); });
    return labels;
  }

  // Runs a command from the palette by its label ("Lichen: Restart Kernel"). A command an extension
  // has not registered yet is asked for again (an open palette does not refresh).
  async command(label, { timeout = 20000 } = {}) {
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: label }),
    }).first();
    await waitFor(`the command "${label}" in the palette`, async () => {
      const input = await this.openQuickInput('>');
      await input.fill(`>${label}`);
      try {
        await row.waitFor({ timeout: 3000 });
        return true;
      } catch (e) {
        await this.page.keyboard.press('Escape');
        await this.quickInput().waitFor({ state: 'hidden', timeout: 5000 });
        throw e;
      }
    }, { timeout, interval: 250 });
    await row.click();
    await this.quickInput().waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
  }

  async quickOpen(name) {
    const input = await this.openQuickInput('');
    await input.fill(name);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10000 });
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
  }

  // Opens a file at the top of the workspace from the Explorer.
  async openFromExplorer(name) {
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 20000 });
  }

  // Opens a file of the workspace as text, then as a Lichen notebook with the extension's command.
  // `timeout`: for the notebook to show (longer where the worker's Python boots first).
  async openNotebook(name, { timeout = 30000 } = {}) {
    await this.openFromExplorer(name);
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 20000 });
    await this.command('Open as Reactive Notebook');
    await this.notebook().waitFor({ state: 'visible', timeout });
    await this.cells().first().waitFor({ timeout });
  }

  // --- the notebook editor -----------------------------------------------------------------------
  notebook() {
    return this.page.locator('.notebook-editor:visible').filter({ has: this.page.locator('.cell-list-container') }).last();
  }

  cells() {
    return this.notebook().locator('.cell-list-container .monaco-list-row');
  }

  // The cell row whose code contains `text` (scrolling the notebook until one is rendered).
  async cell(text, { timeout = 15000 } = {}) {
    const row = this.cells().filter({ has: this.page.locator('.view-lines', { hasText: text }) }).first();
    await waitFor(`a cell containing ${JSON.stringify(text)}`, async () => {
      if ((await row.count()) > 0) return true;
      await this.notebook().locator('.cell-list-container').hover({ position: { x: 200, y: 200 } }).catch(() => {});
      await this.page.mouse.wheel(0, 400);
      return false;
    }, { timeout });
    // Pin the row by its position, so that the handle survives edits to the cell's code.
    const index = await row.getAttribute('data-index');
    const pinned = this.notebook().locator(`.cell-list-container .monaco-list-row[data-index="${index}"]`);
    await pinned.scrollIntoViewIfNeeded().catch(() => {});
    return pinned;
  }

  // Code of every rendered cell, in order.
  async cellCodes() {
    const rows = this.cells();
    const n = await rows.count();
    const items = [];
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      const index = Number(await row.getAttribute('data-index'));
      const code = (await row.locator('.view-lines').first().innerText().catch(() => '')).replace(/\u00a0/g, ' ');
      items.push({ index, code });
    }
    return items.sort((a, b) => a.index - b.index).map((x) => x.code);
  }

  async focusCellEditor(row) {
    await row.locator('.cell-editor-container .view-lines').first().click();
    await waitFor('the cell editor to take focus', () => row.locator('.monaco-editor.focused').count(), { timeout: 5000 });
  }

  // Replaces a cell's code as a user would: select all in the cell's editor, then type.
  async setCellCode(row, code) {
    await this.focusCellEditor(row);
    await this.page.keyboard.press(`${mod}+A`);
    await this.page.keyboard.insertText(code);
  }

  // Adds a code cell below `row` with `code` in it, as a user would (the palette's Insert Code Cell
  // Below, then typing).
  async insertCellBelow(row, code) {
    const before = await this.cells().count();
    await this.focusCellEditor(row);
    await this.command('Notebook: Insert Code Cell Below');
    await waitFor('the new cell', async () => (await this.cells().count()) > before, { timeout: 10000 });
    await waitFor('the new cell\'s editor to take focus', () => this.notebook().locator('.monaco-list-row.focused .monaco-editor.focused').count(), { timeout: 10000 });
    await this.page.keyboard.insertText(code);
  }

  // Deletes the cell: Escape leaves its editor for the cell itself, Delete removes it.
  async deleteCell(row) {
    const before = await this.cells().count();
    await this.focusCellEditor(row);
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Delete');
    await waitFor('the cell to go', async () => (await this.cells().count()) < before, { timeout: 10000 });
  }

  // Runs the cell with the Execute Cell key (Meta+Enter in VS Code's web build, where Ctrl+Enter
  // stays in the editor).
  async runCell(row) {
    await this.focusCellEditor(row);
    await this.page.keyboard.press('Meta+Enter');
    await this.pickKernelIfAsked();
  }

  async runAll() {
    await this.notebook().locator('.notebook-toolbar-container .action-item a[aria-label^="Run All"]').first().click();
    await this.pickKernelIfAsked();
  }

  // Chooses the kernel whose label has `label` in VS Code's kernel picker (it may first list
  // recent kernels and "Select Another Kernel...", then the extensions providing kernels).
  async pickKernel(label) {
    await this.command('Notebook: Select Notebook Kernel');
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    // By the keyboard: a row's hover can cover the row below it.
    const choose = async (text) => {
      await this.quickInput().fill(text);
      await waitFor(`the picker filtered to ${text}`, async () =>
        (await rows.first().innerText().catch(() => '')).includes(text), { timeout: 10000 });
      await this.page.keyboard.press('Enter');
    };
    await waitFor(`the kernel ${label} in the picker`, async () => {
      if (await rows.filter({ hasText: label }).first().isVisible().catch(() => false)) {
        await choose(label);
        return true;
      }
      for (const step of ['Select Another Kernel', 'Lichen Reactive Notebooks']) {
        if (await rows.filter({ hasText: step }).first().isVisible().catch(() => false)) {
          await choose(step);
          return false;
        }
      }
      return false;
    }, { timeout: 30000, interval: 500 });
    await this.quickInput().waitFor({ state: 'hidden', timeout: 10000 }).catch(() => {});
  }

  // VS Code asks for a kernel when it cannot choose one by itself: choose Lichen's.
  async pickKernelIfAsked() {
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Lichen' }).first();
    if (await row.isVisible().catch(() => false)) await row.click();
  }

  // 'success' | 'error' | 'running' | 'pending' | 'idle'
  async cellState(row) {
    return row.evaluate((el) => {
      const has = (c) => el.querySelector(`.codicon-${c}`) !== null;
      if (has('notebook-state-executing') || el.querySelector('.codicon-modifier-spin')) return 'running';
      if (has('notebook-state-pending')) return 'pending';
      if (has('notebook-state-error')) return 'error';
      if (has('notebook-state-success')) return 'success';
      return 'idle';
    });
  }

  async waitCellState(row, states, timeout = 30000) {
    const wanted = Array.isArray(states) ? states : [states];
    let state;
    await waitFor(`cell state ${wanted.join(' or ')}`, async () => wanted.includes(state = await this.cellState(row)), { timeout })
      .catch((e) => { throw new Error(`${e.message}; cell is ${state}`); });
    return state;
  }

  // Text of the notebook's outputs: they render in nested webview iframes, some (Markdown) inside
  // shadow roots.
  async outputsText() {
    const parts = [];
    for (const frame of this.page.frames()) {
      if (frame === this.page.mainFrame() || frame.url().includes('webWorkerExtensionHostIframe')) continue;
      try {
        parts.push(await frame.evaluate(() => {
          const texts = [];
          const visit = (root) => {
            for (const el of root.querySelectorAll('*')) {
              if (el.shadowRoot) {
                for (const child of el.shadowRoot.children) {
                  if (!['STYLE', 'SCRIPT', 'LINK'].includes(child.tagName) && child.innerText) texts.push(child.innerText);
                }
                visit(el.shadowRoot);
              }
            }
          };
          if (!document.body || document.querySelector('script') && !document.querySelector('#container')) return '';
          texts.push(document.body.innerText);
          visit(document);
          return texts.join('\n');
        }));
      } catch { /* detached or navigating */ }
    }
    return parts.filter(Boolean).join('\n');
  }

  async waitForOutput(text, { timeout = 30000, gone = false } = {}) {
    const test = (s) => (text instanceof RegExp ? text.test(s) : s.includes(text));
    await waitFor(`${gone ? 'no' : 'an'} output ${text}`, async () => test(await this.outputsText()) !== gone, { timeout, interval: 150 });
  }

  // Entries of the Problems panel, as text.
  async problems() {
    await this.command('Focus on Problems View');
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    return (await rows.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
  }

  // Messages of the notification toasts on screen.
  async notifications() {
    const texts = await this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async statusBarText() {
    return this.page.locator('.part.statusbar').innerText();
  }

  // A button of the modal dialog VS Code shows (waits for the dialog).
  dialogButton(label) {
    return this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: label }).first();
  }

  async save() {
    await this.page.keyboard.press(`${mod}+S`);
  }

  async activeTabDirty() {
    return (await this.page.locator('.tabs-container .tab.active.dirty').count()) > 0;
  }

  // Text of the notebook and its outputs, for failure reports.
  async describe() {
    const lines = [`title: ${await this.page.title().catch(() => '?')}`];
    try {
      const codes = await this.cellCodes();
      codes.forEach((c, i) => lines.push(`--- rendered cell ${i}`, c));
    } catch (e) {
      lines.push(`(cells unreadable: ${e.message})`);
    }
    lines.push('--- webview text', await this.outputsText().catch(() => ''));
    lines.push('--- notifications', ...await this.notifications().catch(() => []));
    lines.push('--- status bar', await this.statusBarText().catch(() => ''));
    return lines.join('\n');
  }

  async saveArtifacts(dir) {
    fs.mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, 'screenshot.png') }).catch(() => {});
    fs.writeFileSync(path.join(dir, 'workbench.txt'), await this.describe().catch((e) => String(e)));
    fs.writeFileSync(path.join(dir, 'browser-console.txt'), this.console.join('\n'));
  }
}

// LICHEN_E2E_TRACE=1 prints each step a scenario takes (Workbench calls) with its duration.
if (process.env.LICHEN_E2E_TRACE) {
  let depth = 0;
  for (const name of Object.getOwnPropertyNames(Workbench.prototype)) {
    const fn = Workbench.prototype[name];
    if (name === 'constructor' || typeof fn !== 'function' || fn.constructor.name !== 'AsyncFunction') continue;
    Workbench.prototype[name] = async function traced(...args) {
      const started = Date.now();
      depth += 1;
      try {
        return await fn.apply(this, args);
      } finally {
        depth -= 1;
        if (depth === 0) {
          const shown = args.map((a) => (typeof a === 'string' ? JSON.stringify(a.slice(0, 40)) : typeof a)).join(', ');
          console.log(`        ${name}(${shown}) ${Date.now() - started} ms`);
        }
      }
    };
  }
}

// Processes whose working directory is inside `dir` (Linux): the daemon runs in the extension's
// folder and kernels in their notebook's, so after a test they show what outlived code-server.
function processesIn(dir) {
  const found = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return found;
  }
  for (const pid of entries) {
    try {
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      if (cwd === dir || cwd.startsWith(dir + path.sep)) {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
        found.push({ pid: Number(pid), cmd });
      }
    } catch { /* gone, or not ours to read */ }
  }
  return found;
}

// The TCP and UDP sockets (IPv4 and IPv6) process `pid` holds, from Linux's /proc: "tcp 0100007F:9A3B".
function inetSockets(pid) {
  const held = new Set();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith('socket:[')) held.add(target.slice(8, -1));
    } catch { /* closed meanwhile */ }
  }
  const found = [];
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    const rows = fs.readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
    for (const row of rows) {
      const fields = row.trim().split(/\s+/);
      if (held.has(fields[9])) found.push(`${table} ${fields[1]}`);
    }
  }
  return found;
}

function copyDir(from, to, filter = () => true) {
  fs.cpSync(from, to, { recursive: true, filter });
}

module.exports = {
  ARTIFACTS, CACHE, REPO, CodeServer, Workbench, copyDir, inetSockets, installed, launchBrowser, processesIn, waitFor,
};
