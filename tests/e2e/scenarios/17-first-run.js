'use strict';
// A new user's first run: the workspace's own fresh virtual environment (no lichen, no pygls, no
// pyzmq) is the selected interpreter. The notebook opens
// and shows its problems (the daemon runs from what the extension carries); the .venv is picked
// from the kernel picker; running a cell says that environment lacks what the kernel needs, naming
// the interpreter and the command, with Install; one click installs them (the venv's pip, pointed
// at wheels fetched beforehand, so the click works offline) and the cell runs. A cell importing a
// module the environment lacks (yaml) offers to install its package (pyyaml), and runs once it is.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { CodeServer, REPO, Workbench, waitFor } = require('../harness');

const NOTEBOOK = 'first.py';
const TEXT = `import lichen

app = lichen.App()


@app.cell
def _():
    x = 1
    return (x,)


@app.cell
def _():
    x = 2
    return (x,)


@app.cell
def _():
    answer = 6 * 7
    answer
    return (answer,)


if __name__ == "__main__":
    app.run()
`;

function run(command, args, what) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 240000 });
  if (result.status !== 0) throw new Error(`${what} failed: ${result.stderr || result.stdout || result.error}`);
  return result.stdout;
}

// A fresh venv in the workspace, and the wheels its pip installs from (PIP_FIND_LINKS, PIP_NO_INDEX).
function freshEnvironment(root, folder) {
  const base = path.join(REPO, '.venv', 'bin', 'python');
  const venv = path.join(folder, '.venv');
  run(base, ['-m', 'venv', venv], 'creating a virtual environment');
  const python = path.join(venv, 'bin', 'python');
  const wheels = path.join(root, 'wheels');
  const versions = run(base, ['-c', 'import zmq, msgspec, yaml; print(zmq.__version__, msgspec.__version__, yaml.__version__)'], 'reading versions').trim().split(' ');
  run(base, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', wheels,
    `pyzmq==${versions[0]}`, `msgspec==${versions[1]}`, `pyyaml==${versions[2]}`], 'fetching the wheels the install clicks use');
  for (const module of ['lichen', 'pygls', 'zmq', 'msgspec', 'yaml']) {
    const found = spawnSync(python, ['-c', `import ${module}`]);
    if (found.status === 0) throw new Error(`${module} imports in the fresh environment`);
  }
  return { python, wheels };
}

module.exports = {
  name: 'first-run',
  standalone: true,
  timeout: 420000,
  async run({ page, root, log, keepOnFailure }) {
    const folder = path.join(root, 'workspaces', 'first-run');
    fs.mkdirSync(folder, { recursive: true });
    const { python, wheels } = freshEnvironment(root, folder);
    const extensionsDir = path.join(root, 'extensions');
    const server = new CodeServer({
      root: path.join(root, 'server-first-run'),
      extensionsDir,
      // The daemon runs in it too: it controls kernels with pyzmq, which no extension can carry.
      settings: { 'lichen.python.path': python },
      env: { PIP_FIND_LINKS: wheels, PIP_NO_INDEX: '1' },
    });
    keepOnFailure(server.root);
    await server.start();
    try {
      fs.writeFileSync(path.join(folder, NOTEBOOK), TEXT);
      const wb = new Workbench(server, page.context(), page, folder);
      await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });

      await wb.openNotebook(NOTEBOOK);
      // Diagnostics before anything is installed: `x` is defined by two cells.
      await waitFor('the two definitions of x in the Problems panel', async () =>
        (await wb.problems()).filter((p) => /\bx\b/.test(p)).length >= 2, { timeout: 60000, interval: 1000 });
      log('the notebook opened with its problems shown, nothing installed');

      await wb.pickKernel('Lichen (.venv)');
      log('the workspace\'s fresh .venv picked from the kernel picker');
      const cell = await wb.cell('answer = 6 * 7');
      await wb.runCell(cell);
      const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'pyzmq' }).first();
      await toast.waitFor({ timeout: 60000 });
      const message = (await toast.locator('.notification-list-item-message').innerText()).replace(/\s+/g, ' ');
      if (!message.includes(python) || !message.includes('pip install pyzmq msgspec')) {
        throw new Error(`the offer does not name the interpreter and the command: ${message}`);
      }
      await toast.locator('.monaco-button', { hasText: 'Install' }).first().click();
      await wb.waitForOutput('42', { timeout: 180000 });
      await wb.waitCellState(cell, 'success', 60000);
      log('one click installed pyzmq and msgspec into the fresh environment; the cell ran');
      const check = spawnSync(python, ['-c', 'import zmq, msgspec']);
      if (check.status !== 0) throw new Error('pyzmq and msgspec are not in the fresh environment after the install');

      await wb.insertCellBelow(cell, 'import yaml\nprint(yaml.safe_dump({"installed": 1}))');
      const importing = await wb.cell('import yaml');
      await wb.runCell(importing);
      const offer = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Install pyyaml' }).first();
      await offer.waitFor({ timeout: 60000 });
      const offered = (await offer.locator('.notification-list-item-message').innerText()).replace(/\s+/g, ' ');
      if (!offered.includes("No module named 'yaml'") || !offered.includes(python)) {
        throw new Error(`the offer does not name the module and the environment: ${offered}`);
      }
      await offer.locator('.monaco-button', { hasText: 'Install pyyaml' }).first().click();
      await wb.waitForOutput('installed: 1', { timeout: 180000 });
      await wb.waitCellState(importing, 'success', 60000);
      log('the ModuleNotFoundError\'s action installed pyyaml into the .venv and ran the cell again');
    } finally {
      await server.stop();
    }
  },
};
