"""Editors: `code_editor` (text with a language) and `data_editor` (a table whose cells change).

- code_editor: raw value, the code (a string). Props: language, placeholder, theme (or null),
  disabled, min_height, max_height (pixels or null), show_copy_button, debounce.
- data_editor: raw value, the edits so far as `[{"row": int, "column": str, "value": JSON}]`
  (a later edit of a cell wins). The value is the data with the edits applied, in the data's own
  shape (records, a dict of columns, a pandas or polars DataFrame). Props: as `table`'s columns,
  rows, total_rows, page_size, pagination; editable_columns (names).
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Sequence

from lichen.runtime.ui.base import UIElement
from lichen.runtime.tables.query import cell
from lichen.runtime.ui.frame_rows import ROW_LIMIT, frame_like as _frame_like

OnChange = Callable[[Any], Any] | None


class code_editor(UIElement):
    """Code to edit, shown with its `language`'s highlighting."""

    kind = "code_editor"

    def __init__(self, value: str = "", language: str = "python", placeholder: str = "",
                 theme: str | None = None, disabled: bool = False,
                 min_height: int | None = None, max_height: int | None = None,
                 show_copy_button: bool = True, debounce: bool | int = False, *,
                 label: str = "", on_change: OnChange = None):
        self._options = {"language": str(language), "placeholder": str(placeholder),
                         "theme": theme, "disabled": bool(disabled), "min_height": min_height,
                         "max_height": max_height, "show_copy_button": bool(show_copy_button),
                         "debounce": debounce}
        super().__init__(value, label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, str):
            raise self._fail(f"takes a string, not {raw!r}")
        return raw, raw

    def _props(self) -> dict[str, Any]:
        return self._options


class _Editable:
    """The data's columns and rows, and the data rebuilt with edits."""

    def __init__(self, data: Any):
        self.data = data
        if _frame_like(data):
            self.columns = [str(c) for c in data.columns]
            records = data.to_dicts() if hasattr(data, "to_dicts") else data.to_dict("records")
            self.rows = [list(r.values()) for r in records]
        elif isinstance(data, dict):
            self.columns = [str(k) for k in data]
            self.rows = [list(r) for r in zip(*(list(v) for v in data.values()))]
        elif isinstance(data, (list, tuple)) and all(isinstance(r, dict) for r in data):
            self.columns = list(dict.fromkeys(str(k) for r in data for k in r))
            self.rows = [[r.get(c) for c in self.columns] for r in data]
        else:
            raise TypeError(f"data_editor takes records, a dict of columns or a DataFrame, not "
                            f"{type(data).__name__}")

    def apply(self, edits: dict[tuple[int, str], Any]) -> Any:
        data = self.data
        if not edits:
            return data
        if hasattr(data, "to_dicts"):  # polars: rebuild from the edited records
            records = data.to_dicts()
            for (row, column), value in edits.items():
                records[row][column] = value
            return type(data)(records, schema=data.schema, strict=False)
        if _frame_like(data):  # pandas
            out = data.copy()
            for (row, column), value in edits.items():
                out.iloc[row, list(out.columns).index(column)] = value
            return out
        out = copy.deepcopy(data)
        for (row, column), value in edits.items():
            if isinstance(out, dict):
                column_values = list(out[column])
                column_values[row] = value
                out[column] = column_values
            else:
                out[row][column] = value
        return out


class data_editor(UIElement):
    """A table whose cells can be edited; its value is the edited data."""

    kind = "data_editor"

    def __init__(self, data: Any, *, label: str = "", on_change: OnChange = None,
                 editable_columns: Sequence[str] | str = "all",
                 column_sizing_mode: str | None = None, pagination: bool | None = None,
                 page_size: int | None = None):
        self._table = _Editable(data)
        if editable_columns == "all":
            editable = list(self._table.columns)
        else:
            editable = [str(c) for c in editable_columns]
            unknown = [c for c in editable if c not in self._table.columns]
            if unknown:
                raise ValueError(f"data_editor: no column {unknown[0]!r}")
        self._editable = editable
        size = page_size or 50
        self._options = {
            "columns": self._table.columns,
            # Whole texts: an edit starts from the cell as it is.
            "rows": [[cell(x, text_limit=None) for x in r] for r in self._table.rows[:ROW_LIMIT]],
            "total_rows": len(self._table.rows), "page_size": size,
            "pagination": len(self._table.rows) > size if pagination is None else bool(pagination),
            "editable_columns": editable}
        super().__init__([], label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)):
            raise self._fail("takes a list of edits")
        edits: dict[tuple[int, str], Any] = {}
        for edit in raw:
            if not isinstance(edit, dict) or not isinstance(edit.get("row"), int) \
                    or edit.get("column") not in self._editable:
                raise self._fail(f"an edit is {{row, column, value}} of an editable column, "
                                 f"not {edit!r}")
            if not 0 <= edit["row"] < len(self._table.rows):
                raise self._fail(f"row {edit['row']} does not exist")
            edits[(edit["row"], edit["column"])] = edit.get("value")
        return [dict(e) for e in raw], self._table.apply(edits)

    @property
    def data(self) -> Any:
        return self._table.data

    def _props(self) -> dict[str, Any]:
        return self._options


def experimental_data_editor(*args: Any, **kwargs: Any) -> data_editor:
    """marimo's former name of `data_editor`."""
    return data_editor(*args, **kwargs)
