'use strict';
// Delete a cell: the cells that read its names react (they run again and fail, naming the name).
const intro = require('../intro');

module.exports = {
  name: 'delete-cell',
  async run({ wb }) {
    await wb.openNotebook(intro.file);
    await wb.runAll();
    await wb.waitForOutput(intro.outputs.describe, { timeout: 60000 });
    await wb.deleteCell(await wb.cell('radius = 2.0'));
    await wb.waitForOutput(/NameError[\s\S]*radius/);
    await wb.waitForOutput(intro.outputs.area, { gone: true });
    await wb.waitCellState(await wb.cell('area = math.pi'), 'error');
    await wb.waitCellState(await wb.cell('sizes = [radius'), 'error');
  },
};
