'use strict';
// examples/elements.py, written with marimo's API: the progress bar is drawn live while its cell
// runs and stays complete after; a CSV uploaded through the file element, a matrix cell typed
// in and a chat prompt clicked each reach the kernel, and the cells that read them change; the
// chat shows the model function's reply.
const { waitFor } = require('../harness');
const ui = require('../ui');

module.exports = {
  name: 'elements',
  timeout: 240000,
  async run({ wb, log }) {
    await wb.openNotebook('elements.py');
    await wb.runAll();
    // Live: while the loop runs, the bar shows a count short of its total.
    const frame = await ui.outputFrame(wb, '.lichen-progress', 'a progress bar in the outputs');
    const facts = frame.locator('.lichen-progress .lichen-progress-facts').first();
    const seen = new Set();
    await waitFor('the progress bar complete', async () => {
      const text = await facts.innerText().catch(() => '');
      seen.add(text.split(' ')[0]);
      return text.startsWith('5/5');
    }, { timeout: 60000, interval: 50 });
    if (![...seen].some((s) => /^[1-4]\/5$/.test(s))) throw new Error(`the bar was never seen part way: ${[...seen]}`);
    await wb.waitForOutput('Counted to 5.');
    const title = await frame.locator('.lichen-progress .lichen-status-title').first().innerText();
    if (title !== 'Counting') throw new Error(`the progress bar's title is ${title}`);
    await wb.waitForOutput('Uploaded nothing: 0 lines.');

    const upload = ui.control(await ui.frameWith(wb, 'file', 'data file'), 'file', 'data file', 'input[type=file]');
    await upload.setInputFiles({ name: 'planets.csv', mimeType: 'text/csv', buffer: Buffer.from('name,moons\nEarth,1\nMars,2\n') });
    await wb.waitForOutput('Uploaded planets.csv: 3 lines.');

    await wb.cell('The trace is');
    const matrix = await ui.frameWith(wb, 'matrix', 'grid');
    const corner = ui.control(matrix, 'matrix', 'grid', 'input[aria-label="row 2, column 2"]');
    await corner.fill('4');
    await wb.waitForOutput('The trace is 5.');

    await wb.cell('The chat has');
    const chat = await ui.outputFrame(wb, '.lichen-chat-prompt', 'the chat');
    await chat.locator('.lichen-chat-prompt', { hasText: 'hello' }).click();
    await waitFor('the reply in the chat', async () => (await chat.locator('.lichen-chat-assistant').innerText().catch(() => '')).includes('HELLO!'), { timeout: 30000 });
    // The chat grew by two messages and pushed the next cell's output down, where VS Code hides
    // outputs out of view: scroll it back in only now that the chat has its final height.
    await wb.cell('The chat has');
    await wb.waitForOutput('The chat has 2 messages.');
    log(`progress counts seen while running: ${[...seen].join(', ')}`);
  },
};
