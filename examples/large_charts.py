"""Large charts: 100,000 points as an altair scatter (drawn on a canvas) and as a plotly WebGL
scatter, both sent whole to the editor and drawn offline."""

import lichen

__generated_with = "0.1.0"
app = lichen.App()


@app.cell
def _():
    import altair as alt
    import numpy as np
    import pandas as pd
    import plotly.graph_objects as go

    return alt, go, np, pd


@app.cell
def _(np, pd):
    _rng = np.random.default_rng(7)
    points = pd.DataFrame({"x": _rng.normal(size=100_000), "y": _rng.normal(size=100_000)})
    return (points,)


@app.cell
def _(alt, points):
    alt.Chart(points, title="100,000 points (altair)").mark_circle(size=4, opacity=0.3).encode(
        x="x", y="y"
    )
    return


@app.cell
def _(go, points):
    go.Figure(
        go.Scattergl(x=points["x"], y=points["y"], mode="markers", marker={"size": 3}),
        layout={"title": "100,000 points (plotly, WebGL)", "height": 400},
    )
    return


if __name__ == "__main__":
    app.run()
