"""Table sources: the live data behind a table output, answering its queries.

`FrameSource` reads any dataframe through narwhals (imported on first use, never on the user's
behalf: the data's own library is already loaded), `RecordsSource` plain Python rows. Both keep
the last few views (the rows matching a search, in a sort order) so that turning pages is a
slice of a view already made, and both keep each row's position in the data, which is what a
selection holds whatever the order shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence

from lichen.runtime.tables.ordering import FrameRows, SortedView, unused_name
from lichen.runtime.tables.query import Query, SortKey, cell, text_of

LAZY_ROWS = 10_000  # rows of a lazy frame (polars LazyFrame, DuckDB relation) collected to show
_VIEWS_KEPT = 4
_TOP_VALUES = 5

# (top-level module, class name) of the objects shown as tables; anything narwhals wraps too.
_TABLE_TYPES = frozenset({
    ("pandas", "DataFrame"), ("pandas", "Series"),
    ("polars", "DataFrame"), ("polars", "LazyFrame"), ("polars", "Series"),
    ("pyarrow", "Table"), ("duckdb", "DuckDBPyRelation"),
    ("narwhals", "DataFrame"), ("narwhals", "LazyFrame"), ("narwhals", "Series"),
})


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    kind: str  # "integer" | "number" | "string" | "boolean" | "temporal" | "other"

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "dtype": self.dtype, "kind": self.kind}


class TableSource(Protocol):
    columns: tuple[Column, ...]
    row_count: int
    partial: bool  # only the first LAZY_ROWS rows of a lazy frame are shown

    def page(self, query: Query) -> dict[str, Any]:
        """The PAGE answering `query`."""

    def summary(self, column: str) -> dict[str, Any]:
        """The summary of `column`."""

    def select(self, positions: Sequence[int]) -> Any:
        """The rows at `positions`, in the data's own shape."""


def is_frame(value: Any) -> bool:
    """Whether `value` is a dataframe-like object shown as a table (by its type's names: no
    library is imported to find out)."""
    if isinstance(value, type):
        return False
    for klass in type(value).__mro__:
        root = klass.__module__.partition(".")[0]
        if (root, klass.__name__) in _TABLE_TYPES:
            return True
    return False


class _Views:
    """The last few views of a source, by (sort, search)."""

    def __init__(self, make: Callable[[tuple[SortKey, ...], str], Any]):
        self._make = make
        self._kept: dict[tuple, Any] = {}

    def get(self, query: Query) -> Any:
        key = query.view
        view = self._kept.pop(key, None)
        if view is None:
            view = self._make(*key)
            if len(self._kept) >= _VIEWS_KEPT:
                self._kept.pop(next(iter(self._kept)))
        self._kept[key] = view  # most recent last
        return view


def _page(offset: int, total: int, positions: list[int], rows: list[list[Any]]) -> dict[str, Any]:
    return {"offset": offset, "total": total, "positions": positions, "rows": rows}


# --- dataframes, through narwhals ------------------------------------------------------------------


def frame_source(value: Any) -> FrameSource | None:
    """A source for a dataframe-like `value`, or None when narwhals is not installed or does
    not read it."""
    try:
        import narwhals  # noqa: F401
    except ImportError:
        return None
    try:
        return FrameSource(value)
    except (TypeError, ValueError):
        return None


class FrameSource:
    def __init__(self, native: Any):
        import narwhals as nw

        self._nw = nw
        self._native = native
        readable = _readable(native)
        frame, self.partial = _eager(readable, nw)
        schema = frame.schema
        own = _native_dtypes(readable)
        self.columns = tuple(Column(name, own.get(name) or str(dtype), _kind(dtype, nw))
                             for name, dtype in schema.items())
        self.row_count = len(frame)
        self._row = unused_name("__row__", schema)
        self._frame = frame.with_row_index(self._row)
        self._searchable = [c.name for c in self.columns if c.kind != "other"
                            or _castable(frame, c.name, nw)]
        self._views = _Views(self._view)

    def page(self, query: Query) -> dict[str, Any]:
        view = self._views.get(query)
        part = view.part(query.offset, query.limit)
        if part.columns == [self._row]:  # a sorted view holds positions: the page's rows
            part = self._frame[part[self._row].to_list()]
        rows = part.rows()
        # Outside float columns a NaN is the library's missing value (pandas' strings, say).
        floats = [c.kind == "number" for c in self.columns]
        return _page(query.offset, view.total, [r[0] for r in rows],
                     [[cell(x) if is_float or x == x else None
                       for x, is_float in zip(r[1:], floats)] for r in rows])

    def summary(self, column: str) -> dict[str, Any]:
        kind = next((c.kind for c in self.columns if c.name == column), None)
        if kind is None:
            raise ValueError(f"the table has no column {column!r}")
        series = self._frame[column]
        out: dict[str, Any] = {"column": column, "kind": kind, "count": len(series),
                               "nulls": int(series.null_count())}
        if kind in ("integer", "number", "temporal"):
            out["min"], out["max"] = cell(series.min()), cell(series.max())
            if kind != "temporal":
                out["mean"] = cell(series.mean())
            return out
        if kind == "boolean":
            out["true"] = int(series.sum())
            return out
        try:
            out["unique"] = int(series.n_unique())
            counts = series.drop_nulls().value_counts(sort=True).head(_TOP_VALUES).rows()
            out["top"] = [[cell(value), int(n)] for value, n in counts]
        except Exception:  # unhashable cells (lists, dicts): no top values
            pass
        return out

    def select(self, positions: Sequence[int]) -> Any:
        picks = list(positions)
        native = self._native
        if hasattr(native, "iloc"):  # pandas: the rows with their own index
            return native.iloc[picks]
        if self.partial:
            return self._frame.drop(self._row)[picks].to_native()
        return self._nw.from_native(native, allow_series=True)[picks].to_native()

    def _view(self, sort: tuple[SortKey, ...], search: str) -> Any:
        nw = self._nw
        frame = self._frame
        columns = self._searched(search) if search else []
        if columns:
            frame = frame.filter(nw.any_horizontal(
                *(nw.col(c).cast(nw.String).str.to_lowercase().str.contains(search, literal=True)
                  for c in columns), ignore_nulls=True))
        elif search:
            frame = frame[0:0]
        if sort:
            return SortedView(frame, self._row, sort, nw)
        return FrameRows(frame)

    def _searched(self, search: str) -> list[str]:
        """The columns whose text may contain `search`: a number's text ("-1.5e+20", "nan",
        "inf") has only a few characters, so other searches skip numeric columns, whose cast to
        text is most of a search's time."""
        numeric = not search.strip(_NUMBER_CHARACTERS)
        kinds = {c.name: c.kind for c in self.columns}
        return [c for c in self._searchable
                if numeric or kinds[c] not in ("integer", "number")]


_NUMBER_CHARACTERS = "0123456789.-+einaf"


def _readable(native: Any) -> Any:
    """`native` with what narwhals needs: pandas' index as columns where it carries
    information, string column names, one-level columns; a Series as a frame."""
    module = type(native).__module__.partition(".")[0]
    if module == "pandas":
        return _pandas_frame(native)
    if module == "polars" and type(native).__name__ == "Series":
        return native.to_frame()
    if module == "narwhals" and type(native).__name__ == "Series":
        return native.to_frame()
    return native


def _pandas_frame(native: Any) -> Any:
    import pandas as pd

    if isinstance(native, pd.Series):
        native = native.to_frame(name="value" if native.name is None else native.name)
    index = native.index
    plain = (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
             and index.name is None)
    if not plain:
        names = [n if n is not None else ("index" if index.nlevels == 1 else f"level_{i}")
                 for i, n in enumerate(index.names)]
        native = native.rename_axis(names).reset_index()
    columns = native.columns
    if isinstance(columns, pd.MultiIndex):
        labels = [" / ".join(str(part) for part in c if str(part)) for c in columns]
    else:
        labels = [str(c) for c in columns]
    unique = _unique(labels)
    if unique != list(columns):
        native = native.set_axis(unique, axis=1)
    return native


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label if n == 0 else f"{label} ({n + 1})")
    return out


def _native_dtypes(native: Any) -> dict[str, str]:
    """The column types as the data's library names them (what its users know), where cheap."""
    try:
        if hasattr(native, "collect_schema"):  # polars, eager and lazy
            return {k: str(v) for k, v in native.collect_schema().items()}
        dtypes = getattr(native, "dtypes", None)
        if hasattr(dtypes, "items"):  # pandas
            return {str(k): str(v) for k, v in dtypes.items()}
        schema = getattr(native, "schema", None)
        if hasattr(schema, "names") and hasattr(schema, "field"):  # pyarrow
            return {n: str(schema.field(n).type) for n in schema.names}
        if hasattr(native, "types") and hasattr(native, "columns"):  # DuckDB
            return {str(k): str(v) for k, v in zip(native.columns, native.types)}
    except Exception:
        pass
    return {}


def _eager(native: Any, nw: Any) -> tuple[Any, bool]:
    """An eager narwhals frame of `native`, and whether it holds only the first rows."""
    frame = nw.from_native(native)
    if isinstance(frame, nw.LazyFrame):
        first = frame.head(LAZY_ROWS + 1).collect()
        return first.head(LAZY_ROWS), len(first) > LAZY_ROWS
    return frame, False


def _kind(dtype: Any, nw: Any) -> str:
    if dtype == nw.Boolean:
        return "boolean"
    if dtype.is_integer():
        return "integer"
    if dtype.is_numeric():
        return "number"
    if dtype.is_temporal():
        return "temporal"
    if dtype == nw.String or dtype == nw.Categorical or dtype == nw.Enum:
        return "string"
    return "other"


def _castable(frame: Any, name: str, nw: Any) -> bool:
    try:
        frame.head(1).select(nw.col(name).cast(nw.String))
        return True
    except Exception:
        return False


# --- plain Python rows -----------------------------------------------------------------------------


class RecordsSource:
    """Rows as lists of cells in column order (records, a dict of columns, plain values)."""

    partial = False

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                 select: Callable[[list[int]], Any]):
        self._rows = [list(r) for r in rows]
        self.row_count = len(self._rows)
        self.columns = tuple(Column(name, *_infer([r[i] for r in self._rows]))
                             for i, name in enumerate(columns))
        self._select = select
        self._views = _Views(self._view)

    def page(self, query: Query) -> dict[str, Any]:
        view = self._views.get(query)
        picks = view[query.offset:query.offset + query.limit]
        return _page(query.offset, len(view), picks, [[cell(x) for x in self._rows[i]]
                                                      for i in picks])

    def summary(self, column: str) -> dict[str, Any]:
        index = next((i for i, c in enumerate(self.columns) if c.name == column), None)
        if index is None:
            raise ValueError(f"the table has no column {column!r}")
        kind = self.columns[index].kind
        values = [r[index] for r in self._rows]
        present = [v for v in values if v is not None and v == v]
        out: dict[str, Any] = {"column": column, "kind": kind, "count": len(values),
                               "nulls": len(values) - len(present)}
        if kind in ("integer", "number", "temporal") and present:
            out["min"], out["max"] = cell(min(present)), cell(max(present))
            if kind != "temporal":
                out["mean"] = cell(sum(present) / len(present))
        elif kind == "boolean":
            out["true"] = sum(1 for v in present if v)
        else:
            counts: dict[str, int] = {}
            for v in present:
                key = text_of(v) if not isinstance(v, str) else v
                counts[key] = counts.get(key, 0) + 1
            out["unique"] = len(counts)
            top = sorted(counts.items(), key=lambda kv: -kv[1])[:_TOP_VALUES]
            out["top"] = [[k, n] for k, n in top]
        return out

    def select(self, positions: Sequence[int]) -> Any:
        return self._select(list(positions))

    def _view(self, sort: tuple[SortKey, ...], search: str) -> list[int]:
        picks = list(range(self.row_count))
        if search:
            picks = [i for i in picks if any(search in text_of(x) for x in self._rows[i])]
        names = [c.name for c in self.columns]
        for key in reversed(sort):  # stable sorts, last key first
            index = names.index(key.column)
            present = [i for i in picks if _present(self._rows[i][index])]
            absent = [i for i in picks if not _present(self._rows[i][index])]
            try:
                present.sort(key=lambda i: self._rows[i][index], reverse=key.descending)
            except TypeError:  # values that do not compare: by their text
                present.sort(key=lambda i: text_of(self._rows[i][index]),
                             reverse=key.descending)
            picks = present + absent  # missing values last, as for dataframes
        return picks


def _present(x: Any) -> bool:
    return x is not None and x == x  # NaN is not equal to itself


def _infer(values: list[Any]) -> tuple[str, str]:
    """(dtype, kind) of a column of Python values."""
    import datetime

    present = [v for v in values if v is not None]
    kinds = {type(v) for v in present}
    if not kinds:
        return "null", "other"
    if kinds == {bool}:
        return "bool", "boolean"
    if kinds == {int}:
        return "int", "integer"
    if kinds <= {int, float}:
        return "float", "number"
    if kinds == {str}:
        return "str", "string"
    if all(issubclass(k, (datetime.date, datetime.time)) for k in kinds):
        return kinds.pop().__name__ if len(kinds) == 1 else "datetime", "temporal"
    return "object", "other"
