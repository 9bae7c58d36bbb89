"""Rich outputs: a 100,000-row DataFrame as an interactive table (page, sort, search, column
summaries: the kernel answers each page), an altair chart and a plotly figure, a matplotlib
figure, an image, LaTeX and a mermaid diagram, all drawn offline; and a chart to select on,
whose selected rows a cell reads."""

import lichen

__generated_with = "0.1.0"
app = lichen.App()


@app.cell
def _():
    import altair as alt
    import pandas as pd
    import plotly.graph_objects as go

    import lichen

    return alt, go, lichen, pd


@app.cell
def _(pd):
    cities = ["Oslo", "Lima", "Rome", "Pune"]
    sales = pd.DataFrame({
        "day": range(100_000),
        "city": [cities[i % 4] for i in range(100_000)],
        "amount": [(i * 37) % 1000 / 10 for i in range(100_000)],
    })
    sales
    return (sales,)


@app.cell
def _(alt, sales):
    alt.Chart(sales.head(200), title="Amounts by day").mark_point().encode(
        x="day", y="amount", color="city"
    )
    return


@app.cell
def _(go, sales):
    totals = sales.groupby("city", as_index=False)["amount"].sum()
    go.Figure(go.Bar(x=totals["city"], y=totals["amount"]), layout={"title": "Totals by city"})
    return (totals,)


@app.cell
def _():
    import matplotlib.pyplot as plt

    plt.figure(figsize=(4, 3))
    plt.plot([0, 1, 2, 3], [1, 3, 2, 4], label="growth")
    plt.title("A matplotlib figure")
    plt.show()
    return (plt,)


@app.cell
def _(lichen):
    import numpy as np

    gradient = np.linspace(0, 1, 64 * 64).reshape(64, 64)
    lichen.image(gradient, alt="a gradient", width=128)
    return (np,)


@app.cell
def _(lichen):
    # Markdown a cell computes is its output, typeset by Lichen's renderer (a cell holding only
    # lichen.md("...") opens as a Markdown cell instead).
    _formulas = r"""
    The normal density: $f(x) = \frac{1}{\sigma\sqrt{2\pi}} e^{-\frac{(x-\mu)^2}{2\sigma^2}}$

    $$\sum_{k=1}^{n} k = \frac{n(n+1)}{2}$$
    """
    lichen.md(_formulas)
    return


@app.cell
def _(lichen):
    lichen.mermaid("""
    graph LR
      load[Load data] --> table[Table]
      table --> chart[Chart]
    """)
    return


@app.cell
def _(alt, lichen, sales):
    picked = lichen.ui.altair_chart(
        alt.Chart(sales.head(40), title="Click a city").mark_bar().encode(x="city", y="sum(amount)")
    )
    picked
    return (picked,)


@app.cell
def _(lichen, picked):
    lichen.md(f"Selected: {len(picked.value)} rows, cities {sorted(set(picked.value['city']))}")
    return


if __name__ == "__main__":
    app.run()
