"""The output of a table: its spec (columns, counts, first page) and the cell's MIME bundle."""

from __future__ import annotations

import json
from typing import Any

from lichen.protocol import TABLE_MIME
from lichen.runtime import context
from lichen.runtime.tables.query import PAGE_SIZES, Query
from lichen.runtime.tables.sources import TableSource, frame_source, is_frame

VERSION = 1


def table_spec(source: TableSource, table_id: str | None, *, page_size: int = PAGE_SIZES[0],
               selection: str | None = None) -> dict[str, Any]:
    """The TABLE_MIME payload for `source` (see `lichen.runtime.tables`)."""
    return {"version": VERSION, "id": table_id,
            "columns": [c.to_json() for c in source.columns],
            "rows": source.row_count, "partial": source.partial, "page_size": page_size,
            "page": source.page(Query(limit=page_size)), "selection": selection}


def table_bundle(value: Any) -> dict[str, str] | None:
    """The bundle of a dataframe-like cell output: the table payload and a text fallback; None
    when `value` is not one or cannot be read (its other representations are used then)."""
    if not is_frame(value):
        return None
    source = frame_source(value)
    if source is None:
        return None
    from lichen.runtime.ui.base import new_id

    table_id = new_id()
    active = context.active()
    if active is None or not active.register_table(table_id, source):
        table_id = None
    spec = table_spec(source, table_id)
    return {TABLE_MIME: json.dumps(spec, separators=(",", ":"), ensure_ascii=False),
            "text/plain": _text(value)}


def _text(value: Any) -> str:
    try:
        text = repr(value)
    except Exception as e:
        text = f"<{type(value).__name__} (repr failed: {e})>"
    return text if len(text) <= 20_000 else text[:20_000] + "…"  # the table shows wide frames
