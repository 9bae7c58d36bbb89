"""The notebook API (App, sql) and the runtime's messages as plain data."""

from __future__ import annotations

import sqlite3

import pytest

from lichen import protocol
from lichen.runtime import App, CellSpec, Runtime


def test_app_decorators_hand_back_what_they_decorate():
    app = App(width="medium")

    @app.cell
    def _():
        return

    @app.cell(hide_code=True, disabled=False, column=1)
    def named():
        return

    @app.function
    def double(v):
        return v * 2

    @app.class_definition(hide_code=True)
    class Point:
        pass

    assert double(2) == 4 and named.__name__ == "named" and Point.__name__ == "Point"
    assert app.config == {"width": "medium"}
    app._unparsable_cell("x = (", name="broken")


def test_app_setup_runs_its_body_and_lets_errors_through():
    app = App()
    with app.setup:
        value = 1
    with app.setup(hide_code=True):
        value += 1
    assert value == 2
    with pytest.raises(ZeroDivisionError):
        with app.setup:
            1 / 0


def run_cells(*codes: str):
    rt = Runtime()
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    return rt.run_all(), rt


def test_sql_reads_the_notebooks_tables():
    report, rt = run_cells(
        "import duckdb\nnumbers = duckdb.sql('select 1 as a union all select 2')",
        "import lichen.runtime as lr\ntotal = lr.sql('select sum(a) as s from numbers')",
    )
    assert [r.status for r in report.cells] == ["success", "success"], report.cells[1].error
    total = rt.namespace["total"]
    rows = total.fetchall() if hasattr(total, "fetchall") else total.to_numpy().tolist()
    assert [tuple(r) for r in rows] == [(3,)]


def test_sql_cells_run_in_the_order_their_tables_give_in_any_case(tmp_path):
    """Cells written before the ones they need: the attached database, the created table and
    the Python frame are each spelled in another case where they are read."""
    report, rt = run_cells(
        'out = mo.sql("SELECT total FROM SHOP.main.ORDERS_SUMMARY")',
        'mo.sql("CREATE TABLE shop.Orders_Summary AS SELECT sum(amount) AS total FROM Orders")',
        'mo.sql(f"ATTACH \'{path}\' AS Shop")',
        f"import pandas as pd\nOrders = pd.DataFrame({{'amount': [1, 2]}})\npath = {str(tmp_path / 'shop.duckdb')!r}",
        "import marimo as mo",
    )
    assert [r.status for r in report.cells] == ["success"] * 5, [r.error for r in report.cells]
    ran = [c.cell_id for c in report.cells]
    assert ran.index("c3") < ran.index("c1") and ran.index("c2") < ran.index("c1") < ran.index("c0")
    assert rt.namespace["out"]["total"].to_list() == [3]


def test_sql_with_a_db_api_connection():
    connection = sqlite3.connect(":memory:")
    connection.execute("create table t (a int)")
    connection.execute("insert into t values (4), (5)")
    from lichen.runtime import sql

    assert sql("select a from t order by a", engine=connection) == [(4,), (5,)]
    with pytest.raises(TypeError):
        sql("select 1", engine=object())


def test_report_is_ok_unless_a_cell_failed():
    def report(*statuses):
        cells = tuple(protocol.CellDone(f"c{i}", 1, s) for i, s in enumerate(statuses))
        return protocol.RunReport(1, cells)

    assert report("success", "stopped", "skipped", "disabled", "stale").ok
    assert not report("success", "error").ok
    assert not report("interrupted").ok and not report("cancelled").ok
    assert report("success", "error").result("c1").status == "error"
    assert report("success").result("nope") is None
