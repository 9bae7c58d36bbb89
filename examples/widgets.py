"""anywidgets, written with marimo's API: a counter whose front-end module is this notebook's own,
and a published widget package's colour picker. Their synced traits travel both ways: a click
in the widget re-runs the cells that read it, and a trait set in Python redraws the widget."""

import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import anywidget
    import marimo as mo
    import traitlets

    return anywidget, mo, traitlets


@app.cell
def _(anywidget, traitlets):
    class Counter(anywidget.AnyWidget):
        _esm = """
        function render({ model, el }) {
          const button = document.createElement("button");
          button.className = "counter-button";
          const show = () => { button.textContent = `count is ${model.get("count")}`; };
          button.addEventListener("click", () => {
            model.set("count", model.get("count") + 1);
            model.save_changes();
          });
          model.on("change:count", show);
          show();
          el.append(button);
        }
        export default { render };
        """
        _css = ".counter-button { font-weight: bold; }"
        count = traitlets.Int(0).tag(sync=True)

    return (Counter,)


@app.cell
def _(Counter, mo):
    counter = mo.ui.anywidget(Counter())
    counter
    return (counter,)


@app.cell
def _(counter, mo):
    mo.md(f"The widget counted {counter.value['count']}.")
    return


@app.cell
def _(mo):
    from wigglystuff import ColorPicker

    colour = ColorPicker(color="#ff5733")
    picker = mo.ui.anywidget(colour)
    picker
    return colour, picker


@app.cell
def _(mo, picker):
    mo.md(f"The colour is {picker.value['color']}.")
    return


@app.cell
def _(mo):
    teal = mo.ui.run_button(label="Paint it teal")
    teal
    return (teal,)


@app.cell
def _(colour, teal):
    if teal.value:
        colour.color = "#008080"
    return


if __name__ == "__main__":
    app.run()
