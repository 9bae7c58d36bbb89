'use strict';
// Language intelligence across cells in desktop VS Code, answered by the daemon (its kernel's
// values): see ../language.js.
const language = require('../language');

module.exports = {
  name: 'language',
  timeout: 300000,
  async run({ wb }) {
    await language.check(wb);
  },
};
