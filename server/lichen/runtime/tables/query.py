"""A table query as the renderer asks it, checked, and the encoding of the cells of its answer."""

from __future__ import annotations

import datetime
import decimal
import math
from dataclasses import dataclass
from typing import Any

PAGE_SIZES = (10, 25, 50, 100)
MAX_LIMIT = 1000  # rows per answer: a page is small by design
TEXT_LIMIT = 1000  # characters per cell sent; the rest stays in the kernel


@dataclass(frozen=True)
class SortKey:
    column: str
    descending: bool = False


@dataclass(frozen=True)
class Query:
    sort: tuple[SortKey, ...] = ()
    search: str = ""
    offset: int = 0
    limit: int = PAGE_SIZES[0]

    @property
    def view(self) -> tuple[tuple[SortKey, ...], str]:
        """What decides the order and the rows matching (paging within it is cheap)."""
        return self.sort, self.search.strip().lower()


def query_of(data: Any, columns: tuple[str, ...]) -> Query:
    """The query in `data` (JSON: {"sort": [{"column", "descending"}], "search", "offset",
    "limit"}); ValueError saying what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError(f"a table query is an object, not {type(data).__name__}")
    keys = []
    for key in data.get("sort") or ():
        column = key.get("column") if isinstance(key, dict) else None
        if column not in columns:
            raise ValueError(f"the table has no column {column!r} to sort by")
        keys.append(SortKey(column, bool(key.get("descending", False))))
    search = data.get("search") or ""
    offset, limit = data.get("offset", 0), data.get("limit", PAGE_SIZES[0])
    if not isinstance(search, str):
        raise ValueError("a table query's search is text")
    if not _count(offset) or not _count(limit) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"a table query takes an offset of 0 or more and a limit of 1 to "
                         f"{MAX_LIMIT}, not {offset!r} and {limit!r}")
    return Query(tuple(keys), search, offset, limit)


def answer(source: Any, request: Any) -> dict[str, Any]:
    """What a table request asks of `source` (a `TableSource`): `{"summary": column}` is a
    column's summary, anything else a query (`query_of`) answered with a page."""
    if isinstance(request, dict) and "summary" in request:
        return source.summary(str(request["summary"]))
    return source.page(query_of(request, tuple(c.name for c in source.columns)))


def _count(n: Any) -> bool:
    return isinstance(n, int) and not isinstance(n, bool) and n >= 0


def cell(x: Any, text_limit: int | None = TEXT_LIMIT) -> Any:
    """A value as a JSON cell (see the package docstring); text past `text_limit` characters is
    cut (None: never, for cells the user edits)."""
    if x is None or isinstance(x, (bool, str)):
        if isinstance(x, str) and text_limit is not None and len(x) > text_limit:
            return x[:text_limit] + "…"
        return x
    if isinstance(x, int):
        return x if abs(x) < 2**53 else str(x)  # beyond, JavaScript numbers lose digits
    if isinstance(x, float):
        if math.isnan(x):
            return {"special": "NaN"}
        if math.isinf(x):
            return {"special": "Infinity" if x > 0 else "-Infinity"}
        return float(x)  # numpy's float64 is a float too
    if _missing(x):
        return None
    if isinstance(x, decimal.Decimal):  # DuckDB's and pyarrow's decimals: shown as numbers
        return cell(float(x), text_limit)
    if isinstance(x, (datetime.date, datetime.time)):
        return x.isoformat()
    if hasattr(x, "item") and type(x).__module__ == "numpy":  # numpy scalars
        try:
            return cell(x.item(), text_limit)
        except (TypeError, ValueError):
            pass
    if isinstance(x, (bytes, bytearray)):
        return cell(repr(bytes(x)), text_limit)
    try:
        text = str(x)
    except Exception as e:  # a broken __str__ must not fail the page
        text = f"<{type(x).__name__} (str failed: {e})>"
    return cell(text, text_limit)


def _missing(x: Any) -> bool:
    """pandas' NA and NaT (and numpy's NaT)."""
    name = type(x).__name__
    if name in ("NAType", "NaTType"):
        return True
    return name in ("datetime64", "timedelta64") and str(x) == "NaT"


def text_of(x: Any) -> str:
    """A cell as the text a search looks in."""
    return "" if x is None else str(x).lower()
