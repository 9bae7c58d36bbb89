"""SQL cells: the tables a `mo.sql(...)`-style query reads are refs, the ones it creates defs."""

from __future__ import annotations

import pytest
import sqlglot  # noqa: F401  (a declared test dependency: without it the tests fail)
from hypothesis import given, settings
from hypothesis import strategies as st

from lichen.graph import sql
from lichen.graph.analyse import analyse_cell


def check(code: str, defs: str = "", refs: str = "", sql_defs: str = "", links: str = "") -> None:
    before = str(code)
    result = analyse_cell(code)
    assert code == before
    assert result.problems == ()
    assert sorted(result.defs) == sorted(defs.split()), "defs"
    assert sorted(result.refs) == sorted(refs.split()), "refs"
    assert sorted(result.sql_defs) == sorted(sql_defs.split()), "sql_defs"
    assert sorted(result.sql_links) == sorted(links.split()), "sql_links"


# --- which calls are SQL ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "call", ["mo.sql", "marimo.sql", "lichen.sql", "duckdb.sql", "duckdb.execute"]
)
def test_notebook_sql_calls_read_tables(call):
    module = call.split(".")[0]
    check(f'{call}("SELECT * FROM df")', refs=f"{module} df")


def test_other_sql_methods_are_plain_calls():
    check('conn.sql("SELECT * FROM df")', refs="conn")


def test_query_in_a_variable_is_not_parsed():
    check("q = 'SELECT * FROM df'\nmo.sql(q)", defs="q", refs="mo")


def test_keyword_arguments_are_allowed():
    check('mo.sql("SELECT * FROM df", output=False)', refs="mo df")


def test_sql_call_in_function_body_reads():
    check('def load():\n    return mo.sql("SELECT * FROM df")', defs="load", refs="mo df")


# --- reads -----------------------------------------------------------------------------------


def test_joins_and_subqueries_read():
    check(
        'mo.sql("SELECT * FROM a JOIN b ON a.k = b.k WHERE x IN (SELECT x FROM c)")',
        refs="mo a b c",
    )


def test_columns_and_aliases_are_not_tables():
    check('mo.sql("SELECT t.x AS y FROM df AS t")', refs="mo df")


def test_duckdb_from_first_syntax():
    check('mo.sql("FROM df SELECT x")', refs="mo df")


def test_mutations_read_the_table():
    check(
        'mo.sql("INSERT INTO t SELECT * FROM u; UPDATE v SET a = 1; DELETE FROM w; DROP TABLE z")',
        refs="mo t u v w z",
    )


def test_cte_names_are_not_refs():
    check(
        'mo.sql("WITH a AS (SELECT * FROM b), c AS (SELECT * FROM a) SELECT * FROM c")', refs="mo b"
    )


def test_recursive_cte_is_not_ref():
    check(
        'mo.sql("WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT * FROM r) SELECT * FROM r")',
        refs="mo",
    )


def test_cte_in_subquery_does_not_hide_outer_table():
    check(
        'mo.sql("SELECT * FROM (WITH t AS (SELECT 1) SELECT * FROM t) JOIN t ON true")', refs="mo t"
    )


def test_default_schema_is_the_notebook():
    check('mo.sql("SELECT * FROM main.df")', refs="mo df")


def test_qualified_names_read_database_objects_and_their_qualifiers():
    check(
        'mo.sql("SELECT * FROM s.t, db.main.u, Db.S.T, memory.main.v")',
        refs="mo s s.t db db.u db.s db.s.t v",
        links="s s.t db db.u db.s db.s.t",
    )


def test_placeholder_in_a_qualified_name_reads_only_python():
    check('mo.sql(f"SELECT * FROM {db}.t")', refs="mo db")


def test_files_and_table_functions_are_not_refs():
    check("mo.sql(\"SELECT * FROM 'data.csv', read_parquet('x.parquet')\")", refs="mo")


def test_private_tables_stay_private():
    check('mo.sql("SELECT * FROM _scratch")', refs="mo")


# --- creates ---------------------------------------------------------------------------------


def test_create_table_defines():
    check(
        'mo.sql("CREATE TABLE cars AS SELECT * FROM raw")',
        defs="cars",
        refs="mo raw",
        sql_defs="cars",
    )


def test_create_or_replace_view_defines():
    check(
        'mo.sql("CREATE OR REPLACE VIEW main.v AS FROM df")', defs="v", refs="mo df", sql_defs="v"
    )


def test_create_table_with_columns_defines():
    check('mo.sql("CREATE TEMP TABLE IF NOT EXISTS t (a INT)")', defs="t", refs="mo", sql_defs="t")


def test_created_table_read_later_in_same_query_is_def():
    check(
        'mo.sql("CREATE TABLE t AS SELECT 1; SELECT * FROM t")', defs="t", refs="mo", sql_defs="t"
    )


def test_create_schema_defines_the_schema():
    check('mo.sql("CREATE SCHEMA IF NOT EXISTS Staging")', defs="staging", refs="mo",
          sql_defs="staging")


def test_create_table_in_a_schema_reads_the_schema():
    check('mo.sql("CREATE TABLE Staging.Raw AS SELECT 1")', defs="staging.raw",
          refs="mo staging", sql_defs="staging.raw", links="staging")


# --- case -------------------------------------------------------------------------------------


def test_created_tables_are_named_in_lower_case():
    check('mo.sql("CREATE TABLE myTable AS SELECT 1")', defs="mytable", refs="mo",
          sql_defs="mytable")


def test_unqualified_read_is_the_python_spelling_and_the_table():
    result = analyse_cell('mo.sql("SELECT * FROM MyDF")')
    assert result.refs == {"mo", "MyDF", "mydf"}
    assert result.sql_refs == {"MyDF", "mydf"}


def test_python_read_of_the_same_name_is_not_sql_only():
    result = analyse_cell('print(MyDF)\nmo.sql("SELECT * FROM MyDF")')
    assert result.sql_refs == {"mydf"}


def test_created_table_read_in_another_case_is_def():
    check('mo.sql("CREATE TABLE T AS SELECT 1; SELECT * FROM t, main.T")', defs="t", refs="mo",
          sql_defs="t")
    check('mo.sql("CREATE TABLE s.T AS SELECT 1")\nmo.sql("SELECT * FROM S.t")',
          defs="s.t", refs="mo s", sql_defs="s.t", links="s")


def test_cte_names_match_in_any_case():
    check('mo.sql("WITH Recent AS (SELECT * FROM b) SELECT * FROM RECENT")', refs="mo b")


# --- ATTACH ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement, name",
    [
        ("ATTACH 'shop.db' AS Shop", "shop"),
        ("ATTACH DATABASE 'data/Shop.duckdb' AS db (READ_ONLY)", "db"),
        ("ATTACH 'data/warehouse.sqlite' (TYPE sqlite)", "warehouse"),
        ("ATTACH IF NOT EXISTS 'md:my_db'", "my_db"),
        ("ATTACH '{path}' AS shop", "shop"),
    ],
)
def test_attach_defines_the_database(statement, name):
    code = f'mo.sql(f"{statement}")' if "{" in statement else f'mo.sql("{statement}")'
    refs = "mo path" if "{" in statement else "mo"
    check(code, defs=name, refs=refs, sql_defs=name)


def test_attach_of_a_placeholder_path_without_alias_defines_nothing():
    check('mo.sql(f"ATTACH \'{path}\'")', refs="mo path")


def test_attached_database_read_in_the_same_cell_is_def():
    check('mo.sql("ATTACH \'s.db\' AS Shop; SELECT * FROM shop.t")', defs="shop", refs="mo shop.t",
          sql_defs="shop", links="shop.t")


def test_table_also_bound_in_python_is_not_sql_only():
    check('t = 1\nmo.sql("CREATE TABLE t AS SELECT 1")', defs="t", refs="mo")


# --- f-strings -------------------------------------------------------------------------------


def test_fstring_placeholders_are_python_refs():
    check(
        "mo.sql(f\"SELECT * FROM df WHERE x > {limit} AND name = '{who!r}' LIMIT {n:d}\")",
        refs="mo df limit who n",
    )


def test_fstring_table_placeholder_is_python_ref():
    check('mo.sql(f"SELECT * FROM {frame} JOIN other USING (k)")', refs="mo frame other")


# --- bad or absent SQL -----------------------------------------------------------------------


def test_unparsable_query_adds_nothing():
    check('out = mo.sql("SELEC * FROM")', defs="out", refs="mo")


def test_non_string_argument_adds_nothing():
    check("mo.sql(b'SELECT * FROM df')", refs="mo")


def test_without_a_parser_sql_adds_nothing(monkeypatch):
    monkeypatch.setattr(sql, "_sqlglot", lambda: None)
    sql.tables.cache_clear()
    analyse_cell.cache_clear()  # what was found with the parser
    try:
        check('mo.sql("CREATE TABLE cars AS SELECT * FROM raw")', refs="mo")
    finally:
        sql.tables.cache_clear()
        analyse_cell.cache_clear()


def test_tables_never_raises_on_odd_queries():
    for query in ["", ";", "(((", "SELECT '", "\0", "CREATE TABLE", "WITH", "x" * 1000]:
        result = sql.tables(query)
        assert isinstance(result.reads, frozenset) and isinstance(result.creates, frozenset)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("select*fromjoinwithascreatetable();,'\"{} .\n"))))
def test_never_raises_on_odd_sql(query):
    result = analyse_cell(f"mo.sql({query!r})")
    assert "mo" in result.refs


def test_database_objects_a_query_reads_are_no_undefined_names():
    from lichen.diagnostics import diagnose
    from lichen.notebook import Cell, Notebook, parse, serialize

    text = serialize(Notebook(cells=(Cell("import marimo as mo"),
                                     Cell('mo.sql("SELECT * FROM Shop.main.Orders, raw_t")'),
                                     Cell("print(missing_name)"))))
    found = [d.message for d in diagnose(parse(text), text)]
    assert len(found) == 1 and found[0].startswith("`missing_name` is read but no cell defines it")
