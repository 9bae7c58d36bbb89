"""Interactive tables: the kernel's answers to page, sort, search and summary queries, on real
pandas, polars, pyarrow and DuckDB data, and on plain records."""

import datetime
import json
import math

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from lichen.protocol import TABLE_MIME, UI_MIME
from lichen.runtime import Runtime
from lichen.runtime.cells import CellSpec
from lichen.runtime.context import TableGone
from lichen.runtime.mime import mime_bundle
from lichen.runtime.tables import LAZY_ROWS, RecordsSource, frame_source
from lichen.runtime.tables.query import answer, cell, query_of

DATA = {"name": ["b", "a", None, "d"], "score": [2.5, None, 1.0, 4.0], "n": [3, 1, 4, 1]}


def pandas_frame():
    return pd.DataFrame(DATA)


def polars_frame():
    return pl.DataFrame(DATA)


def arrow_table():
    return pa.table(DATA)


def duckdb_relation():
    return duckdb.sql("select * from (values ('b', 2.5, 3), ('a', null, 1), (null, 1.0, 4), "
                      "('d', 4.0, 1)) t(name, score, n)")


def records():
    rows = [dict(zip(DATA, values)) for values in zip(*DATA.values())]
    return RecordsSource(list(DATA), [list(r.values()) for r in rows], lambda p: p)


FRAMES = [pandas_frame, polars_frame, arrow_table, duckdb_relation]
ALL = [*FRAMES, records]


def source(make):
    made = make()
    return made if isinstance(made, RecordsSource) else frame_source(made)


def page(make, **query):
    return answer(source(make), query)


def names(result):
    return [row[0] for row in result["rows"]]


@pytest.mark.parametrize("make", ALL)
def test_first_page_keeps_the_data_order_with_positions(make):
    result = page(make)
    assert result["total"] == 4 and result["offset"] == 0
    assert result["positions"] == [0, 1, 2, 3]
    assert names(result) == ["b", "a", None, "d"]


@pytest.mark.parametrize("make", ALL)
def test_sort_ascending_and_descending_put_missing_values_last(make):
    up = page(make, sort=[{"column": "score"}])
    assert [r[1] for r in up["rows"][:3]] == [1.0, 2.5, 4.0]
    assert up["positions"] == [2, 0, 3, 1]
    down = page(make, sort=[{"column": "score", "descending": True}])
    assert down["positions"] == [3, 0, 2, 1]


@pytest.mark.parametrize("make", ALL)
def test_sort_by_two_columns(make):
    result = page(make, sort=[{"column": "n"}, {"column": "name", "descending": True}])
    assert result["positions"] == [3, 1, 0, 2]


@pytest.mark.parametrize("make", ALL)
def test_search_ignores_case_and_looks_in_every_column(make):
    assert page(make, search="B")["positions"] == [0]
    assert page(make, search="4")["positions"] == [2, 3]  # n == 4, score == 4.0
    assert page(make, search="zzz") == {"offset": 0, "total": 0, "positions": [], "rows": []}


def test_a_search_that_no_number_can_contain_skips_numeric_columns_and_one_that_can_does_not():
    src = frame_source(pd.DataFrame({"x": [1.5, float("nan"), -2e20], "label": ["nan", "b", "e"],
                                     "n": [10, 20, 30]}))
    assert answer(src, {"search": "NaN"})["positions"] == [0]  # a missing float is no text
    assert answer(src, {"search": "-2e+20"})["positions"] == [2]
    assert answer(src, {"search": "0"})["positions"] == [0, 1, 2]
    assert answer(src, {"search": "b"})["positions"] == [1]


@pytest.mark.parametrize("make", ALL)
def test_paging_within_a_sorted_search(make):
    result = page(make, sort=[{"column": "n", "descending": True}], offset=1, limit=2)
    assert result["total"] == 4 and result["positions"] == [0, 1]
    beyond = page(make, offset=10, limit=5)
    assert beyond["total"] == 4 and beyond["rows"] == []


@pytest.mark.parametrize("make", ALL)
def test_summaries(make):
    src = source(make)
    score = src.summary("score")
    assert (score["nulls"], score["count"], score["min"], score["max"]) == (1, 4, 1.0, 4.0)
    assert score["mean"] == pytest.approx(2.5)
    name = src.summary("name")
    assert name["nulls"] == 1 and name["kind"] == "string"
    assert sorted(v for v, _ in name["top"]) == ["a", "b", "d"]
    assert answer(src, {"summary": "n"})["max"] == 4


@pytest.mark.parametrize("make", ALL)
def test_column_kinds(make):
    kinds = [c.kind for c in source(make).columns]
    assert kinds == ["string", "number", "integer"]


@pytest.mark.parametrize("bad, message", [
    ({"sort": [{"column": "nope"}]}, "no column 'nope'"),
    ({"limit": 0}, "limit of 1"),
    ({"offset": -1}, "offset of 0"),
    ({"search": 3}, "search is text"),
    ("page 2", "is an object"),
])
def test_bad_queries_say_what_is_wrong(bad, message):
    with pytest.raises(ValueError, match=message):
        query_of(bad, ("name",))


# -- shapes -----------------------------------------------------------------------------------------


def test_pandas_index_with_information_is_shown_as_columns():
    frame = pd.DataFrame({"x": [1, 2]}, index=pd.Index(["p", "q"], name="key"))
    src = frame_source(frame)
    assert [c.name for c in src.columns] == ["key", "x"]
    assert answer(src, {})["rows"] == [["p", 1], ["q", 2]]
    assert [c.name for c in frame_source(pd.DataFrame({"x": [1]})).columns] == ["x"]


def test_pandas_multiindex_rows_and_columns():
    index = pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)], names=["g", None])
    columns = pd.MultiIndex.from_tuples([("m", "lo"), ("m", "hi")])
    frame = pd.DataFrame([[1, 2], [3, 4], [5, 6]], index=index, columns=columns)
    src = frame_source(frame)
    assert [c.name for c in src.columns] == ["g", "level_1", "m / lo", "m / hi"]
    result = answer(src, {"sort": [{"column": "m / hi", "descending": True}]})
    assert result["rows"][0] == ["b", 1, 5, 6]
    picked = src.select([2])
    assert isinstance(picked, pd.DataFrame) and picked.index[0] == ("b", 1)


def test_pandas_duplicate_and_non_string_column_names():
    frame = pd.DataFrame([[1, 2, 3]], columns=[0, "0", "a"])
    assert [c.name for c in frame_source(frame).columns] == ["0", "0 (2)", "a"]


def test_series_show_as_one_column():
    assert [c.name for c in frame_source(pd.Series([1, 2], name="s")).columns] == ["s"]
    assert [c.name for c in frame_source(pd.Series([1, 2])).columns] == ["value"]
    assert answer(frame_source(pl.Series("t", [3, 1])), {"sort": [{"column": "t"}]})[
        "rows"] == [[1], [3]]


def test_zero_rows():
    for empty in (pd.DataFrame({"a": []}), pl.DataFrame({"a": []}), pa.table({"a": []})):
        src = frame_source(empty)
        assert src.row_count == 0 and answer(src, {"search": "x"})["total"] == 0
        assert src.summary("a")["count"] == 0


def test_one_column_and_ten_thousand_columns():
    one = frame_source(pl.DataFrame({"only": list(range(30))}))
    assert answer(one, {"offset": 25, "limit": 10})["rows"] == [[25], [26], [27], [28], [29]]
    wide = frame_source(pd.DataFrame({f"c{i}": [i, i + 1] for i in range(10_000)}))
    result = answer(wide, {"sort": [{"column": "c9999", "descending": True}]})
    assert len(wide.columns) == 10_000 and len(result["rows"][0]) == 10_000
    assert result["rows"][0][9999] == 10_000


def test_mixed_types_sort_by_their_text_and_search():
    frame = pd.DataFrame({"m": [3, "x", 1.5, None, datetime.date(2020, 1, 1)]})
    src = frame_source(frame)
    result = answer(src, {"sort": [{"column": "m"}]})
    assert result["total"] == 5 and result["positions"][-1] == 3  # missing last
    assert answer(src, {"search": "2020"})["positions"] == [4]
    mixed = RecordsSource(["m"], [[3], ["x"], [None]], list)
    assert answer(mixed, {"sort": [{"column": "m"}]})["positions"] == [0, 1, 2]


def test_lazy_frames_show_their_first_rows():
    lazy = pl.LazyFrame({"i": list(range(LAZY_ROWS + 5))})
    src = frame_source(lazy)
    assert src.partial and src.row_count == LAZY_ROWS
    small = frame_source(pl.LazyFrame({"i": [2, 1]}))
    assert not small.partial and answer(small, {"sort": [{"column": "i"}]})["rows"] == [[1], [2]]


def test_selected_rows_have_the_datas_own_type():
    assert isinstance(frame_source(pandas_frame()).select([1]), pd.DataFrame)
    assert frame_source(polars_frame()).select([3, 0])["name"].to_list() == ["d", "b"]
    assert frame_source(arrow_table()).select([1]).column("n").to_pylist() == [1]


# -- cells ------------------------------------------------------------------------------------------


def test_cells_json_cannot_carry_are_marked_or_spelled_out():
    assert cell(float("nan")) == {"special": "NaN"}
    assert cell(-math.inf) == {"special": "-Infinity"}
    assert cell(None) is None and cell(pd.NA) is None and cell(pd.NaT) is None
    assert cell(datetime.date(2024, 1, 2)) == "2024-01-02"
    assert cell(2**60) == str(2**60)
    assert cell("x" * 5000).endswith("…") and len(cell("x" * 5000)) == 1001
    assert cell(b"\x00") == "b'\\x00'"
    import numpy as np

    assert cell(np.int64(3)) == 3 and type(cell(np.float64(0.5))) is float
    json.dumps([cell(v) for v in (np.bool_(True), np.datetime64("2020-01-01"))], allow_nan=False)


def test_timestamps_and_nulls_in_a_page():
    frame = pd.DataFrame({"t": pd.to_datetime(["2024-01-02 03:04", None])})
    rows = answer(frame_source(frame), {})["rows"]
    assert rows == [["2024-01-02T03:04:00"], [None]]


# -- outputs and the runtime ------------------------------------------------------------------------


def test_a_dataframe_output_is_a_table_with_its_first_page():
    bundle = mime_bundle(pd.DataFrame({"x": range(1000)}), 10_000_000)
    spec = json.loads(bundle[TABLE_MIME])
    assert spec["rows"] == 1000 and spec["columns"] == [
        {"name": "x", "dtype": "int64", "kind": "integer"}]
    assert len(spec["page"]["rows"]) == spec["page_size"] == 10
    assert spec["id"] is None  # outside a run, nothing answers queries
    assert "text/plain" in bundle and "text/html" not in bundle


def test_a_large_frame_output_is_small():
    frame = pd.DataFrame({"x": range(1_000_000), "y": ["text"] * 1_000_000})
    bundle = mime_bundle(frame, 10_000_000)
    assert sum(len(v) for v in bundle.values()) < 200_000


def _runtime(*codes):
    rt = Runtime()
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    return rt


def _table_id(report, cell_id):
    done = next(c for c in report.cells if c.cell_id == cell_id)
    return json.loads(done.output[TABLE_MIME])["id"]


def test_the_runtime_answers_queries_on_the_live_frame_until_the_cell_runs_again():
    rt = _runtime("import polars as pl", "df = pl.DataFrame({'v': [3, 1, 2]})\ndf")
    report = rt.run_all()
    table_id = _table_id(report, "c1")
    assert table_id is not None
    assert rt.table_query(table_id, {"sort": [{"column": "v"}]})["rows"] == [[1], [2], [3]]
    assert rt.table_query(table_id, {"summary": "v"})["mean"] == 2.0
    again = rt.run(["c1"])
    with pytest.raises(TableGone, match="run the cell"):
        rt.table_query(table_id, {})
    assert rt.table_query(_table_id(again, "c1"), {"offset": 2})["rows"] == [[2]]


def test_duckdb_sql_results_are_tables():
    rt = _runtime("import lichen", "lichen.sql('select 42 as answer')")
    spec = json.loads(next(c for c in rt.run_all().cells if c.cell_id == "c1").output[TABLE_MIME])
    assert spec["page"]["rows"] == [[42]]


def test_ui_table_of_a_dataframe_pages_sorts_and_selects():
    rt = _runtime("import lichen\nimport pandas as pd",
                  "t = lichen.ui.table(pd.DataFrame({'v': [3, 1, 2]}))\nt", "picked = t.value")
    report = rt.run_all()
    done = next(c for c in report.cells if c.cell_id == "c1")
    node = json.loads(done.output[UI_MIME])["node"]
    spec = node["props"]["table"]
    assert spec["id"] == node["id"] and spec["selection"] == "multi"
    ordered = rt.table_query(node["id"], {"sort": [{"column": "v"}]})
    assert ordered["positions"] == [1, 2, 0]
    rt.set_ui_value(node["id"], [ordered["positions"][0]])
    assert rt.namespace["picked"]["v"].tolist() == [1]


# -- through a kernel process -----------------------------------------------------------------------


def test_a_kernel_answers_table_queries_and_forgets_tables_of_cells_run_again():
    from lichen.kernel.errors import TableQueryFailed

    from kernel_helpers import notebook, session_for

    text = notebook("import pandas as pd",
                    "big = pd.DataFrame({'i': range(100_000), 's': [str(i % 7) for i in "
                    "range(100_000)]})\nbig")
    with session_for(text) as s:
        report = s.run_all()
        done = next(c for c in report.cells if c.output and TABLE_MIME in c.output)
        spec = json.loads(done.output[TABLE_MIME])
        assert spec["rows"] == 100_000 and len(spec["page"]["rows"]) == 10
        result = s.table_query(spec["id"], {"sort": [{"column": "i", "descending": True}],
                                            "search": "6", "offset": 25, "limit": 25})
        assert result["total"] == sum(1 for i in range(100_000) if "6" in f"{i}{i % 7}")
        assert len(result["rows"]) == 25 and result["rows"][0][0] < 99_999
        assert s.table_query(spec["id"], {"summary": "s"})["unique"] == 7
        with pytest.raises(TableQueryFailed, match="no column 'x'") as refused:
            s.table_query(spec["id"], {"sort": [{"column": "x"}]})
        assert not refused.value.gone
        s.run([done.cell_id])
        with pytest.raises(TableQueryFailed, match="run the cell") as gone:
            s.table_query(spec["id"], {})
        assert gone.value.gone
