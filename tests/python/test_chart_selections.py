"""Chart selections as values, on real altair, plotly, pandas and polars: the selection Lichen
adds to a chart, the rows a selection holds, and the readers of the element re-run."""

from __future__ import annotations

import datetime
import json

import altair as alt
import pandas as pd
import plotly.graph_objects as go
import polars as pl
import pytest

from lichen.protocol import UI_MIME
from lichen.runtime import CellSpec, Runtime
from lichen.runtime.ui import altair_chart, plotly
from lichen.runtime.ui.selections import SELECTION, selected_rows

SALES = {"day": [1, 2, 3, 4, 5], "city": ["Oslo", "Lima", "Oslo", "Rome", "Lima"],
         "amount": [10.0, 20.0, 30.0, 40.0, 50.0]}


def interval(**fields):
    return {SELECTION: {"type": "interval", "value": fields}}


def points(**fields):
    return {SELECTION: {"type": "point", "value": fields}}


def node(element) -> dict:
    return json.loads(element._repr_mimebundle_()[UI_MIME])["node"]


def test_a_scatter_gets_an_interval_and_a_bar_chart_a_point_selection():
    scatter = altair_chart(alt.Chart(pd.DataFrame(SALES)).mark_point().encode(x="day", y="amount"))
    bars = altair_chart(alt.Chart(pd.DataFrame(SALES)).mark_bar().encode(x="city", y="amount"))
    [scatter_param] = scatter._figure.to_dict()["params"]
    [bar_param] = bars._figure.to_dict()["params"]
    assert scatter_param["name"] == SELECTION and scatter_param["select"]["type"] == "interval"
    assert scatter_param["select"]["encodings"] == ["x", "y"]
    assert bar_param["select"] == {"type": "point", "encodings": ["x"]}


def test_a_chart_with_its_own_selection_keeps_it_and_false_adds_none():
    brush = alt.selection_interval(name="mine")
    chart = alt.Chart(pd.DataFrame(SALES)).mark_point().encode(x="day").add_params(brush)
    assert [p["name"] for p in altair_chart(chart)._figure.to_dict()["params"]] == ["mine"]
    plain = alt.Chart(pd.DataFrame(SALES)).mark_point().encode(x="day")
    assert "params" not in altair_chart(plain, chart_selection=False)._figure.to_dict()


def test_the_element_carries_the_chart_spec_for_the_renderer():
    chart = altair_chart(alt.Chart(pd.DataFrame(SALES)).mark_point().encode(x="day", y="amount"))
    drawn = node(chart)
    assert drawn["type"] == "element" and drawn["kind"] == "altair_chart"
    [mime] = [m for m in drawn["props"]["figure"] if "vegalite" in m]
    assert json.loads(drawn["props"]["figure"][mime])["params"][0]["name"] == SELECTION


@pytest.mark.parametrize("make", [pd.DataFrame, pl.DataFrame], ids=["pandas", "polars"])
def test_an_interval_holds_the_rows_between_its_bounds(make):
    rows = selected_rows(make(SALES), interval(day=[1.5, 4.2], amount=[0, 35]))
    assert list(rows["day"]) == [2, 3] and type(rows) is type(make(SALES))


@pytest.mark.parametrize("make", [pd.DataFrame, pl.DataFrame], ids=["pandas", "polars"])
def test_points_hold_the_rows_of_each_point(make):
    rows = selected_rows(make(SALES), points(city=["Oslo", "Rome"]))
    assert list(rows["day"]) == [1, 3, 4]
    pairs = selected_rows(make(SALES), points(city=["Oslo", "Lima"], day=[3, 2]))
    assert list(pairs["day"]) == [2, 3]


def test_an_interval_over_a_discrete_axis_and_over_dates():
    frame = pd.DataFrame({**SALES, "when": pd.to_datetime(
        ["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"])})
    assert list(selected_rows(frame, interval(city=["Lima", "Rome"]))["day"]) == [2, 4, 5]
    low = datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc).timestamp() * 1000
    high = datetime.datetime(2024, 1, 3, 12, tzinfo=datetime.timezone.utc).timestamp() * 1000
    assert list(selected_rows(frame, interval(when=[low, high]))["day"]) == [2, 3]


def test_no_selection_is_all_rows_and_records_filter_too():
    frame = pd.DataFrame(SALES)
    assert selected_rows(frame, {}) is frame
    assert selected_rows(frame, {SELECTION: {"type": "interval", "value": {}}}) is frame
    records = [dict(zip(SALES, row)) for row in zip(*SALES.values())]
    assert [r["day"] for r in selected_rows(records, interval(amount=[15, 45]))] == [2, 3, 4]
    with pytest.raises(ValueError, match="a chart's selection is"):
        selected_rows(frame, {"x": {"type": "lasso"}})


def test_a_selection_sent_to_the_chart_re_runs_its_reader_with_the_rows():
    rt = Runtime()
    rt.load([
        CellSpec("data", "import altair as alt\nimport pandas as pd\n"
                         f"sales = pd.DataFrame({SALES!r})"),
        CellSpec("chart", "from lichen import ui\n"
                          "chart = ui.altair_chart(alt.Chart(sales).mark_point()"
                          ".encode(x='day', y='amount'))\nchart"),
        CellSpec("reader", "list(chart.value['day'])"),
    ])
    report = rt.run_all()
    assert report.cells[-1].output == {"text/plain": "[1, 2, 3, 4, 5]"}
    element = node_id(report.cells[1].output)
    again = rt.set_ui_value(element, interval(day=[2, 3], amount=[0, 100]))
    assert [(c.cell_id, c.output) for c in again.cells] == [("reader", {"text/plain": "[2, 3]"})]
    assert list(rt.namespace["chart"].apply_selection(pd.DataFrame(SALES))["day"]) == [2, 3]


def node_id(output) -> str:
    return json.loads(output[UI_MIME])["node"]["id"]


def test_plotly_points_ranges_and_indices():
    figure = plotly(go.Figure(go.Scatter(x=[1, 2, 3], y=[4, 5, 6], mode="markers")))
    assert figure.value == [] and node(figure)["kind"] == "plotly"
    assert "application/vnd.plotly.v1+json" in node(figure)["props"]["figure"]
    figure._receive({"points": [{"curve": 0, "index": 1, "x": 2, "y": 5}],
                     "range": {"x": [1.5, 2.5], "y": [4.5, 5.5]}})
    assert figure.value == [{"curve": 0, "index": 1, "x": 2, "y": 5}]
    assert figure.indices == [1] and figure.ranges == {"x": [1.5, 2.5], "y": [4.5, 5.5]}
    with pytest.raises(ValueError):
        figure._receive({"points": "all"})
