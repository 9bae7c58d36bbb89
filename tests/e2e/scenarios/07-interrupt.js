'use strict';
// Interrupt an endless loop: the cell fails with KeyboardInterrupt and the kernel keeps working.
const intro = require('../intro');

module.exports = {
  name: 'interrupt',
  async run({ wb }) {
    await wb.openNotebook(intro.file);
    await wb.insertCellBelow(await wb.cell('describe(sizes)'), 'while True:\n    pass');
    const loop = await wb.cell('while True:');
    await wb.runCell(loop);
    await wb.waitCellState(loop, 'running');
    await wb.command('Lichen: Interrupt Kernel');
    await wb.waitForOutput('KeyboardInterrupt');
    await wb.waitCellState(loop, 'error');
    // The same kernel still runs cells.
    const radius = await wb.cell('radius = 2.0');
    await wb.runCell(radius);
    await wb.waitForOutput(intro.outputs.area);
    await wb.waitCellState(radius, 'success');
  },
};
