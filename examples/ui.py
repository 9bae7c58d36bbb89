"""UI elements: move the slider, click the button, pick a fruit, select planets; the cells that
read them run again."""

import lichen

__generated_with = "0.1.0"
app = lichen.App()


@app.cell
def _():
    import lichen

    return (lichen,)


@app.cell
def _(lichen):
    lichen.md("# UI elements\n\nChange an element and every cell that reads it runs again.")
    return


@app.cell
def _(lichen):
    size = lichen.ui.slider(1, 10, value=3, label="size")
    size
    return (size,)


@app.cell
def _(lichen, size):
    lichen.md(f"The square of {size.value} is **{size.value ** 2}**.")
    return


@app.cell
def _(lichen):
    clicks = lichen.ui.button(value=0, on_click=lambda count: count + 1, label="Add one")
    clicks
    return (clicks,)


@app.cell
def _(clicks, lichen):
    lichen.md(f"The button was clicked {clicks.value} times.")
    return


@app.cell
def _(lichen):
    fruit = lichen.ui.dropdown(["apple", "banana", "cherry"], value="apple", label="fruit")
    fruit
    return (fruit,)


@app.cell
def _(fruit, lichen):
    lichen.md(f"You picked **{fruit.value}**.")
    return


@app.cell
def _(lichen):
    planets = lichen.ui.table(
        [
            {"name": "Mercury", "moons": 0},
            {"name": "Venus", "moons": 0},
            {"name": "Earth", "moons": 1},
            {"name": "Mars", "moons": 2},
        ],
        label="planets",
    )
    planets
    return (planets,)


@app.cell
def _(lichen, planets):
    _names = ", ".join(planet["name"] for planet in planets.value) or "none"
    lichen.md(f"Selected planets: {_names}.")
    return


if __name__ == "__main__":
    app.run()
