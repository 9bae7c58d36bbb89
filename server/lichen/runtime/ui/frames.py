"""DataFrames to transform and explore: `dataframe` and `data_explorer`.

- dataframe: raw value, the transforms chosen in the renderer, applied in order:
  `[{"type": "filter_rows", "column", "operator" ("==", "!=", ">", ">=", "<", "<=",
  "contains", "is_null", "not_null"), "value"}, {"type": "sort_rows", "column",
  "ascending": bool}, {"type": "select_columns", "columns": [...]}, {"type": "head",
  "n": int}]`. The value is the transformed DataFrame (pandas or polars, as given). Props:
  columns, rows (the first `page_size` rows of the data), total_rows, page_size.
- data_explorer: raw value, the chart's encodings `{"x", "y", "row", "column", "color",
  "size", "shape"}` (column names or null). The value is that dict. Props: columns.
"""

from __future__ import annotations

from typing import Any, Callable

from lichen.runtime.ui.base import UIElement
from lichen.runtime.tables.query import cell as _cell
from lichen.runtime.ui.frame_rows import frame_like as _frame_like

OnChange = Callable[[Any], Any] | None
_OPERATORS = ("==", "!=", ">", ">=", "<", "<=", "contains", "is_null", "not_null")
_ENCODINGS = ("x", "y", "row", "column", "color", "size", "shape")


def _records(df: Any, n: int) -> list[list[Any]]:
    part = df.head(n)
    records = part.to_dicts() if hasattr(part, "to_dicts") else part.to_dict("records")
    return [[_cell(x) for x in r.values()] for r in records]


def _apply(df: Any, step: dict[str, Any]) -> Any:
    kind = step.get("type")
    polars = hasattr(df, "to_dicts")
    if kind == "select_columns":
        return df.select(step["columns"]) if polars else df[list(step["columns"])]
    if kind == "sort_rows":
        ascending = bool(step.get("ascending", True))
        return (df.sort(step["column"], descending=not ascending) if polars
                else df.sort_values(step["column"], ascending=ascending))
    if kind == "head":
        return df.head(int(step["n"]))
    if kind == "filter_rows":
        column, op, value = step["column"], step["operator"], step.get("value")
        if polars:
            import polars as pl

            col = pl.col(column)
            mask = {"==": lambda: col == value, "!=": lambda: col != value,
                    ">": lambda: col > value, ">=": lambda: col >= value,
                    "<": lambda: col < value, "<=": lambda: col <= value,
                    "contains": lambda: col.cast(pl.Utf8).str.contains(str(value), literal=True),
                    "is_null": lambda: col.is_null(), "not_null": lambda: col.is_not_null()}[op]
            return df.filter(mask())
        series = df[column]
        mask = {"==": lambda: series == value, "!=": lambda: series != value,
                ">": lambda: series > value, ">=": lambda: series >= value,
                "<": lambda: series < value, "<=": lambda: series <= value,
                "contains": lambda: series.astype(str).str.contains(str(value), regex=False),
                "is_null": lambda: series.isna(), "not_null": lambda: series.notna()}[op]
        return df[mask()]
    raise ValueError(f"unknown transform {kind!r}")


class dataframe(UIElement):
    """A DataFrame with transforms (filter, sort, select columns) chosen in the renderer; its
    value is the transformed DataFrame."""

    kind = "dataframe"

    def __init__(self, df: Any, *, on_change: OnChange = None, page_size: int = 5,
                 limit: int | None = None, show_download: bool = True,
                 format_mapping: Any = None, download_csv_encoding: str | None = None,
                 download_csv_separator: str | None = None,
                 download_json_ensure_ascii: bool = True, lazy: bool | None = None):
        if not _frame_like(df):
            raise TypeError(f"dataframe takes a pandas or polars DataFrame, not "
                            f"{type(df).__name__}")
        self._df = df
        self._columns = [str(c) for c in df.columns]
        self._options = {"columns": self._columns, "rows": _records(df, page_size),
                         "total_rows": len(df), "page_size": page_size, "limit": limit,
                         "show_download": bool(show_download)}
        super().__init__([], on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)):
            raise self._fail("takes a list of transforms")
        df = self._df
        for step in raw:
            if not isinstance(step, dict):
                raise self._fail(f"a transform is a dict, not {step!r}")
            for key in ("column",):
                if key in step and step[key] not in self._columns:
                    raise self._fail(f"no column {step[key]!r}")
            if step.get("type") == "filter_rows" and step.get("operator") not in _OPERATORS:
                raise self._fail(f"unknown operator {step.get('operator')!r}")
            try:
                df = _apply(df, step)
            except (KeyError, ValueError, TypeError) as e:
                raise self._fail(f"transform {step!r} failed: {e}") from None
        return [dict(s) for s in raw], df

    def _props(self) -> dict[str, Any]:
        return self._options


class data_explorer(UIElement):
    """Columns of a DataFrame chosen for a chart's axes and marks; its value is the choice."""

    kind = "data_explorer"

    def __init__(self, df: Any, on_change: OnChange = None, x: str | None = None,
                 y: str | None = None, row: str | None = None, column: str | None = None,
                 color: str | None = None, size: str | None = None, shape: str | None = None):
        if not _frame_like(df):
            raise TypeError(f"data_explorer takes a pandas or polars DataFrame, not "
                            f"{type(df).__name__}")
        self._df = df
        self._columns = [str(c) for c in df.columns]
        initial = dict(x=x, y=y, row=row, column=column, color=color, size=size, shape=shape)
        super().__init__(initial, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, dict) or set(raw) - set(_ENCODINGS):
            raise self._fail(f"takes a dict with keys among {_ENCODINGS}")
        for key, value in raw.items():
            if value is not None and value not in self._columns:
                raise self._fail(f"{key}: no column {value!r}")
        chosen = {k: raw.get(k) for k in _ENCODINGS}
        return chosen, {k: v for k, v in chosen.items() if v is not None}

    def _props(self) -> dict[str, Any]:
        return {"columns": self._columns, "encodings": list(_ENCODINGS)}
