"""A first reactive notebook: change `radius` and watch the cells below it."""

import lichen

__generated_with = "0.1.0"
app = lichen.App()


@app.cell
def _():
    import lichen

    return (lichen,)


@app.cell
def _(lichen):
    lichen.md("# Lichen\n\nRun a cell and every cell that reads what it defines runs again.")
    return


@app.cell
def _():
    radius = 2.0
    return (radius,)


@app.cell
def _(radius):
    import math

    area = math.pi * radius**2
    print(f"area of a circle of radius {radius}: {area:.2f}")
    return (area, math)


@app.cell
def _(radius):
    sizes = [radius * k for k in range(1, 6)]
    sizes
    return (sizes,)


@app.cell
def _():
    def describe(values):
        return f"{len(values)} values from {min(values)} to {max(values)}"

    return (describe,)


@app.cell
def _(describe, sizes):
    describe(sizes)
    return


if __name__ == "__main__":
    app.run()
