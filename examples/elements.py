"""More UI elements, written with marimo's API: a progress bar drawn live, a file upload, a date
range, a matrix, and a chat with a model function of the notebook's own."""

import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import time

    import marimo as mo

    return mo, time


@app.cell
def _(mo, time):
    for _step in mo.status.progress_bar(range(5), title="Counting", subtitle="one step at a time"):
        time.sleep(0.4)
    counted = 5
    return (counted,)


@app.cell
def _(counted, mo):
    mo.md(f"Counted to {counted}.")
    return


@app.cell
def _(mo):
    upload = mo.ui.file(filetypes=[".csv"], label="data file")
    upload
    return (upload,)


@app.cell
def _(mo, upload):
    _text = (upload.contents() or b"").decode()
    mo.md(f"Uploaded {upload.name() or 'nothing'}: {len(_text.splitlines())} lines.")
    return


@app.cell
def _(mo):
    days = mo.ui.date_range(start="2026-01-01", stop="2026-12-31",
                            value=("2026-03-01", "2026-03-05"), label="days")
    days
    return (days,)


@app.cell
def _(days, mo):
    mo.md(f"From {days.value[0]} to {days.value[1]}.")
    return


@app.cell
def _(mo):
    grid = mo.ui.matrix([[1, 0], [0, 1]], label="grid")
    grid
    return (grid,)


@app.cell
def _(grid, mo):
    mo.md(f"The trace is {grid.value[0][0] + grid.value[1][1]}.")
    return


@app.cell
def _(mo):
    def shout(messages, config):
        return messages[-1].content.upper() + "!"

    talk = mo.ui.chat(shout, prompts=["hello"])
    talk
    return (talk,)


@app.cell
def _(mo, talk):
    mo.md(f"The chat has {len(talk.value)} messages.")
    return


if __name__ == "__main__":
    app.run()
