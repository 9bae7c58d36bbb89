'use strict';
// Click a button, choose a dropdown option and select table rows: the markdown cells that read
// them change.
const ui = require('../ui');

module.exports = {
  name: 'ui-elements',
  timeout: 180000,
  async run({ wb, log }) {
    await wb.openNotebook(ui.file);
    await wb.runAll();
    await wb.waitForOutput(ui.outputs.planets('none'), { timeout: 60000 });

    const frame = await ui.frameWith(wb, 'button', 'Add one');
    const button = ui.control(frame, 'button', 'Add one', 'button');
    await ui.armTimer(frame, ui.outputs.clicks(1), 'click');
    await button.click();
    const clickTime = await ui.readTimer(frame, `"${ui.outputs.clicks(1)}" after a click`);
    await button.click();
    await wb.waitForOutput(ui.outputs.clicks(2));

    const dropdown = ui.control(await ui.frameWith(wb, 'dropdown', 'fruit'), 'dropdown', 'fruit', 'select');
    await dropdown.selectOption('banana');
    await wb.waitForOutput(ui.outputs.fruit('banana'));

    // The table's output is below the window: bring the cell under it into view first (the
    // outputs' webview scrolls with the notebook, not by itself).
    await wb.cell('Selected planets');
    const tableFrame = await ui.frameWith(wb, 'table', 'planets');
    await ui.control(tableFrame, 'table', 'planets', 'input[aria-label="Select row 3"]').check();
    await wb.waitForOutput(ui.outputs.planets('Earth'));
    await ui.control(tableFrame, 'table', 'planets', 'tr[data-row="3"] td:nth-child(2)').click();
    await wb.waitForOutput(ui.outputs.planets('Earth, Mars'));

    log(`bench: button click to screen ${clickTime} ms`);
  },
};
