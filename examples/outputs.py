"""Rich outputs: a 100,000-row DataFrame as an interactive table (page, sort, search, column
summaries: the kernel answers each page), an altair chart and a plotly figure, drawn offline."""

import lichen

__generated_with = "0.1.0"
app = lichen.App()


@app.cell
def _():
    import altair as alt
    import pandas as pd
    import plotly.graph_objects as go

    return alt, go, pd


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


if __name__ == "__main__":
    app.run()
