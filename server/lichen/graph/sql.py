"""The tables a SQL query reads and creates, for SQL cells' place in the graph.

A query such as `mo.sql(f"SELECT * FROM df JOIN {other}")` reads the Python global `df` through
DuckDB's replacement scans, and `CREATE TABLE t AS ...` makes `t` available to later queries, so
both are graph edges. The query is parsed with sqlglot (pure Python, an optional dependency);
without it SQL contributes no names.

Which names count:
- a table read anywhere in the query (FROM, JOIN, subqueries, INSERT INTO, UPDATE, DELETE,
  COPY, DROP, ...) is read, unless a WITH clause around it names a CTE of that name;
- `CREATE [OR REPLACE] [TEMP] TABLE/VIEW t` creates `t`;
- only names that can be Python globals count: plain identifiers, or names qualified by DuckDB's
  default schema (`main.t` is `t`). Other qualified names (`db.schema.t`) and file paths
  (`FROM 'data.csv'`) are database objects, not notebook variables.

f-string placeholders are Python refs; `PLACEHOLDER` stands in for them so the SQL still parses.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

# An identifier no query names; private to the cell, so it can never become a def or ref.
PLACEHOLDER = "_lichen_placeholder"

# Module aliases whose `.sql(query)` runs a query: Lichen's, marimo's (as marimo does), DuckDB's.
SQL_CALLS = frozenset(
    {
        ("lichen", "sql"),
        ("mo", "sql"),
        ("marimo", "sql"),
        ("duckdb", "sql"),
        ("duckdb", "execute"),
    }
)

_DEFAULT_SCHEMAS = ("", "main")
_CREATED_KINDS = ("TABLE", "VIEW")


@dataclass(frozen=True)
class Tables:
    reads: frozenset[str]
    creates: frozenset[str]


NO_TABLES = Tables(frozenset(), frozenset())


@functools.lru_cache(maxsize=512)
def tables(query: str) -> Tables:
    """The notebook-visible tables `query` reads and creates. Never raises."""
    parser = _sqlglot()
    if parser is None:
        return NO_TABLES
    try:
        statements = parser.parse(query, dialect="duckdb")
        return _tables_of(statements, parser.exp)
    # A query that does not parse, or trips the parser, adds no names.
    except Exception:  # noqa: BLE001
        return NO_TABLES


@functools.lru_cache(maxsize=1)
def _sqlglot():
    try:
        import sqlglot
        from sqlglot import exp  # noqa: F401 (loads the expression classes)
    except ImportError:
        return None
    return sqlglot


def _tables_of(statements: list, exp) -> Tables:
    reads: set[str] = set()
    creates: set[str] = set()
    for statement in statements:
        if statement is None:
            continue
        created = _created_table(statement, exp)
        for table in statement.find_all(exp.Table):
            name = _notebook_name(table)
            if name is None:
                continue
            if table is created:
                creates.add(name)
            elif not _names_cte(table, name, exp):
                reads.add(name)
    return Tables(frozenset(reads), frozenset(creates))


def _created_table(statement, exp):
    """The table node a CREATE TABLE/VIEW statement creates, if it is one."""
    if not isinstance(statement, exp.Create):
        return None
    if str(statement.args.get("kind") or "").upper() not in _CREATED_KINDS:
        return None
    target = statement.this
    if isinstance(target, exp.Schema):  # CREATE TABLE t (a INT, ...)
        target = target.this
    return target if isinstance(target, exp.Table) else None


def _notebook_name(table) -> str | None:
    """The name a table node has in the notebook, or None for a database-only object."""
    name = table.name
    if not name or not name.isidentifier() or name == PLACEHOLDER:
        return None
    if table.catalog or table.db not in _DEFAULT_SCHEMAS:
        return None
    return name


def _names_cte(table, name: str, exp) -> bool:
    """Whether a WITH clause enclosing `table` defines a CTE called `name`."""
    if table.db:
        return False
    node = table.parent
    while node is not None:
        # The WITH clause is `with_` in sqlglot 27 and later, `with` before.
        with_clause = node.args.get("with_") or node.args.get("with")
        if with_clause is not None and any(cte.alias == name for cte in with_clause.expressions):
            return True
        node = node.parent
    return False
