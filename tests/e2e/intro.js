'use strict';
// What examples/intro.py shows, for the scenarios that open it.
const fs = require('fs');
const path = require('path');
const { REPO } = require('./harness');

module.exports = {
  file: 'intro.py',
  text: () => fs.readFileSync(path.join(REPO, 'examples', 'intro.py'), 'utf8'),
  cellCount: 7,
  // The cell `lichen.md("...")` opens as a Markdown cell: VS Code renders it, with no run.
  markdownCells: [1],
  markdown: 'Run a cell and every cell that reads what it defines runs again.',
  // Output text of each code cell after Run All, as rendered.
  outputs: {
    area: 'area of a circle of radius 2.0: 12.57',
    sizes: '[2.0, 4.0, 6.0, 8.0, 10.0]',
    describe: "'5 values from 2.0 to 10.0'",
  },
  // The same after `radius = 3.0`.
  outputsRadius3: {
    area: 'area of a circle of radius 3.0: 28.27',
    sizes: '[3.0, 6.0, 9.0, 12.0, 15.0]',
    describe: "'5 values from 3.0 to 15.0'",
  },
};
