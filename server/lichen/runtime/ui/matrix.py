"""`matrix`: a grid of numbers edited cell by cell.

Raw value: a list of rows, each a list of numbers. The value is the same list of lists.
Props: rows, columns (counts), min_value, max_value (a number, a grid of bounds, or null), step,
disabled (true, or a grid of booleans), symmetric (editing (i, j) sets (j, i)), scientific,
precision (digits shown, or null), row_labels, column_labels (lists of strings, or null),
debounce.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from lichen.runtime.ui.base import UIElement


def _grid(what: str, value: Any) -> list[list[Any]]:
    if hasattr(value, "tolist"):  # numpy
        value = value.tolist()
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], (list, tuple)):
        value = [list(value)]  # a vector is one row
    if not isinstance(value, (list, tuple)) or not all(isinstance(r, (list, tuple)) for r in value):
        raise TypeError(f"matrix: {what} must be a list of rows (lists of numbers)")
    return [list(r) for r in value]


def _bounds(what: str, bound: Any, rows: int, cols: int) -> Any:
    if bound is None or isinstance(bound, (int, float)):
        return bound
    grid = _grid(what, bound)
    if len(grid) != rows or any(len(r) != cols for r in grid):
        raise ValueError(f"matrix: {what} must have the matrix's shape ({rows}x{cols})")
    return grid


class matrix(UIElement):
    """A matrix of numbers to edit, starting at `value` (a list of rows or a numpy array)."""

    kind = "matrix"

    def __init__(self, value: Any, min_value: Any = None, max_value: Any = None,
                 step: float = 1.0, disabled: Any = False, symmetric: bool = False,
                 scientific: bool = False, precision: int | None = None,
                 row_labels: Sequence[str] | None = None,
                 column_labels: Sequence[str] | None = None, debounce: bool = False, *,
                 label: str = ""):
        grid = _grid("value", value)
        if not grid or not grid[0]:
            raise ValueError("matrix: value must have at least one row and one column")
        rows, cols = len(grid), len(grid[0])
        if any(len(r) != cols for r in grid):
            raise ValueError("matrix: every row must have the same length")
        if symmetric and (rows != cols or any(grid[i][j] != grid[j][i]
                                              for i in range(rows) for j in range(cols))):
            raise ValueError("matrix: symmetric=True needs a square, symmetric value")
        if row_labels is not None and len(row_labels) != rows:
            raise ValueError(f"matrix: row_labels has {len(row_labels)} labels for {rows} rows")
        if column_labels is not None and len(column_labels) != cols:
            raise ValueError(f"matrix: column_labels has {len(column_labels)} labels for "
                             f"{cols} columns")
        if not isinstance(step, (int, float)) or step <= 0:
            raise ValueError(f"matrix: step must be a positive number, not {step!r}")
        self._shape = (rows, cols)
        self._min = _bounds("min_value", min_value, rows, cols)
        self._max = _bounds("max_value", max_value, rows, cols)
        self._symmetric = bool(symmetric)
        self._options = {
            "rows": rows, "columns": cols, "min_value": self._min, "max_value": self._max,
            "step": step, "disabled": disabled if isinstance(disabled, bool)
            else _grid("disabled", disabled), "symmetric": self._symmetric,
            "scientific": bool(scientific), "precision": precision,
            "row_labels": list(map(str, row_labels)) if row_labels is not None else None,
            "column_labels": list(map(str, column_labels)) if column_labels is not None
            else None, "debounce": bool(debounce)}
        super().__init__(grid, label=label)

    def _bound(self, bound: Any, i: int, j: int) -> Any:
        return bound[i][j] if isinstance(bound, list) else bound

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        rows, cols = self._shape
        if not isinstance(raw, (list, tuple)) or len(raw) != rows or any(
                not isinstance(r, (list, tuple)) or len(r) != cols for r in raw):
            raise self._fail(f"takes a {rows}x{cols} list of rows")
        grid = []
        for i, row in enumerate(raw):
            out = []
            for j, x in enumerate(row):
                if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
                    raise self._fail(f"({i}, {j}) must be a number, not {x!r}")
                low, high = self._bound(self._min, i, j), self._bound(self._max, i, j)
                if (low is not None and x < low) or (high is not None and x > high):
                    raise self._fail(f"({i}, {j}) = {x} is outside its bounds")
                out.append(x)
            grid.append(out)
        if self._symmetric and any(grid[i][j] != grid[j][i]
                                   for i in range(rows) for j in range(cols)):
            raise self._fail("must stay symmetric")
        return grid, [list(r) for r in grid]

    def _props(self) -> dict[str, Any]:
        return self._options
