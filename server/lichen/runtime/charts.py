"""Chart objects as the MIME types Lichen's renderer draws offline.

altair charts and plotly figures describe themselves as HTML that loads their JavaScript from a
CDN, which draws nothing offline. Their specs are sent instead, which the notebook renderer
draws with the libraries bundled in the extension (vega-embed, plotly.js):

- an altair chart (`altair.TopLevelMixin`: Chart, layers, concatenations): its Vega-Lite spec as
  `application/vnd.vegalite.v{N}+json`, N the major version of altair's schema, its data inline
  even past altair's 5,000 rows (the output limit, not altair's, decides what is too large);
- a plotly figure (`plotly.basedatatypes.BaseFigure`): `{"data", "layout"}` as
  `application/vnd.plotly.v1+json`.

Nothing is imported on the user's behalf: an object is looked at only if its library is loaded.
"""

from __future__ import annotations

import sys
from typing import Any

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def chart_bundle(value: Any) -> dict[str, str] | None:
    """The bundle of a chart object; None for anything else (or a chart that fails to export:
    its own representations are used then)."""
    root = type(value).__module__.partition(".")[0]
    if root == "altair" and "altair" in sys.modules:
        return _altair(value)
    if root == "plotly" and "plotly.basedatatypes" in sys.modules:
        return _plotly(value)
    return None


def vegalite_mime(schema_version: str) -> str:
    """`application/vnd.vegalite.v6+json` for schema "v6.4.1"."""
    major = schema_version.lstrip("v").partition(".")[0] or "5"
    return f"application/vnd.vegalite.v{major}+json"


def _altair(chart: Any) -> dict[str, str] | None:
    import json

    altair = sys.modules["altair"]
    top = getattr(altair, "TopLevelMixin", None)
    if top is None or not isinstance(chart, top):
        return None
    try:
        spec = _altair_spec(altair, chart)
    except Exception:
        return None
    mime = vegalite_mime(getattr(altair, "SCHEMA_VERSION", "v5"))
    return {mime: json.dumps(spec, default=str), "text/plain": f"<altair.{type(chart).__name__}>"}


def _altair_spec(altair: Any, chart: Any) -> dict[str, Any]:
    """The chart's spec with its data inline. altair's default refuses data of over 5,000 rows
    (MaxRowsError, to keep notebooks small); Lichen's output limit does that job here, and the
    renderer draws such a chart on a canvas, so the rows are kept for it."""
    try:
        return chart.to_dict()
    except altair.MaxRowsError:
        with altair.data_transformers.disable_max_rows():
            return chart.to_dict()


def _plotly(figure: Any) -> dict[str, str] | None:
    base = sys.modules["plotly.basedatatypes"]
    if not isinstance(figure, base.BaseFigure):
        return None
    try:
        text = figure.to_json()  # plotly's own encoder: numpy arrays, dates
    except Exception:
        return None
    return {PLOTLY_MIME: text, "text/plain": f"<plotly {type(figure).__name__}>"}
