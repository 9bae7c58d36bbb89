'use strict';
// Saving writes the file back byte for byte when nothing changed, and changes only the edited
// cell's lines otherwise; a file that starts with a UTF-8 byte order mark keeps it.
const assert = require('node:assert/strict');
const fs = require('fs');
const { waitFor } = require('../harness');
const intro = require('../intro');

module.exports = {
  name: 'save',
  async run({ wb }) {
    const original = intro.text();
    const file = wb.file(intro.file);
    await wb.openNotebook(intro.file);
    await wb.runAll();
    await wb.waitForOutput(intro.outputs.describe, { timeout: 60000 });

    // Edit a cell and edit it back: the notebook is dirty, its text what it was.
    const radius = await wb.cell('radius = 2.0');
    await wb.setCellCode(radius, 'radius = 2.5');
    await wb.setCellCode(radius, 'radius = 2.0');
    await waitFor('the editor to show unsaved changes', () => wb.activeTabDirty());
    await wb.save();
    await waitFor('the save to finish', async () => !(await wb.activeTabDirty()));
    assert.ok(fs.readFileSync(file).equals(Buffer.from(original, 'utf8')), 'an unedited save changed the file');

    // A real edit changes that cell's line and nothing else.
    await wb.setCellCode(radius, 'radius = 2.5');
    await wb.save();
    await waitFor('the save to finish', async () => !(await wb.activeTabDirty()));
    const expected = original.replace('    radius = 2.0\n', '    radius = 2.5\n');
    assert.notEqual(expected, original);
    assert.equal(fs.readFileSync(file, 'utf8'), expected);

    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const bomFile = wb.file('with-bom.py');
    fs.writeFileSync(bomFile, Buffer.concat([bom, Buffer.from(original, 'utf8')]));
    await wb.openNotebook('with-bom.py');
    await wb.setCellCode(await wb.cell('radius = 2.0'), 'radius = 3.5');
    await wb.save();
    await waitFor('the save to finish', async () => !(await wb.activeTabDirty()));
    const saved = fs.readFileSync(bomFile);
    assert.ok(saved.subarray(0, 3).equals(bom), `the byte order mark was dropped: ${saved.subarray(0, 8).toString('hex')}`);
    assert.equal(saved.subarray(3).toString('utf8'), original.replace('    radius = 2.0\n', '    radius = 3.5\n'));
  },
};
