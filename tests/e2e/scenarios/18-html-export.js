'use strict';
// `lichen export html` writes one page that a browser with no network draws whole: a notebook with
// markdown, printed text, a slider, a DataFrame, an altair chart, a plotly figure and a failing
// cell is exported and the page opened offline; every output is there (the charts drawn by the
// inlined libraries, the slider at its value), the failure shown and named by the command, and no
// request leaves the page. `--no-code` leaves the code out; `lichen convert` reads the page back
// to the notebook's own bytes.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { REPO, waitFor } = require('../harness');

const NOTEBOOK = `import lichen

__generated_with = "0.1.0"
app = lichen.App(app_title="Sales report")


@app.cell(hide_code=True)
def _(lichen):
    lichen.md("# Sales report\\n\\nFour cities, *one* page.")
    return


@app.cell
def _():
    import altair as alt
    import lichen
    import pandas as pd
    import plotly.graph_objects as go

    return alt, go, lichen, pd


@app.cell
def _(lichen):
    days = lichen.ui.slider(1, 30, value=7, label="Days")
    days
    return (days,)


@app.cell
def _(days, pd):
    cities = ["Oslo", "Lima", "Rome", "Pune"]
    sales = pd.DataFrame({
        "day": range(40),
        "city": [cities[i % 4] for i in range(40)],
        "amount": [(i * 37) % 100 for i in range(40)],
    })
    print(f"{len(sales)} sales over {days.value} days </script> ok")
    sales
    return (sales,)


@app.cell
def _(alt, sales):
    alt.Chart(sales, title="Amounts by day").mark_point().encode(x="day", y="amount", color="city")
    return


@app.cell
def _(go, sales):
    totals = sales.groupby("city", as_index=False)["amount"].sum()
    go.Figure(go.Bar(x=totals["city"], y=totals["amount"]))
    return (totals,)


@app.cell
def _(totals):
    ratio = len(totals) / 0
    return


if __name__ == "__main__":
    app.run()
`;

function lichen(python, cwd, ...args) {
  return spawnSync(python, ['-m', 'lichen', ...args], { cwd, encoding: 'utf8', timeout: 120000 });
}

// Opens `file` with every request but the page's own refused; the refused URLs.
async function openOffline(page, file) {
  const url = `file://${file}`;
  const asked = [];
  page.on('request', (request) => {
    const at = request.url();
    if (at !== url && !at.startsWith('data:') && !at.startsWith('blob:')) asked.push(at);
  });
  await page.context().setOffline(true);
  await page.goto(url);
  return asked;
}

module.exports = {
  name: 'html-export',
  standalone: true,
  timeout: 240000,
  async run({ page, root, log }) {
    const python = path.resolve(process.env.LICHEN_E2E_PYTHON || path.join(REPO, '.venv', 'bin', 'python'));
    const dir = fs.mkdtempSync(path.join(root, 'html-export-'));
    fs.writeFileSync(path.join(dir, 'report.py'), NOTEBOOK);

    const started = Date.now();
    const done = lichen(python, dir, 'export', 'html', 'report.py');
    log(`export html took ${Date.now() - started} ms: ${done.stdout.trim()} / ${done.stderr.trim()}`);
    if (done.status !== 1) throw new Error(`export with a failing cell exited ${done.status}: ${done.stderr}`);
    if (!/cell 7 failed: ZeroDivisionError/.test(done.stderr)) throw new Error(`the failed cell is not named: ${done.stderr}`);
    const file = path.join(dir, 'report.html');
    log(`report.html: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);

    const asked = await openOffline(page, file);
    if ((await page.title()) !== 'Sales report') throw new Error(`the page is titled ${await page.title()}`);
    await waitFor('the markdown drawn', async () => (await page.locator('.lichen-output h1').allInnerTexts()).includes('Sales report'));
    if ((await page.locator('.lichen-output em', { hasText: 'one' }).count()) !== 1) throw new Error('the markdown lost its emphasis');
    const slider = page.locator('.lichen-slider input[type="range"]').first();
    await waitFor('the slider at its value', async () => (await slider.inputValue()) === '7');
    const stdout = await page.locator('.lichen-stdout').allInnerTexts();
    if (!stdout.some((t) => t.includes('40 sales over 7 days </script> ok'))) throw new Error(`printed text: ${stdout}`);
    const table = page.locator('.lichen-datatable').first();
    await waitFor('the DataFrame as a table', async () => (await table.locator('.lichen-table-counts').innerText()) === '40 rows × 3 columns');
    if ((await table.locator('tbody tr').count()) !== 10) throw new Error('the table does not show its first 10 rows');
    const vega = page.locator('.lichen-chart[data-mime^="application/vnd.vegalite"]').first();
    await waitFor('the altair chart drawn (an SVG with its 40 points)', async () =>
      (await vega.locator('svg g.mark-symbol.role-mark path').count()) === 40, { timeout: 60000 });
    const plotly = page.locator('.lichen-chart[data-mime="application/vnd.plotly.v1+json"]').first();
    await waitFor('the plotly figure drawn (its four bars)', async () =>
      (await plotly.locator('svg.main-svg .bars path').count()) === 4, { timeout: 60000 });
    if ((await page.locator('.lichen-error').count()) > 0) throw new Error(await page.locator('.lichen-error').first().innerText());
    const traceback = await page.locator('.lichen-traceback').allInnerTexts();
    if (traceback.length !== 1 || !traceback[0].includes('ZeroDivisionError')) throw new Error(`the failure shows as ${traceback}`);
    const code = await page.locator('.lichen-code').allInnerTexts();
    if (code.length !== 6 || !code.some((c) => c.includes('lichen.ui.slider(1, 30, value=7'))) throw new Error(`the code shown: ${code.length} cells`);
    if (code.some((c) => c.includes('lichen.md('))) throw new Error('the hidden markdown cell shows its code');
    if (asked.length > 0) throw new Error(`the page asked the network for ${asked.join(', ')}`);

    const bare = lichen(python, dir, 'export', 'html', 'report.py', '--no-code', '-o', 'bare.html');
    if (bare.status !== 1) throw new Error(`export --no-code exited ${bare.status}: ${bare.stderr}`);
    const again = lichen(python, dir, 'export', 'html', 'report.py', '--no-code', '-o', 'bare.html');
    if (again.status !== 2 || !again.stderr.includes('--force')) throw new Error(`an existing page was not refused: ${again.stderr}`);
    await page.goto(`file://${path.join(dir, 'bare.html')}`);
    await waitFor('the outputs of the page without code', async () => (await page.locator('.lichen-output').count()) === 5);
    if ((await page.locator('.lichen-code').count()) !== 0) throw new Error('--no-code shows code');

    const back = lichen(python, dir, 'convert', 'bare.html', '-o', 'back.py');
    if (back.status !== 0) throw new Error(`convert from the page exited ${back.status}: ${back.stderr}`);
    if (fs.readFileSync(path.join(dir, 'back.py'), 'utf8') !== NOTEBOOK) throw new Error('the page converts back to another notebook');
  },
};
