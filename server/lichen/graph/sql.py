"""The tables a SQL query reads and creates, for SQL cells' place in the graph.

A query such as `mo.sql(f"SELECT * FROM df JOIN {other}")` reads the Python global `df` through
DuckDB's replacement scans, and `CREATE TABLE t AS ...` makes `t` available to later queries, so
both are graph edges. The query is parsed with sqlglot (pure Python, an optional dependency);
without it SQL contributes no names.

Which names count:
- a table read anywhere in the query (FROM, JOIN, subqueries, INSERT INTO, UPDATE, DELETE,
  COPY, DROP, ...) is read, unless a WITH clause around it names a CTE of that name;
- `CREATE [OR REPLACE] [TEMP] TABLE/VIEW t`, `CREATE SCHEMA s` and `ATTACH 'file.db' [AS db]`
  create `t`, `s` and `db` (an ATTACH without AS names the database after the file, as DuckDB
  does: `ATTACH 'data/shop.sqlite'` is `shop`);
- file paths (`FROM 'data.csv'`), quoted names that are not identifiers and names holding an
  f-string placeholder are left out.

SQL identifiers are case-insensitive, Python's are not. So every database object is named in
lower case (`CREATE TABLE myTable` creates `mytable`, which `FROM MYTABLE` reads), and an
unqualified read also keeps its spelling, the Python global DuckDB's replacement scan looks up
(`FROM MyDF` reads `MyDF` and `mydf`). DuckDB's defaults are dropped from
qualified names (`main.t` and `memory.main.t` are `t`, `db.main.t` is `db.t`); what stays
qualified is a database object, never a Python global: `db.s.t` reads `db.s.t`, `db.s` and `db`,
so a query follows the cells that attach the database, create the schema and the table.

f-string placeholders are Python refs; `PLACEHOLDER` stands in for them so the SQL still parses.
"""

from __future__ import annotations

import functools
import posixpath
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

_DEFAULT_CATALOG = "memory"
_DEFAULT_SCHEMA = "main"
_CREATED_KINDS = ("TABLE", "VIEW", "SCHEMA")


@dataclass(frozen=True)
class Tables:
    # Unqualified tables read: as spelled (a Python global) and in lower case (a SQL table).
    reads: frozenset[str]
    # Database objects created, in lower case; qualified ones dotted (`s.t`).
    creates: frozenset[str]
    # Qualified objects read and their qualifiers (`db.s.t`, `db.s`, `db`): graph edges to the
    # cells creating them, never Python globals.
    links: frozenset[str] = frozenset()


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
    links: set[str] = set()
    for statement in statements:
        if statement is None:
            continue
        attached = _attached_database(statement, exp)
        if attached is not None:
            creates.add(attached)
        created = _created_object(statement, exp)
        for table in statement.find_all(exp.Table):
            parts = _object_parts(table)
            if parts is None:
                continue
            if table is created:
                creates.add(".".join(parts))
                links.update(_qualifiers(parts))
            elif len(parts) > 1:
                links.add(".".join(parts))
                links.update(_qualifiers(parts))
            elif not _names_cte(table, parts[0], exp):
                reads.update((table.name, parts[0]))
    reads = {name for name in reads if name.lower() not in creates}
    return Tables(frozenset(reads), frozenset(creates), frozenset(links - creates))


def _created_object(statement, exp):
    """The node naming what a CREATE TABLE/VIEW/SCHEMA statement creates, if it is one."""
    if not isinstance(statement, exp.Create):
        return None
    if str(statement.args.get("kind") or "").upper() not in _CREATED_KINDS:
        return None
    target = statement.this
    if isinstance(target, exp.Schema):  # CREATE TABLE t (a INT, ...)
        target = target.this
    return target if isinstance(target, exp.Table) else None


def _attached_database(statement, exp) -> str | None:
    """The database an ATTACH statement names: its alias, else its file's stem."""
    attach = getattr(exp, "Attach", None)  # sqlglot parses ATTACH since version 25
    if attach is None or not isinstance(statement, attach):
        return None
    target = statement.this
    if isinstance(target, exp.Alias):
        name = target.alias
    elif isinstance(target, exp.Literal) and target.is_string:
        path = target.this.rpartition(":")[2]  # `md:shop` is `shop`
        name = posixpath.basename(path.replace("\\", "/")).partition(".")[0]
    else:
        return None
    return name.lower() if name.isidentifier() and name != PLACEHOLDER else None


def _object_parts(table) -> tuple[str, ...] | None:
    """A table node's name, lower case, without DuckDB's defaults; None for a file or a name
    that cannot be told (a placeholder, a quoted name that is no identifier)."""
    spelled = [part for part in (table.catalog, table.db, table.name) if part]
    if not spelled or not all(part.isidentifier() for part in spelled):
        return None
    if PLACEHOLDER in spelled:
        return None
    parts = [part.lower() for part in spelled]
    if len(parts) > 1 and parts[0] == _DEFAULT_CATALOG:
        parts = parts[1:]
    if len(parts) == 3 and parts[1] == _DEFAULT_SCHEMA:
        parts = [parts[0], parts[2]]
    elif len(parts) == 2 and parts[0] == _DEFAULT_SCHEMA:
        parts = parts[1:]
    return tuple(parts)


def _qualifiers(parts: tuple[str, ...]) -> list[str]:
    """`db.s.t` is inside `db.s` and `db`."""
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def _names_cte(table, name: str, exp) -> bool:
    """Whether a WITH clause enclosing `table` defines a CTE called `name` (any case)."""
    node = table.parent
    while node is not None:
        # The WITH clause is `with_` in sqlglot 27 and later, `with` before.
        with_clause = node.args.get("with_") or node.args.get("with")
        if with_clause is not None and any(
            cte.alias.lower() == name for cte in with_clause.expressions
        ):
            return True
        node = node.parent
    return False
