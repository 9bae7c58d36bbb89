"""SQL cells take the place in the graph marimo 0.25.2 gives them (marimo in its own venv, see
`marimo_env.py`), and SQL's identifiers are case-insensitive there.

marimo lower-cases the tables a query creates and reads, but compares a read with a created
table as spelled, so `FROM MYTABLE` misses the cell creating `myTable` there (its catalogs,
`ATTACH ... AS DB`, are not lower-cased at all). So each notebook here is compared twice: as
written with Lichen, and in lower case with both: the edges must be marimo's edges of the
lower-case notebook. Every cell is written so that lower-casing changes only its SQL.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from lichen.graph import Graph
from lichen.notebook import Cell, Notebook, parse, serialize

from marimo_env import marimo_python

HERE = Path(__file__).resolve().parent

NOTEBOOKS = {
    "created table read in another case": [
        "mo.sql('CREATE TABLE myTable AS SELECT 1 AS x')",
        "mo.sql('SELECT * FROM MYTABLE')",
        "out = mo.sql('SELECT x FROM mytable')",
    ],
    "view over a table": [
        "mo.sql('CREATE OR REPLACE TABLE Sales AS SELECT 1 AS amount')",
        "mo.sql('CREATE VIEW Totals AS SELECT sum(amount) FROM SALES')",
        "mo.sql('FROM totals SELECT *')",
    ],
    "attached database read qualified": [
        "mo.sql(\"ATTACH 'shop.db' AS Shop\")",
        "mo.sql('SELECT * FROM SHOP.main.orders')",
        "mo.sql('SELECT * FROM shop.Orders')",
    ],
    "attached by file name": [
        "mo.sql(\"ATTACH 'warehouse.sqlite' (TYPE sqlite)\")",
        "mo.sql('SELECT * FROM warehouse.items')",
    ],
    "attached under a prefix": [
        "mo.sql(\"ATTACH DATABASE IF NOT EXISTS 'md:my_db'\")",
        "mo.sql('SELECT * FROM my_db.t')",
    ],
    "python frame read by a query": [
        "df = 1",
        "mo.sql('CREATE TABLE Cars AS SELECT * FROM df')",
        "x = mo.sql('SELECT * FROM CARS')",
    ],
    "multi-statement cell": [
        "mo.sql('CREATE TABLE A AS SELECT 1; CREATE TABLE b AS SELECT * FROM a')",
        "mo.sql('SELECT * FROM A JOIN B ON true')",
    ],
    "cte shadows a table in any case": [
        "mo.sql('CREATE TABLE t AS SELECT 1')",
        "mo.sql('WITH T AS (SELECT 2) SELECT * FROM t')",
        "mo.sql('SELECT * FROM T')",
    ],
    "inserts and deletes read": [
        "mo.sql('CREATE TABLE Log (msg TEXT)')",
        "mo.sql(\"INSERT INTO LOG VALUES ('x')\")",
        "mo.sql('DELETE FROM log')",
    ],
}

# Edges Lichen draws that marimo 0.25.2 does not: a table created in a schema follows the cell
# creating the schema (DuckDB needs the schema first); marimo's CREATE reads nothing.
SCHEMA_NOTEBOOK = [
    "mo.sql('CREATE SCHEMA Staging')",
    "mo.sql('CREATE TABLE staging.Raw AS SELECT 1')",
    "mo.sql('SELECT * FROM STAGING.raw')",
]


def lichen_parents(codes: list[str]) -> list[list[int]]:
    graph = Graph.build((str(index), code) for index, code in enumerate(codes))
    return [sorted(int(p) for p in graph.parents(str(index))) for index in range(len(codes))]


@pytest.fixture(scope="module")
def marimo_parents():
    notebooks = [[code.lower() for code in codes] for codes in [*NOTEBOOKS.values(), SCHEMA_NOTEBOOK]]
    done = subprocess.run([str(marimo_python()), str(HERE / "marimo_graph.py")],
                          input=json.dumps(notebooks), capture_output=True, text=True,
                          check=True, timeout=300, env={"PYTHONPATH": "", "PATH": ""})
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_edges_are_marimos_in_any_case(name, marimo_parents):
    codes = NOTEBOOKS[name]
    expected = marimo_parents[list(NOTEBOOKS).index(name)]
    assert any(parents for parents in expected), "marimo draws no edge: the case tests nothing"
    assert lichen_parents([code.lower() for code in codes]) == expected
    assert lichen_parents(codes) == expected


def test_a_table_in_a_schema_follows_the_schema(marimo_parents):
    assert marimo_parents[-1] == [[], [], [1]]
    assert lichen_parents(SCHEMA_NOTEBOOK) == [[], [0], [0, 1]]


# --- the file: re-saving keeps marimo's parameter lists -------------------------------------

FILE_CELLS = [
    "import marimo as mo",
    "MyDF = 1",
    "mo.sql(\"CREATE TABLE myTable AS SELECT * FROM MyDF\")",
    "out = mo.sql(\"SELECT * FROM MYTABLE, SHOP.main.t\")",
    "mo.sql(\"ATTACH 's.db' AS Shop\")",
    "mo.sql('CREATE SCHEMA Staging')",
    "mo.sql('CREATE TABLE staging.Raw AS SELECT * FROM mytable')",
]


@pytest.fixture(scope="module")
def marimo_file() -> str:
    done = subprocess.run([str(marimo_python()), str(HERE / "marimo_codegen.py")],
                          input=json.dumps(FILE_CELLS), capture_output=True, text=True,
                          check=True, timeout=300, env={"PYTHONPATH": "", "PATH": ""})
    return done.stdout


def test_a_file_marimo_wrote_is_saved_unchanged(marimo_file):
    # marimo spells SQL reads in lower case (`def _(mo, mydf):` for `FROM MyDF`).
    assert "def _(mo, mydf):" in marimo_file
    assert serialize(parse(marimo_file)) == marimo_file


def test_an_edit_elsewhere_leaves_the_sql_cells_as_written(marimo_file):
    notebook = parse(marimo_file)
    cells = list(notebook.cells)
    cells[1] = cells[1].with_code("MyDF = 2")
    saved = serialize(replace(notebook, cells=tuple(cells)))
    # The edited cell is written afresh (returning what the SQL cell reads); the rest as they were.
    edited = marimo_file.replace("MyDF = 1\n    return\n", "MyDF = 2\n    return (MyDF,)\n")
    assert edited != marimo_file
    assert saved == edited


def test_an_edited_sql_cell_takes_its_tables_never_its_database_objects():
    notebook = parse(serialize(Notebook(cells=tuple(Cell(code) for code in FILE_CELLS))))
    headers = [line for line in serialize(notebook).splitlines() if line.startswith("def ")]
    # `shop` and `staging` are read only through qualified names: edges, not parameters.
    assert headers == ["def _():", "def _():", "def _(MyDF, mo):", "def _(mo, mytable):",
                       "def _(mo):", "def _(mo):", "def _(mo, mytable):"]
