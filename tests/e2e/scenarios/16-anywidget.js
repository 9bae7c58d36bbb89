'use strict';
// examples/widgets.py: anywidgets drawn by their own front-end modules, with no network (the
// browser is offline for everything but code-server). A click in the notebook's own counter
// widget and a colour typed into wigglystuff's ColorPicker (a published package) set their
// traits in Python and re-run the cells that read them; a trait set from Python (the run button)
// redraws the picker.
const { waitFor } = require('../harness');
const ui = require('../ui');

module.exports = {
  name: 'anywidget',
  timeout: 240000,
  async run({ wb, server, log }) {
    const refused = await ui.offline(wb, server);
    await wb.openNotebook('widgets.py');
    await wb.runAll();
    await wb.waitForOutput('The widget counted 0.', { timeout: 60000 });

    const counterFrame = await ui.outputFrame(wb, '.counter-button', "the counter widget's button");
    const button = counterFrame.locator('.counter-button').first();
    await waitFor('the counter drawn', async () => (await button.innerText()) === 'count is 0');
    const start = Date.now();
    await button.click();
    await wb.waitForOutput('The widget counted 1.');
    const clickMs = Date.now() - start;
    await button.click();
    await wb.waitForOutput('The widget counted 2.');
    if ((await button.innerText()) !== 'count is 2') throw new Error(`the button shows ${await button.innerText()}`);

    await wb.cell('The colour is');
    const pickerFrame = await ui.outputFrame(wb, '.colorpicker-input', "ColorPicker's input");
    await wb.waitForOutput('The colour is #ff5733.');
    await pickerFrame.locator('.colorpicker-input').first().fill('#00ff00');
    await wb.waitForOutput('The colour is #00ff00.');

    // The run button's output is below the window: bring the cell under it into view first.
    await wb.cell('colour.color =');
    const runFrame = await ui.outputFrame(wb, '.lichen-run_button', 'the run button');
    await runFrame.locator('.lichen-run_button button').first().click();
    const label = pickerFrame.locator('.colorpicker-label').first();
    await waitFor('the picker redrawn with the trait set in Python', async () => (await label.innerText()) === '#008080', { timeout: 30000 });
    if (refused.length > 0) throw new Error(`requests left the machine: ${refused.slice(0, 3).join(', ')}`);
    log(`bench: widget click to the reading cell's output ${clickMs} ms`);
  },
};
