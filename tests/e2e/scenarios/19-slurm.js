'use strict';
// examples/slurm.py asks in its header for a Slurm kernel: it runs in a job on the (one-node,
// real) cluster, the status bar says on which node, and Interrupt reaches the cell on that node.
const { execFileSync } = require('child_process');
const path = require('path');
const { REPO, waitFor } = require('../harness');

module.exports = {
  name: 'slurm',
  timeout: 240000,
  async run({ wb, log }) {
    const started = execFileSync('bash', [path.join(REPO, 'tests/slurm/start.sh')], { encoding: 'utf8', timeout: 600000 });
    const node = started.split('slurm up:').pop().trim();
    log(`slurm node ${node}`);
    await wb.openNotebook('slurm.py');
    await wb.runAll();
    await wb.waitForOutput(new RegExp(`job \\d+ on ${node}`), { timeout: 90000 });
    await waitFor('the node in the status bar', async () => (await wb.statusBarText()).includes(`node ${node}`), { timeout: 30000 });
    await wb.insertCellBelow(await wb.cell('SLURM_JOB_ID'), 'import time\ntime.sleep(60)');
    const sleeper = await wb.cell('time.sleep(60)');
    await wb.runCell(sleeper);
    await wb.waitCellState(sleeper, 'running');
    await wb.command('Lichen: Interrupt Kernel');
    await wb.waitForOutput('KeyboardInterrupt', { timeout: 15000 });
    await wb.waitCellState(sleeper, 'error');
  },
};
