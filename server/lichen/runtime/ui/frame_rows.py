"""What the data editor and the dataframe elements share about the data they show: whether it
is a DataFrame (pandas or polars), and a value as a JSON cell."""

from __future__ import annotations

from typing import Any

ROW_LIMIT = 10_000  # rows sent to such an element; they are made for small data


def frame_like(data: Any) -> bool:
    return hasattr(data, "columns") and (hasattr(data, "to_dicts") or hasattr(data, "iloc"))


def json_cell(x: Any) -> Any:
    if x is None or isinstance(x, (bool, int, str)):
        return x
    if isinstance(x, float):
        return x if x == x and abs(x) != float("inf") else str(x)  # JSON has no NaN or inf
    return str(x)
