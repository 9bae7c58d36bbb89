"""Interactive tables: a dataframe, a DuckDB relation or a list of records, shown page by page.

A cell whose value is a table-like object (pandas DataFrame or Series, polars DataFrame, Series
or LazyFrame, pyarrow Table, DuckDB relation, anything else narwhals reads) shows as the
`TABLE_MIME` output: its columns with their dtypes, the row and column counts and the first
page. The object stays in the kernel as a *source*, registered under the output's table id for
as long as the cell's last run (like a UI element), and each later page, sort, search or column
summary is a query answered on the live object, so only the visible page crosses to the editor.

Two kinds of source (`sources.py`): `FrameSource`, on narwhals (so one code path serves every
dataframe library, and the data is never copied into Python objects beyond the page asked for),
and `RecordsSource`, on plain Python lists (records, dicts of columns; no library needed, so it
works in Pyodide too). `lichen.ui.table` draws the same table with a selection on top. A sorted view of a dataframe
(`ordering.py`) selects the rows of the first pages (top-k, one pass over the data) and sorts
every row only for a page beyond them; both give one order, ties kept in the data's order.

The `TABLE_MIME` payload, JSON (`spec`):
`{"version": 1, "id": str | null, "columns": [COLUMN, ...], "rows": int, "partial": bool,
"page_size": int, "page": PAGE, "selection": "multi" | "single" | null}`, where
- COLUMN is `{"name": str, "dtype": str, "kind": KIND}`, KIND one of "integer", "number",
  "string", "boolean", "temporal", "other" (how the renderer aligns and formats it);
- `rows` is the row count (`partial`: the source is lazy and only its first `LAZY_ROWS` rows
  are shown);
- PAGE is a query's answer: `{"offset": int, "total": int, "positions": [int, ...],
  "rows": [[CELL, ...], ...]}`: the rows from `offset` of the `total` rows that match the
  query, each with its position in the data (what a selection holds);
- a CELL is a JSON scalar (null for a missing value; strings for dates and other objects), or
  `{"special": "NaN" | "Infinity" | "-Infinity"}` for the floats JSON cannot carry;
- `id` is null when nothing can answer queries (a notebook run as a script): the page shown
  is all there is.

A query (`Query`): sort keys (column, descending), a search text (rows where some cell's text
contains it, ignoring case), offset and limit. Its answer is a PAGE; a summary of a column is
`{"column", "kind", "nulls", "count", ...}` with min/max/mean for numbers and dates, or the top
values with their counts for the rest.
"""

from lichen.protocol import TABLE_MIME
from lichen.runtime.tables.query import Query, SortKey, answer
from lichen.runtime.tables.sources import (
    LAZY_ROWS,
    FrameSource,
    RecordsSource,
    TableSource,
    frame_source,
    is_frame,
)
from lichen.runtime.tables.output import table_bundle, table_spec

__all__ = ["TABLE_MIME", "LAZY_ROWS", "FrameSource", "Query", "RecordsSource", "SortKey", "answer",
           "TableSource", "frame_source", "is_frame", "table_bundle", "table_spec"]
