"""A sort's pages: the first ones selected (top-k), later ones from the full sort, in one order
(ties by position, missing values last) on pandas, polars and pyarrow."""

import math
import random

import narwhals as nw
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from lichen.runtime.tables import Query, SortKey, frame_source
from lichen.runtime.tables.ordering import TOP_ROWS, SortedView

ROWS = TOP_ROWS + 5_000


def values(seed: int, nan: bool = False):
    rng = random.Random(seed)
    picks = [None, *range(40)] + ([math.nan] if nan else [])
    return [rng.choice(picks) for _ in range(ROWS)]


def expected(column, descending: bool) -> list[int]:
    """Positions in order by `column`: ties by position, missing values last."""
    present = [i for i, v in enumerate(column) if v is not None and v == v]
    present.sort(key=lambda i: (-column[i] if descending else column[i], i))
    return present + [i for i, v in enumerate(column) if v is None or v != v]


MAKERS = {
    "pandas": lambda data: pd.DataFrame(data),
    "polars": lambda data: pl.DataFrame(data, strict=False),
    "pyarrow": lambda data: pa.table(data),
}


def positions(source, sort, offset, limit):
    return source.page(Query(sort=sort, offset=offset, limit=limit))["positions"]


@pytest.mark.parametrize("library", MAKERS)
@pytest.mark.parametrize("descending", [False, True])
def test_selected_and_sorted_pages_follow_one_order(library, descending):
    data = {"v": values(1), "w": [float(x) if x is not None else None for x in values(2)]}
    order = {c: expected(data[c], descending) for c in data}
    source = frame_source(MAKERS[library](data))
    for column in data:
        sort = (SortKey(column, descending),)
        first = positions(source, sort, 0, 100) + positions(source, sort, 100, 100)
        assert first == order[column][:200]
        deep = positions(source, sort, TOP_ROWS + 50, 100)  # past what a selection answers
        assert deep == order[column][TOP_ROWS + 50:TOP_ROWS + 150]
        last = positions(source, sort, ROWS - 30, 100)  # the missing values
        assert last == order[column][ROWS - 30:]
        assert positions(source, sort, 0, 100) == order[column][:100]


@pytest.mark.parametrize("library", MAKERS)
def test_a_first_page_is_selected_without_sorting_every_row(library):
    data = {"v": values(3)}
    frame = nw.from_native(MAKERS[library](data)).with_row_index("__row__")
    view = SortedView(frame, "__row__", (SortKey("v", True),), nw)
    assert view.part(0, 10)["__row__"].to_list() == expected(data["v"], True)[:10]
    assert view._all is None  # only the selection was made
    assert view.part(990, 10)["__row__"].to_list() == expected(data["v"], True)[990:1000]


def test_nan_and_null_keep_their_places_in_polars():
    data = {"f": values(4, nan=True)}
    frame = pl.DataFrame(data, strict=False)
    assert frame["f"].is_nan().any()
    source = frame_source(frame)
    for descending in (False, True):
        sort = (SortKey("f", descending),)
        got = positions(source, sort, 0, 50)
        shown = [frame["f"][i] for i in got]
        # polars orders NaN above every number and keeps null for the end: the full sort's order
        full = frame.with_row_index("r").sort(["f", "r"], descending=[descending, False],
                                              nulls_last=True)["r"].to_list()
        assert got == full[:50] and all(v is not None for v in shown)


def test_two_keys_in_different_directions_and_mixed_types():
    data = {"a": [1, 1, 2, 2, None], "b": ["x", "y", "x", "y", "z"]}
    source = frame_source(pd.DataFrame(data))
    sort = (SortKey("a"), SortKey("b", True))
    assert positions(source, sort, 0, 10) == [1, 0, 3, 2, 4]
    mixed = frame_source(pd.DataFrame({"m": [3, "b", 1.5, None, "a"]}))
    assert positions(mixed, (SortKey("m"),), 0, 10) == [2, 0, 4, 1, 3]
