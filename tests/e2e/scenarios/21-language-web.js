'use strict';
// Language intelligence across cells in VS Code for the Web, answered by the Pyodide worker (its
// Jedi, the values of its in-process runtime): the same checks
// as the desktop `language` scenario (../language.js), with no Python process started.
const language = require('../language');
const { inTheBrowser } = require('../web');

module.exports = {
  name: 'language-web',
  standalone: true,
  timeout: 420000,
  async run({ page, root, keepOnFailure }) {
    await inTheBrowser({ page, root, keepOnFailure }, 'language-web', async (wb) => {
      await language.check(wb, { openTimeout: 180000 });
    });
  },
};
