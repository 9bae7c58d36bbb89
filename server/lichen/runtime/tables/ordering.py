"""The rows of a dataframe view, in the data's order or in a sort order worked out only as far as
the pages asked for need.

A sort shows its first page long before all the rows would be in order: the first rows of an
order are *selected* (narwhals' `top_k`: pandas' `nsmallest`, polars' and pyarrow's partial
selection, each one pass over the data) instead of sorting every row, and the full sort is made
only when a page lies beyond the rows selected. Both give the same order, as every order here
is total: rows whose keys tie keep their order in the data (their position breaks the tie), and
rows missing a key go last. Where a selection could not give that order (keys sorted in
different directions, NaN among float keys, which some libraries put first when descending),
the view sorts everything at once.
"""

from __future__ import annotations

from typing import Any

from lichen.runtime.tables.query import SortKey

TOP_ROWS = 10_000  # pages within this many rows of a sort's start are answered by a selection
_SELECTED_AHEAD = 4  # a selection takes this many times the rows asked for, for the next pages
_SELECTED_LEAST = 100


class FrameRows:
    """A view in the data's order: a page is a slice."""

    def __init__(self, frame: Any):
        self._frame = frame
        self.total = len(frame)

    def part(self, offset: int, limit: int) -> Any:
        return self._frame[offset:offset + limit]


class SortedView:
    """`frame` (with its position column `row`) ordered by `sort`: a page is a frame of the
    positions of its rows, in order."""

    def __init__(self, frame: Any, row: str, sort: tuple[SortKey, ...], nw: Any):
        self._frame = frame
        self._row = row
        self._nw = nw
        self._keys = list(dict.fromkeys(k.column for k in sort))
        self._sort = sort
        self.total = len(frame)
        self._first: Any = None  # the positions of the first rows in order, selected
        self._all: Any = None  # the positions of every row in order, sorted
        self._selectable: Any = False  # rows a selection can order (False: not looked at yet)

    def part(self, offset: int, limit: int) -> Any:
        end = offset + limit
        if self._all is None and (self._first is None or end > len(self._first)):
            first = self._select(end) if end <= TOP_ROWS else None
            if first is None:
                self._all = self._sorted()
            else:
                self._first = first
        ordered = self._all if self._all is not None else self._first
        return ordered[offset:end]

    def _select(self, end: int) -> Any:
        """The positions of the first `end` rows or more in order, or None where a selection
        cannot give them (see the module docstring)."""
        descending = {k.descending for k in self._sort}
        if self._selectable is False:
            self._selectable = self._present() if len(descending) == 1 else None
        present = self._selectable
        if present is None or end > len(present):
            return None
        nw, row = self._nw, self._row
        k = min(len(present), TOP_ROWS, max(end * _SELECTED_AHEAD, _SELECTED_LEAST))
        down = descending.pop()
        frame = present.select(row, *self._keys)
        tie = row
        if down:  # one direction for the whole selection: the tie's positions count down
            tie = unused_name(f"{row}_", frame.columns)
            frame = frame.with_columns((-nw.col(row).cast(nw.Int64)).alias(tie))
        by = [*self._keys, tie]
        try:
            chosen = frame.top_k(k, by=by, reverse=not down)
            return chosen.sort(by, descending=down).select(row)  # top_k's rows are in no order
        except Exception:  # values that do not compare: the full sort orders them by text
            self._selectable = None
            return None

    def _present(self) -> Any:
        """The rows with every sort key present, or None when a float key holds NaN."""
        frame = self._frame
        missing = False
        for key in self._keys:
            series = frame[key]
            nulls = series.null_count() > 0
            missing = missing or nulls
            if series.dtype.is_float() and (series.drop_nulls() if nulls else series).is_nan().any():
                return None
        return frame.drop_nulls(subset=self._keys) if missing else frame

    def _sorted(self) -> Any:
        nw, row = self._nw, self._row
        names = [*(k.column for k in self._sort), row]
        descending = [*(k.descending for k in self._sort), False]
        # Only the positions are sorted (the sort keys beside them): reordering every column of
        # a large frame costs more than the sort, and a page gathers its rows by position.
        frame = self._frame.select(row, *self._keys)
        try:
            frame = frame.sort(names, descending=descending, nulls_last=True)
        except Exception:  # values that do not compare (mixed types): by their text
            texts = {key: unused_name(f"{row}{i}", frame.columns)
                     for i, key in enumerate(self._keys)}
            frame = (frame.with_columns(*(nw.col(key).cast(nw.String).alias(text)
                                          for key, text in texts.items()))
                     .sort([texts.get(n, n) for n in names], descending=descending,
                           nulls_last=True))
        return frame.select(row)


def unused_name(base: str, names: Any) -> str:
    """`base`, with underscores before it until no name in `names` is spelt so."""
    name = base
    while name in names:
        name = f"_{name}"
    return name
