"""What the data editor and the dataframe elements share about the data they show: whether it
is a DataFrame (pandas or polars). Their cells travel as the tables' cells do
(`lichen.runtime.tables.query.cell`: NaN and infinities as `{"special": ...}`)."""

from __future__ import annotations

from typing import Any

ROW_LIMIT = 10_000  # rows sent to such an element; they are made for small data


def frame_like(data: Any) -> bool:
    return hasattr(data, "columns") and (hasattr(data, "to_dicts") or hasattr(data, "iloc"))
