"""`table`: rows to look at and select; its value is the selected rows.

Data may be a list of dicts (records), a dict of columns, a list of plain values or tuples, or
any dataframe-like object a cell output shows as a table (pandas, polars, pyarrow, DuckDB: see
`lichen.runtime.tables`). The value has the data's own shape: selected records, a dict of the
selected parts of each column, a DataFrame of the selected rows.

The element draws the same interactive table as a dataframe output (pages, sort, search and
column summaries answered by the kernel, its source registered under the element's id), with a
selection on top: the raw value is the list of selected row positions (0-based, in the order of
the data, whatever the order shown), so selecting, paging and sorting combine.

Props: table (the table payload of `lichen.runtime.tables`, its first page included), selection
("multi" | "single" | null: no selection), page_size, pagination (whether to page).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from lichen.runtime import context
from lichen.runtime.tables import RecordsSource, frame_source, is_frame, table_spec
from lichen.runtime.ui.base import UIElement

_SELECTIONS = ("single", "multi", None)
_PAGE_SIZE = 10  # marimo's default_table_page_size


def _records(data: Any) -> RecordsSource:
    """A source over a list of dicts, a dict of columns or a list of values."""
    if isinstance(data, Mapping):
        columns = [list(v) for v in data.values()]
        if len({len(c) for c in columns}) > 1:
            raise ValueError("table: the columns of a dict must have the same length")
        keys = list(data)
        return RecordsSource([str(k) for k in keys], list(zip(*columns)),
                             lambda picks: {k: [col[i] for i in picks]
                                            for k, col in zip(keys, columns)})
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        raise TypeError(f"table takes records, a dict of columns or a DataFrame, not "
                        f"{type(data).__name__}")
    items = list(data)
    select = lambda picks: [items[i] for i in picks]  # noqa: E731
    if items and all(isinstance(r, Mapping) for r in items):
        names = list(dict.fromkeys(str(k) for r in items for k in r))
        named = [{str(k): v for k, v in r.items()} for r in items]
        return RecordsSource(names, [[r.get(c) for c in names] for r in named], select)
    if items and all(isinstance(r, (tuple, list)) for r in items):
        width = max(len(r) for r in items)
        return RecordsSource([str(i) for i in range(width)],
                             [list(r) + [None] * (width - len(r)) for r in items], select)
    return RecordsSource(["value"], [[r] for r in items], select)


def _source(data: Any) -> Any:
    if is_frame(data):
        source = frame_source(data)
        if source is None:
            raise ImportError("table: showing a DataFrame needs narwhals: install it with "
                              "`pip install narwhals`")
        return source
    return _records(data)


class table(UIElement):
    """A table of `data` whose rows can be selected (`selection`: "multi", "single" or None).
    The value is the selected rows, in the data's shape; with `selection=None`, None."""

    kind = "table"

    # marimo's presentation arguments (column formats, widths, freezing, hidden columns,
    # tooltips, styles, the download and search switches) are taken, in marimo's order, so
    # notebooks passing them run; Lichen's table draws every column its own way whatever they say.
    def __init__(self, data: Any, pagination: bool | None = None,
                 selection: str | None = "multi", initial_selection: Sequence[int] | None = None,
                 page_size: int | None = None, show_column_summaries: Any = None,
                 show_data_types: bool = True, format_mapping: Any = None,
                 freeze_columns_left: Any = None, freeze_columns_right: Any = None,
                 text_justify_columns: Any = None, wrapped_columns: Any = None,
                 column_widths: Any = None, hidden_columns: Any = None,
                 visible_columns: Any = None, header_tooltip: Any = None,
                 show_download: bool = True, max_columns: Any = "inherit", *,
                 show_search: bool = True, label: str = "",
                 on_change: Callable[[Any], Any] | None = None, style_cell: Any = None,
                 hover_template: Any = None, max_height: int | None = None):
        if page_size is None:
            page_size = _PAGE_SIZE
        if selection not in _SELECTIONS:
            raise ValueError(f"table: selection must be 'multi', 'single' or None, not "
                             f"{selection!r}")
        if not isinstance(page_size, int) or not 1 <= page_size <= 1000:
            raise ValueError(f"table: page_size must be a whole number from 1 to 1000, not "
                             f"{page_size!r}")
        self._source = _source(data)
        self._selection = selection
        self._page_size = page_size
        self._pagination = (self._source.row_count > page_size) if pagination is None \
            else bool(pagination)
        super().__init__(list(initial_selection or ()), label=label, on_change=on_change)
        active = context.active()
        self._queried = active is not None and active.register_table(self.id, self._source)
        self._props_cache = {
            "table": table_spec(self._source, self.id if self._queried else None,
                                page_size=page_size if self._pagination else min(
                                    max(self._source.row_count, 1), 1000),
                                selection=selection),
            "selection": selection, "page_size": page_size, "pagination": self._pagination}

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in raw):
            raise self._fail(f"takes a list of row positions, not {raw!r}")
        if self._selection is None:
            if raw:
                raise self._fail("its rows cannot be selected (selection=None)")
            return [], None
        count = self._source.row_count
        wrong = [i for i in raw if not 0 <= i < count]
        if wrong:
            raise self._fail(f"row {wrong[0]} does not exist (it has {count} rows)")
        picks = sorted(set(raw))
        if self._selection == "single" and len(picks) > 1:
            raise self._fail(f"selects one row at most, not {len(picks)}")
        return picks, self._source.select(picks)

    def _props(self) -> dict[str, Any]:
        return self._props_cache
