"""Chart outputs on real altair and plotly: a 100,000-point chart is sent whole (altair's
5,000-row refusal does not apply; Lichen's output limit does), and altair's settings are left
as the user had them."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from lichen.runtime.charts import PLOTLY_MIME
from lichen.runtime.mime import mime_bundle

POINTS = 100_000


@pytest.fixture
def points():
    rng = np.random.default_rng(3)
    return pd.DataFrame({"x": rng.random(POINTS), "y": rng.random(POINTS)})


def vegalite(bundle):
    [mime] = [m for m in bundle if "vegalite" in m]
    return json.loads(bundle[mime])


def test_an_altair_chart_of_100000_points_is_sent_with_its_rows(points):
    chart = alt.Chart(points).mark_point().encode(x="x", y="y")
    spec = vegalite(mime_bundle(chart, 10_000_000))
    [rows] = spec["datasets"].values()
    assert len(rows) == POINTS and rows[0] == {"x": points.x[0], "y": points.y[0]}
    with pytest.raises(alt.MaxRowsError):  # altair's own setting is as it was
        chart.to_dict()


def test_an_element_of_a_large_altair_chart_is_drawn_and_selects_from_all_rows(points):
    from lichen.runtime.ui import altair_chart

    element = altair_chart(alt.Chart(points).mark_point().encode(x="x", y="y"))
    node = json.loads(element._repr_mimebundle_()["application/vnd.lichen.ui+json"])["node"]
    [rows] = vegalite(node["props"]["figure"])["datasets"].values()
    assert len(rows) == POINTS and len(element.value) == POINTS


def test_a_plotly_webgl_scatter_of_100000_points_is_sent_whole(points):
    figure = go.Figure(go.Scattergl(x=points.x, y=points.y, mode="markers"))
    sent = json.loads(mime_bundle(figure, 10_000_000)[PLOTLY_MIME])
    [trace] = sent["data"]
    assert trace["type"] == "scattergl"
    assert len(trace["x"]) == POINTS or len(trace["x"]["bdata"]) > POINTS  # lists or packed


def test_a_chart_over_the_output_limit_is_replaced_by_a_note_with_its_size(points):
    chart = alt.Chart(points).mark_point().encode(x="x", y="y")
    bundle = mime_bundle(chart, 1_000_000)
    assert not any("vegalite" in m for m in bundle)
    assert "MB" in json.dumps(bundle) and "limit" in json.dumps(bundle).lower()
