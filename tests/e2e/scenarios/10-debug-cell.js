'use strict';
// Debug Cell: a breakpoint set in a cell stops there; the editor shows the paused line, the
// Variables view lists the cell's variable, Continue finishes the run and its output appears.
// Ending the session (Stop) leaves the kernel running with its state. While paused, neither the
// kernel nor the daemon holds a TCP or UDP socket: the debugger's messages travel over the kernel's
// own channel, so no other user of the machine can attach. Prints the time from Debug Cell to the
// stop (the benchmark).
const intro = require('../intro');
const { inetSockets, processesIn, waitFor } = require('../harness');

module.exports = {
  name: 'debug-cell',
  timeout: 180000,
  async run({ wb, folder, log }) {
    const { page } = wb;
    await wb.openNotebook(intro.file);
    await wb.runAll(); // a kernel with `radius` defined, as a notebook in use has
    await wb.waitForOutput(intro.outputs.describe);

    const cell = await wb.cell('area = math.pi');
    const line = cell.locator('.view-line', { hasText: 'print(f"area' });
    await line.click();
    await page.keyboard.press('F9'); // Debug: Toggle Breakpoint on the cursor's line
    await waitFor('the breakpoint in the cell\'s margin',
      () => cell.locator('.codicon-debug-breakpoint').count(), { timeout: 10000 });

    // The clock starts when the command is picked in the palette.
    const input = await wb.openQuickInput('>');
    await input.fill('>Lichen: Debug Cell');
    const entry = page.locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: 'Lichen: Debug Cell' }) }).first();
    await entry.waitFor({ timeout: 10000 });
    const started = Date.now();
    await entry.click();
    // The editor shows the cell paused on the breakpoint's line.
    const paused = cell.locator('.debug-top-stack-frame-line, .codicon-debug-stackframe');
    await waitFor('the paused line in the cell', () => paused.count(), { timeout: 60000, interval: 50 });
    const elapsed = Date.now() - started;
    log(`Debug Cell -> stopped at the breakpoint: ${elapsed} ms`);
    console.log(`bench: debug cell to stop ${elapsed} ms`);
    const pausedText = await cell.locator('.view-line', { hasText: 'print(f"area' }).count();
    if (pausedText !== 1) throw new Error('the paused cell does not show the breakpoint\'s line');
    const lichen = processesIn(folder).filter((p) => /lichen\.kernel\.server|-m lichen lsp/.test(p.cmd));
    if (!lichen.some((p) => p.cmd.includes('lichen.kernel.server'))) {
      throw new Error(`no kernel process found in ${folder}: ${processesIn(folder).map((p) => p.cmd.slice(0, 80)).join('; ')}`);
    }
    for (const p of lichen) {
      const sockets = inetSockets(p.pid);
      if (sockets.length > 0) throw new Error(`${p.cmd.slice(0, 80)} holds ${sockets.join(', ')} while debugging`);
    }
    log(`no TCP or UDP socket in ${lichen.length} Lichen processes while paused`);

    // The Variables view lists the cell's variable with its value.
    const variable = page.locator('.debug-view-content .monaco-list-row', { hasText: 'area' }).first();
    await waitFor('`area` in the Variables view', () => variable.isVisible(), { timeout: 20000 });
    const shown = (await variable.innerText()).replace(/\s+/g, ' ');
    if (!shown.includes('12.566')) throw new Error(`the Variables view shows ${JSON.stringify(shown)} for area`);
    if (await wb.cellState(cell) !== 'running') throw new Error('the cell should still be running while paused');

    await wb.command('Debug: Continue');
    await wb.waitForOutput(intro.outputs.area);
    await wb.waitCellState(cell, 'success');

    // While the session is attached, Debug Cell runs the cell at once, and it stops again.
    await wb.command('Lichen: Debug Cell');
    await waitFor('the paused line in the cell again', () => paused.count(), { timeout: 30000 });
    // Ending the session, even with Stop, leaves the kernel and the notebook's state as they were:
    // the paused cell runs to its end.
    await wb.command('Debug: Stop');
    await waitFor('the debug session to end', async () => !(await page.locator('.debug-toolbar').isVisible()), { timeout: 15000 });
    await wb.waitCellState(cell, 'success');
    const sizes = await wb.cell('sizes = [radius');
    await wb.runCell(sizes);
    await wb.waitCellState(sizes, 'success');
    await wb.waitForOutput(intro.outputs.sizes);
    const notes = (await wb.notifications()).join(' | ');
    if (/kernel (died|was killed|exited)/i.test(notes)) throw new Error(`the kernel did not survive: ${notes}`);
  },
};
