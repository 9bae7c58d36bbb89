"""Functions notebooks call: `md`, `stop`, `cli_args`, `sql`, `state`, and the layouts.

`lichen/__init__.py` re-exports: App, md, stop, cli_args, sql (and Markdown, the type `md`
returns), state, Html, hstack, vstack, tabs, accordion, callout, and the `ui` package. They live
in `lichen.runtime` because they need the runtime (stop, cli_args, state) or shape outputs (md,
the layouts: `lichen.runtime.layout`); they are plain functions, usable outside a run too.
"""

from __future__ import annotations

import sys
from typing import Any

from lichen.runtime import control
from lichen.runtime.layout import (Html, Markdown, accordion, as_html, callout, hstack, md,
                                   tabs, vstack)
from lichen.runtime.state import state

__all__ = ["Html", "Markdown", "accordion", "as_html", "callout", "cli_args", "hstack", "md",
           "sql", "state", "stop", "tabs", "vstack"]


def stop(predicate: object, output: Any = None) -> None:
    """If `predicate` is true, end the cell here (showing `output`, if given) and skip the cells
    that depend on it, without reporting an error."""
    if predicate:
        raise control.StopCell(output)


def cli_args() -> list[str]:
    """The notebook's command-line arguments: what follows `--` in `lichen run nb.py -- ARGS` or
    `python nb.py -- ARGS`, or everything after the script in `python nb.py ARGS`."""
    return list(control.current_argv())


def sql(query: str, *, output: bool = True, engine: Any = None) -> Any:
    """Run a SQL query and return its result as a DataFrame (polars, else pandas, else the
    engine's own result). `output=False` is accepted for marimo's signature (marimo then
    draws no table; here the result shows only if it is the cell's value). With no engine, DuckDB runs it, and table names in the query may be
    the notebook's dataframes. `engine` may be a DuckDB or DB-API connection."""
    caller = sys._getframe(1)
    if engine is None:
        runner = _duckdb().sql
    elif hasattr(engine, "sql"):
        runner = engine.sql
    elif hasattr(engine, "execute"):
        return engine.execute(query).fetchall()
    else:
        raise TypeError("sql(engine=...) takes a DuckDB or DB-API connection, "
                        f"not {type(engine).__name__}")
    # DuckDB finds Python tables in the frame calling it: make the call in the caller's scope.
    scope = dict(caller.f_locals)
    scope["__lichen_sql__"], scope["__lichen_query__"] = runner, query
    result = eval("__lichen_sql__(__lichen_query__)", caller.f_globals, scope)
    return _dataframe(result)


def _duckdb():
    try:
        import duckdb
    except ImportError:
        raise ImportError("lichen.sql needs DuckDB: install it with `pip install duckdb`") from None
    return duckdb


def _dataframe(result: Any) -> Any:
    if result is None:  # statements without a result (CREATE, INSERT)
        return None
    import importlib.util

    for module, method in (("polars", "pl"), ("pandas", "df")):
        if hasattr(result, method) and importlib.util.find_spec(module) is not None:
            return getattr(result, method)()
    return result
