'use strict';
// Move a slider with the keyboard and the markdown that reads it changes; keys pressed faster
// than the cell runs leave no stale run behind (the last value is what the output shows).
// Prints the time from the slider's input event to the new text on screen.
const ui = require('../ui');

module.exports = {
  name: 'ui-slider',
  timeout: 180000,
  async run({ wb, log }) {
    await wb.openNotebook(ui.file);
    await wb.runAll();
    await wb.waitForOutput(ui.outputs.square(3), { timeout: 60000 });
    const frame = await ui.frameWith(wb, 'slider', 'size');
    const slider = ui.control(frame, 'slider', 'size', 'input[type=range]');
    await slider.focus();

    const times = [];
    for (let n = 4; n <= 7; n++) {
      await ui.armTimer(frame, ui.outputs.square(n));
      await wb.page.keyboard.press('ArrowRight');
      times.push(await ui.readTimer(frame, `"${ui.outputs.square(n)}" after ArrowRight`));
    }
    await wb.waitForOutput(ui.outputs.square(3), { gone: true });

    // A burst of keys: the slider stays focused (VS Code does not take the keys), and the output
    // ends on the last value.
    for (let i = 0; i < 3; i++) await wb.page.keyboard.press('ArrowRight');
    await wb.waitForOutput(ui.outputs.square(10));
    if ((await slider.inputValue()) !== '10') throw new Error(`the slider shows ${await slider.inputValue()}, not 10`);
    await wb.page.waitForTimeout(1000);
    const text = await wb.outputsText();
    if (!text.includes(ui.outputs.square(10)) || text.includes(ui.outputs.square(9))) {
      throw new Error(`a stale run replaced the last value's output:\n${text}`);
    }

    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    log(`bench: slider input to screen ${median} ms (median of ${times.join(', ')} ms)`);
  },
};
