"""Chart selections as values: what `altair_chart` adds to a chart so it can be selected, and
the rows of the chart's data a selection holds.

altair: a chart without selections of its own gets one named `lichen_select`: an interval (a
brush over x and y) for marks that plot points or lines, a point selection (a click, shift-click
for more) over the x and color fields for the rest (bars, arcs, rects). The renderer sends the
selections by name, each with its type and its Vega signal value: `{name: {"type": "interval",
"value": {field: [low, high]}}}` (numbers, or epoch milliseconds for temporal fields; the values
brushed over on a discrete axis) or `{name: {"type": "point", "value": {field: [value, ...]}}}`
(the i-th values of the fields together name one selected point); a value of `{}` or null
selects nothing, and the whole data is the value.
The rows matching every named selection are the value, filtered on the live DataFrame through
narwhals (pandas, polars, anything narwhals reads), or on a list of records.

plotly: the renderer sends `{"points": [{"curve": int, "index": int, "x", "y", ...}],
"range": {axis: [low, high]} | null}` from plotly's `plotly_selected` event.
"""

from __future__ import annotations

import datetime
from typing import Any

SELECTION = "lichen_select"
_INTERVAL_MARKS = frozenset({"point", "circle", "square", "line", "area", "tick", "trail", "rule"})


def with_selection(chart: Any, kind: Any) -> Any:
    """`chart` with Lichen's selection added (`kind`: True for the mark's natural one, "point"
    or "interval"), or as it is when it has selections already, or cannot take one."""
    if not kind or _has_params(chart):
        return chart
    mark = _mark(chart)
    if mark is None:
        return chart
    import altair as alt

    if kind == "interval" or (kind is True and mark in _INTERVAL_MARKS):
        selection = alt.selection_interval(name=SELECTION, encodings=_channels(chart, ("x", "y")))
    else:
        selection = alt.selection_point(name=SELECTION,
                                        encodings=_channels(chart, ("x", "color")) or None)
    try:
        return chart.add_params(selection)
    except Exception:
        return chart


def _has_params(chart: Any) -> bool:
    params = getattr(chart, "params", None)
    return bool(params) and type(params).__name__ != "UndefinedType"


def _mark(chart: Any) -> str | None:
    mark = getattr(chart, "mark", None)
    if isinstance(mark, str):
        return mark
    kind = getattr(mark, "type", None)
    return kind if isinstance(kind, str) else None


def _channels(chart: Any, wanted: tuple[str, ...]) -> list[str]:
    encoding = getattr(chart, "encoding", None)
    found = []
    for channel in wanted:
        value = getattr(encoding, channel, None) if encoding is not None else None
        if value is not None and type(value).__name__ != "UndefinedType":
            found.append(channel)
    return found


def selected_rows(data: Any, selections: Any) -> Any:
    """The rows of `data` that every selection in `selections` holds (all rows when none)."""
    if not isinstance(selections, dict) or not all(_valid(s) for s in selections.values()):
        raise ValueError("a chart's selection is {name: {\"type\": \"interval\" | \"point\", "
                         f"\"value\": {{field: [...]}}}}}}, not {selections!r}")
    chosen = [(s["type"], _fields(s["value"])) for s in selections.values()]
    chosen = [(kind, fields) for kind, fields in chosen if fields]
    if not chosen:
        return data
    if isinstance(data, list):
        return [row for row in data if isinstance(row, dict)
                and all(_record_matches(row, kind, fields) for kind, fields in chosen)]
    import narwhals as nw

    frame = nw.from_native(data, eager_only=True)
    mask = None
    for kind, fields in chosen:
        condition = _frame_condition(frame, kind, fields, nw)
        if condition is not None:
            mask = condition if mask is None else mask & condition
    return data if mask is None else frame.filter(mask).to_native()


def _valid(selection: Any) -> bool:
    return (isinstance(selection, dict) and selection.get("type") in ("interval", "point")
            and isinstance(selection.get("value") or {}, dict))


def _fields(value: Any) -> list[tuple[str, list[Any]]]:
    """The fields of a Vega selection value, leaving out Vega's own (`_vgsid_`, `vlPoint`)."""
    return [(f, v) for f, v in (value or {}).items()
            if isinstance(v, list) and not f.startswith(("_", "vlPoint"))]


def _frame_condition(frame: Any, kind: str, fields: list[tuple[str, list[Any]]], nw: Any) -> Any:
    fields = [(f, v) for f, v in fields if f in frame.columns and v]
    if not fields:
        return None
    schema = frame.schema
    condition = None
    if kind == "interval":
        for field, values in fields:
            if _is_range(values):  # a continuous axis: between the bounds
                low, high = sorted(_bound(v, schema[field]) for v in values)
                each = (nw.col(field) >= low) & (nw.col(field) <= high)
            else:  # a discrete axis: the values brushed over
                each = nw.col(field).is_in([_bound(v, schema[field]) for v in values])
            condition = each if condition is None else condition & each
        return condition
    for i in range(min(len(v) for _, v in fields)):  # points: the i-th values name one point
        each = None
        for field, values in fields:
            equal = nw.col(field) == _bound(values[i], schema[field])
            each = equal if each is None else each & equal
        condition = each if condition is None else condition | each
    return condition


def _is_range(values: list[Any]) -> bool:
    return len(values) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                    for v in values)


def _bound(value: Any, dtype: Any) -> Any:
    """A selection's value as the column holds it: epoch milliseconds as a datetime."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and dtype.is_temporal():
        moment = datetime.datetime.fromtimestamp(value / 1000, tz=datetime.timezone.utc)
        return moment.replace(tzinfo=None) if getattr(dtype, "time_zone", None) is None else moment
    return value


def _record_matches(row: dict[str, Any], kind: str, fields: list[tuple[str, list[Any]]]) -> bool:
    if kind == "interval":
        return all(f in row and (min(v) <= row[f] <= max(v) if _is_range(v) else row[f] in v)
                   for f, v in fields)
    return any(all(row.get(f) == v[i] for f, v in fields)
               for i in range(min(len(v) for _, v in fields)))
