"""`table`: rows to look at and select; its value is the selected rows.

Data may be a list of dicts (records), a dict of columns, a list of plain values or tuples, or a
pandas or polars DataFrame (recognised by their methods, never imported). The value has the
data's own shape: selected records, a dict of the selected parts of each column, a DataFrame of
the selected rows.

Raw value: the list of selected row positions (0-based, in the order of the data). The payload
carries the columns, and the rows as lists of JSON cells (other values as their `str`), up to
`ROW_LIMIT` rows.

Props: columns (names), rows (lists of cells, in column order), total_rows (rows of the data,
which may exceed the rows sent), selection ("multi" | "single" | null: no selection), page_size,
pagination (whether to page).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from lichen.runtime.ui.base import UIElement

ROW_LIMIT = 10_000
_SELECTIONS = ("single", "multi", None)


class _Records:
    """Rows of a list of dicts, a dict of columns or a list of values, and how to select."""

    def __init__(self, data: Any):
        if isinstance(data, Mapping):
            self.columns = [str(k) for k in data]
            columns = [list(v) for v in data.values()]
            lengths = {len(c) for c in columns}
            if len(lengths) > 1:
                raise ValueError("table: the columns of a dict must have the same length")
            self.rows = [list(r) for r in zip(*columns)]
            self.select = lambda picks: {k: [col[i] for i in picks]
                                         for k, col in zip(data, columns)}
            return
        if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
            raise TypeError(f"table takes records, a dict of columns or a DataFrame, not "
                            f"{type(data).__name__}")
        items = list(data)
        self.select = lambda picks: [items[i] for i in picks]
        if items and all(isinstance(r, Mapping) for r in items):
            self.columns = list(dict.fromkeys(str(k) for r in items for k in r))
            named = [{str(k): v for k, v in r.items()} for r in items]
            self.rows = [[r.get(c) for c in self.columns] for r in named]
        elif items and all(isinstance(r, (tuple, list)) for r in items):
            width = max(len(r) for r in items)
            self.columns = [str(i) for i in range(width)]
            self.rows = [list(r) + [None] * (width - len(r)) for r in items]
        else:
            self.columns = ["value"]
            self.rows = [[r] for r in items]


class _Frame:
    """Rows of a pandas or polars DataFrame."""

    def __init__(self, data: Any):
        self.columns = [str(c) for c in data.columns]
        if hasattr(data, "to_dicts"):  # polars
            records = data.to_dicts()
            self.select = lambda picks: data[list(picks)]
        else:  # pandas
            records = data.to_dict("records")
            self.select = lambda picks: data.iloc[list(picks)]
        self.rows = [list(r.values()) for r in records]


def _frame_like(data: Any) -> bool:
    return hasattr(data, "columns") and (hasattr(data, "to_dicts") or hasattr(data, "iloc"))


class table(UIElement):
    """A table of `data` whose rows can be selected (`selection`: "multi", "single" or None).
    The value is the selected rows, in the data's shape; with `selection=None`, None."""

    kind = "table"

    def __init__(self, data: Any, pagination: bool | None = None,
                 selection: str | None = "multi", page_size: int = 10, *, label: str = "",
                 on_change: Callable[[Any], Any] | None = None,
                 initial_selection: Sequence[int] | None = None, **_ignored: Any):
        if selection not in _SELECTIONS:
            raise ValueError(f"table: selection must be 'multi', 'single' or None, not "
                             f"{selection!r}")
        if not isinstance(page_size, int) or page_size < 1:
            raise ValueError(f"table: page_size must be a whole number of 1 or more, not "
                             f"{page_size!r}")
        self._data = _Frame(data) if _frame_like(data) else _Records(data)
        self._selection = selection
        shown = self._data.rows[:ROW_LIMIT]
        self._props_cache = {
            "columns": self._data.columns, "rows": [[_cell(x) for x in r] for r in shown],
            "total_rows": len(self._data.rows), "selection": selection, "page_size": page_size,
            "pagination": (len(self._data.rows) > page_size) if pagination is None
            else bool(pagination)}
        super().__init__(list(initial_selection or ()), label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in raw):
            raise self._fail(f"takes a list of row positions, not {raw!r}")
        if self._selection is None:
            if raw:
                raise self._fail("its rows cannot be selected (selection=None)")
            return [], None
        count = len(self._data.rows)
        wrong = [i for i in raw if not 0 <= i < count]
        if wrong:
            raise self._fail(f"row {wrong[0]} does not exist (it has {count} rows)")
        picks = sorted(set(raw))
        if self._selection == "single" and len(picks) > 1:
            raise self._fail(f"selects one row at most, not {len(picks)}")
        return picks, self._data.select(picks)

    def _props(self) -> dict[str, Any]:
        return self._props_cache


def _cell(x: Any) -> Any:
    if x is None or isinstance(x, (bool, int, str)):
        return x
    if isinstance(x, float):
        return x if x == x and abs(x) != float("inf") else str(x)  # JSON has no NaN or inf
    return str(x)
