'use strict';
// The kernel picker: the workspace's own virtual environment is one of the notebook's kernels;
// choosing it runs the cells in that interpreter (the kernel running before ends), and the choice
// holds when the notebook is opened again.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { REPO, waitFor } = require('../harness');
const intro = require('../intro');

const PROBE = 'import sys\nprint("kernel:", sys.executable)';

// A venv in the workspace that sees this repository's packages (pyzmq, msgspec, lichen) through a
// .pth file, so its kernel starts without an install.
function workspaceVenv(folder) {
  const base = path.join(REPO, '.venv', 'bin', 'python');
  const venv = path.join(folder, '.venv');
  const made = spawnSync(base, ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8', timeout: 120000 });
  if (made.status !== 0) throw new Error(`creating ${venv} failed: ${made.stderr}`);
  const purelib = spawnSync(base, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).stdout.trim();
  const lib = path.join(venv, 'lib');
  const site = path.join(lib, fs.readdirSync(lib).find((n) => n.startsWith('python')), 'site-packages');
  fs.writeFileSync(path.join(site, 'borrowed.pth'), `import site; site.addsitedir(${JSON.stringify(purelib)})\n`);
  return path.join(venv, 'bin', 'python');
}

module.exports = {
  name: 'kernel-picker',
  timeout: 240000,
  async run({ wb, folder, log }) {
    const venvPython = workspaceVenv(folder);
    await wb.openNotebook(intro.file);
    await wb.insertCellBelow(await wb.cell('describe(sizes)'), PROBE);
    let probe = await wb.cell('sys.executable');
    await wb.runCell(probe);
    await waitFor('the default kernel to answer', async () => /kernel: \S+/.test(await wb.outputsText()), { timeout: 60000 });
    if ((await wb.outputsText()).includes(`kernel: ${venvPython}`)) throw new Error('the default kernel ran in the workspace venv');
    log('the default kernel runs in the daemon\'s interpreter');

    await wb.pickKernel('Lichen (.venv)');
    await wb.runCell(probe);
    await wb.waitForOutput(`kernel: ${venvPython}`, { timeout: 60000 });
    log(`the workspace's .venv, picked from the kernel picker, runs the cell: ${venvPython}`);

    await wb.save();
    await wb.command('View: Close All Editors');
    await wb.openNotebook(intro.file);
    probe = await wb.cell('sys.executable');
    await wb.runCell(probe);
    await wb.waitForOutput(`kernel: ${venvPython}`, { timeout: 60000 });
    log('opened again, the notebook keeps its kernel');
  },
};
