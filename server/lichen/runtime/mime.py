"""A cell's output value as a MIME bundle: {mimetype: data}, binary data base64-encoded.

Precedence: matplotlib figures (only if the user imported matplotlib), altair charts and plotly
figures (their specs, drawn offline: `lichen.runtime.charts`), dataframes (an interactive
table, `lichen.runtime.tables`; their own HTML when narwhals is missing), bokeh figures (a note
saying what to use instead: `_NOT_DRAWN`), `_mime_()`, then IPython's `_repr_*_` methods in the
order below, `_repr_mimebundle_`, and `repr` as text/plain. A formatter that raises or returns
None passes to the next one; an object with `_display_()` shows what it returns. Data larger than the limit is replaced by a note saying how large it was and how to raise
the limit (`lichen.runtime.limits`; text/plain keeps its head), so a 50 MB repr never travels.
"""

from __future__ import annotations

import base64
import sys
from typing import Any

from lichen.protocol import UI_MIME

Bundle = dict[str, str]

_REPR_METHODS = (
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_json_", "application/json"),
    ("_repr_latex_", "text/latex"),
)
# A UI payload carries the front-end modules of the anywidgets it shows (several MB each).
_UI_PAYLOAD_LIMIT = 24_000_000
_BINARY = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"})


def mime_bundle(value: Any, limit: int) -> Bundle | None:
    """The bundle for a cell's output value; None for None."""
    value = _displayed(value)
    if value is None:
        return None
    bundle = (_matplotlib(value) or _chart(value) or _table(value) or _not_drawn(value)
              or _rich(value) or {"text/plain": _safe_repr(value)})
    return _capped(bundle, limit)


def _displayed(value: Any) -> Any:
    """What an object with marimo's `_display_()` shows instead of itself."""
    for _ in range(8):  # an object may hand over to another that does the same
        if isinstance(value, type):
            return value
        method = _method(value, "_display_")
        if method is None:
            return value
        try:
            value = method()
        except Exception:
            return value
    return value


# Libraries whose objects may be tables (checked over the type's bases, before any import).
_TABLE_LIBRARIES = frozenset({"pandas", "polars", "pyarrow", "duckdb", "narwhals"})


def _chart(value: Any) -> Bundle | None:
    if type(value).__module__.partition(".")[0] not in ("altair", "plotly"):
        return None
    from lichen.runtime.charts import chart_bundle

    return chart_bundle(value)


# Outputs Lichen does not draw, by (top-level module, a base class): what to do instead. A bokeh
# figure's own HTML needs BokehJS, which the extension does not carry (its _repr_html_ is a table
# of the model's properties).
_NOT_DRAWN = {
    ("bokeh", "UIElement"): (
        "[a bokeh figure: Lichen does not draw bokeh output. Make the chart with altair or "
        "plotly, which Lichen draws offline, or save it with bokeh.io.save(figure, "
        "\"chart.html\") and open that file in a browser]"),
}


def _not_drawn(value: Any) -> Bundle | None:
    for klass in type(value).__mro__:
        note = _NOT_DRAWN.get((klass.__module__.partition(".")[0], klass.__name__))
        if note is not None:
            return {"text/plain": note}
    return None


def _table(value: Any) -> Bundle | None:
    if not any(k.__module__.partition(".")[0] in _TABLE_LIBRARIES for k in type(value).__mro__):
        return None
    from lichen.runtime.tables import table_bundle

    return table_bundle(value)


def _rich(value: Any) -> Bundle | None:
    if isinstance(value, type):  # a class's _repr_html_ is an unbound function
        return None
    method = _method(value, "_mime_")
    if method is not None:
        try:
            mimetype, data = method()
            return {mimetype: _encode(mimetype, data)}
        except Exception:
            pass
    for name, mimetype in _REPR_METHODS:
        method = _method(value, name)
        if method is None:
            continue
        try:
            data = method()
        except Exception:
            continue
        if isinstance(data, tuple):  # IPython's (data, metadata)
            data = data[0]
        if data is not None:
            return {mimetype: _encode(mimetype, data)}
    return _mimebundle(value)


def _mimebundle(value: Any) -> Bundle | None:
    method = _method(value, "_repr_mimebundle_")
    if method is None:
        return None
    try:
        data = method()
    except Exception:
        return None
    if isinstance(data, tuple):
        data = data[0]
    if not isinstance(data, dict) or not data:
        return None
    return {str(k): _encode(str(k), v) for k, v in data.items()}


def _method(value: Any, name: str):
    try:
        method = getattr(value, name, None)
    except Exception:
        return None
    return method if callable(method) else None


def _encode(mimetype: str, data: Any) -> str:
    if isinstance(data, (bytes, bytearray, memoryview)):
        if mimetype in _BINARY or mimetype.startswith(("image/", "audio/", "video/")):
            return base64.b64encode(bytes(data)).decode("ascii")
        return bytes(data).decode("utf-8", "replace")
    if isinstance(data, str):
        return data
    if mimetype.endswith("json"):
        import json

        return json.dumps(data, default=str)
    return str(data)


def _safe_repr(value: Any) -> str:
    try:
        return repr(value)
    except Exception as e:  # a broken __repr__ must not fail the cell
        return f"<{type(value).__name__} object (repr failed: {type(e).__name__}: {e})>"


def _matplotlib(value: Any) -> Bundle | None:
    figure_mod = sys.modules.get("matplotlib.figure")
    if figure_mod is None:  # never import matplotlib on the user's behalf
        return None
    figure = _figure_of(value, figure_mod)
    if figure is None:
        return None
    from lichen.runtime.figures import figure_bundle

    return figure_bundle(figure)


def _figure_of(value: Any, figure_mod):
    if isinstance(value, (figure_mod.Figure, getattr(figure_mod, "SubFigure", figure_mod.Figure))):
        return getattr(value, "figure", None) or value
    artist_mod = sys.modules.get("matplotlib.artist")
    if artist_mod is None:
        return None
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], artist_mod.Artist):
        value = value[0]  # plt.plot(...) returns a list of lines
    if isinstance(value, artist_mod.Artist):
        return getattr(value, "figure", None)
    return None


def _capped(bundle: Bundle, limit: int) -> Bundle:
    from lichen.runtime import limits

    out: Bundle = {}
    for mimetype, data in bundle.items():
        if len(data) <= limit or (mimetype == UI_MIME and len(data) <= _UI_PAYLOAD_LIMIT):
            out[mimetype] = data
        elif mimetype == "text/plain":
            out[mimetype] = (data[:limit] + f"\n[output truncated: {limits.megabytes(len(data))} "
                             f"of text, limit {limits.megabytes(limit)}; {limits.how_to_raise()}]")
    dropped = [(m, len(d)) for m, d in bundle.items() if m not in out]
    if dropped and (len(out) == 0 or list(out) == ["text/plain"]):
        # Nothing richer is left: the note says what was too large, before any plain text.
        note = "\n".join(limits.oversized_note(m, n, limit) for m, n in dropped)
        out["text/plain"] = note + ("\n" + out["text/plain"] if "text/plain" in out else "")
    return out
