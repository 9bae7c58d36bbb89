'use strict';
// What examples/ui.py shows, and how to reach its UI elements. Outputs render in nested webview
// iframes, and Lichen's renderer draws each output in an open shadow root (Playwright's CSS
// locators pierce those).
const { waitFor } = require('./harness');

module.exports = {
  file: 'ui.py',
  // Output text of the cells that read the elements.
  outputs: {
    square: (n) => `The square of ${n} is ${n * n}.`,
    clicks: (n) => `The button was clicked ${n} times.`,
    fruit: (name) => `You picked ${name}.`,
    planets: (names) => `Selected planets: ${names}.`,
  },

  // The output frame holding an element of `kind` labelled `label`.
  async frameWith(wb, kind, label) {
    return module.exports.outputFrame(wb, `.lichen-${kind}`, `a ${kind} labelled ${label} in the outputs`,
      { hasText: label, timeout: 30000 });
  },

  // The output frame holding `selector` (with `hasText` among its text, if given).
  async outputFrame(wb, selector, what, { hasText, timeout = 60000 } = {}) {
    return waitFor(what, async () => {
      for (const frame of wb.page.frames()) {
        if (frame === wb.page.mainFrame()) continue;
        const found = await frame.locator(selector, hasText === undefined ? {} : { hasText }).count().catch(() => 0);
        if (found > 0) return frame;
      }
      return null;
    }, { timeout });
  },

  // Refuses every request that leaves code-server (the browser is offline); the refused URLs.
  async offline(wb, server) {
    const local = new URL(server.url).host;
    const refused = [];
    await wb.context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.host === local || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
      refused.push(url.href);
      return route.abort('internetdisconnected');
    });
    return refused;
  },

  // A control (`inner`, a CSS selector) of the element of `kind` labelled `label` in `frame`.
  control(frame, kind, label, inner) {
    return frame.locator(`.lichen-${kind}`, { hasText: label }).locator(inner).first();
  },

  // Starts a stopwatch in `frame`: from the next `eventType` event (its timestamp) to the first
  // animation frame at which `text` is among the outputs' text (the frame it is painted in).
  async armTimer(frame, text, eventType = 'input') {
    await frame.evaluate(({ text, eventType }) => {
      const outputsText = () => {
        const parts = [document.body ? document.body.innerText : ''];
        const visit = (root) => {
          for (const el of root.querySelectorAll('*')) {
            if (el.shadowRoot) {
              parts.push(el.shadowRoot.textContent || '');
              visit(el.shadowRoot);
            }
          }
        };
        visit(document);
        return parts.join('\n');
      };
      const timer = { start: 0, end: 0 };
      window.__lichenTimer = timer;
      const poll = () => {
        if (outputsText().includes(text)) timer.end = performance.now();
        else requestAnimationFrame(poll);
      };
      document.addEventListener(eventType, (event) => {
        timer.start = event.timeStamp;
        requestAnimationFrame(poll);
      }, { capture: true, once: true });
    }, { text, eventType });
  },

  // The stopwatch's reading in ms, once the text is on screen.
  async readTimer(frame, what, timeout = 30000) {
    return waitFor(what, async () => {
      const timer = await frame.evaluate(() => window.__lichenTimer);
      return timer && timer.end > 0 ? Math.round(timer.end - timer.start) : 0;
    }, { timeout, interval: 50 });
  },
};
