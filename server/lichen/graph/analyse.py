"""Per-cell static analysis: the globals a cell defines and reads, and its problems.

The analyser works in two passes, like CPython's symtable:

1. Collect (`lichen.graph.collect`): one walk over the cell's syntax tree, in evaluation order,
   records for each scope (module, function, lambda, comprehension, class, annotation) the names
   it binds, deletes and reads, and its `global`/`nonlocal` declarations.
2. Resolve (`lichen.graph.scope`): every name is resolved to local, free or global, and the
   globals the cell binds and reads are collected.

Then the notebook's rules apply (this module): names private to the cell (`is_private`) are
dropped, builtins are never refs, and a name the cell both defines and reads is a def only,
unless the cell's own statements read it before binding it (`x = x + 1`, `print(x)` then
`x = 1`: marimo's rule, `lichen.graph.scope`), when it is both. SQL queries in
`mo.sql(...)`-style calls add the tables they read and create (`lichen.graph.sql`).

Where marimo defines a rule Python does not have, Lichen follows marimo:
- the name of `except E as e` at the top level is not a def (Python unbinds it after the
  handler);
- `del x` at the top level of a cell that does not bind `x` reads `x` (it removes another
  cell's variable);
- an annotation without a value (`x: int`) defines `x`;
- a method, a comprehension or a nested class that reads a name its class binds does not read
  the global of that name (Python's scoping says it does);
- a name the cell's own statements read before binding it is both a def and a ref (so another
  cell defining it is a multiple definition, as in marimo).
Elsewhere Lichen follows Python, as marimo does: `__x` inside a class is the private
`_Class__x`; `__class__` in a method is no global; a function's own locals are never refs
(`print(x); x = 1` in a body, `del x`, `except ... as x`).

Each code text is parsed and analysed once per process: `analyse_cell` remembers its answers (the
facts are immutable), and a reader that has already parsed a cell's code hands its tree over with
`keep_tree`, so opening a notebook parses each cell once, and a graph, the file writer and the
diagnostics of the same code share one analysis. The analyser hands the tree on in turn, for the
language layer's scopes (`take_tree`).
"""

from __future__ import annotations

import ast
import builtins
import functools
from dataclasses import dataclass

from lichen.graph import scope as sc
from lichen.graph import sql
from lichen.graph.collect import Collector

_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class Problem:
    kind: str  # "syntax" | "import-star"
    message: str  # one line: what is wrong and what to do
    line: int  # 1-based, within the cell's code
    column: int  # 1-based


@dataclass(frozen=True)
class CellFacts:
    defs: frozenset[str]  # globals the cell defines (private `_x` names excluded)
    refs: frozenset[str]  # globals the cell reads and does not define (builtins excluded)
    problems: tuple[Problem, ...]
    # The defs that exist only as SQL tables (`CREATE TABLE t`), not as Python variables: they
    # are graph edges but do not belong in a cell function's `return` tuple.
    sql_defs: frozenset[str] = frozenset()
    # The refs that only SQL reads (`FROM t`, `FROM db.s.t`): perhaps the database's, not a
    # variable; a file's parameter list names them in any case.
    sql_refs: frozenset[str] = frozenset()
    # Those of them that are database objects (`db`, `db.s.t`): graph edges, never parameters.
    sql_links: frozenset[str] = frozenset()


def is_private(name: str) -> bool:
    """Whether `name` is private to its cell: never a def, never a ref.

    marimo's rule: one leading underscore (`_x`, `_`) or exactly `__`. Names with two leading
    underscores (`__x`) and dunders (`__all__`) are ordinary globals.
    """
    return name[:1] == "_" and (name[1:2] != "_" or name == "__")


# Trees handed over by a reader, until their code is analysed; at most this much code is kept.
_KEPT_LIMIT = 4_000_000  # characters
_kept: dict[str, ast.Module] = {}
_kept_size = 0


def keep_tree(code: str, tree: ast.Module) -> None:
    """Give the analyser `tree`, what `ast.parse(code)` returned, so that analysing `code` does
    not parse it again. The tree is used once and must not be changed meanwhile."""
    global _kept_size
    if code in _kept or len(code) > _KEPT_LIMIT:
        return
    while _kept and _kept_size + len(code) > _KEPT_LIMIT:  # the oldest go first
        _kept_size -= len(_kept.pop(next(iter(_kept))))
    _kept[code] = tree
    _kept_size += len(code)


def take_tree(code: str) -> ast.Module | None:
    """The tree kept for `code`, if any, which is then no longer kept: parse it when None."""
    global _kept_size
    tree = _kept.pop(code, None)
    if tree is not None:
        _kept_size -= len(code)
    return tree


@functools.lru_cache(maxsize=32_768)
def analyse_cell(code: str) -> CellFacts:
    """The defs, refs and problems of one cell's code. Never raises."""
    tree = take_tree(code)
    if tree is None:
        try:
            tree = ast.parse(code)
        except SyntaxError as error:
            return CellFacts(frozenset(), frozenset(), (_syntax_problem(error, code),))
        except (RecursionError, MemoryError):  # the parser's own limits
            return CellFacts(frozenset(), frozenset(), (_too_deep(),))
        except (ValueError, OverflowError) as error:
            return CellFacts(frozenset(), frozenset(), (_problem_at_start(error),))
    collector = Collector()
    try:
        collector.walk_body(tree.body)
    except RecursionError:
        return CellFacts(frozenset(), frozenset(), (_too_deep(),))
    keep_tree(code, tree)  # unchanged by the walk: the language layer's scopes take it next
    found = sc.resolve(collector.module)
    error = collector.error or _unbound_nonlocal(found)
    if error is not None:
        return CellFacts(frozenset(), frozenset(), (_compile_problem(*error, code),))
    bound, read = found.bound, found.read
    sql_defs = sql_reads = sql_links = frozenset()
    if collector.queries:
        tables = _sql_tables(collector.queries)
        sql_defs = tables.creates - bound
        sql_links = tables.links - read
        sql_reads = (tables.reads - read) | sql_links
        bound, read = bound | tables.creates, read | tables.reads | tables.links
    defs = frozenset(name for name in bound if not is_private(name))
    refs = frozenset(
        name
        for name in read | found.read_first
        if (name not in bound or name in found.read_first)
        and name not in _BUILTINS and not is_private(name)
    )
    problems = tuple(_import_star_problem(node, code) for node in collector.star_imports)
    return CellFacts(defs, refs, problems, sql_defs & defs, sql_reads & refs, sql_links & refs)


def _sql_tables(queries: list[str]) -> sql.Tables:
    found = [sql.tables(query) for query in queries]
    creates = frozenset().union(*(tables.creates for tables in found))
    return sql.Tables(
        frozenset(name for tables in found for name in tables.reads if name.lower() not in creates),
        creates,
        frozenset().union(*(tables.links for tables in found)) - creates,
    )


# --- problems -------------------------------------------------------------------------------


def _syntax_problem(error: SyntaxError, code: str) -> Problem:
    line = error.lineno or 1
    column = error.offset or 1
    message = (error.msg or "invalid syntax").splitlines()[0]
    return Problem("syntax", f"SyntaxError: {message}; fix the code to run the cell", line, column)


def _unbound_nonlocal(found: sc.Globals) -> tuple[str, ast.AST] | None:
    if not found.unbound_nonlocals:
        return None
    name, statement = found.unbound_nonlocals[0]
    return f"no binding for nonlocal '{name}' found", statement


def _compile_problem(message: str, node: ast.AST, code: str) -> Problem:
    """A SyntaxError the compiler would raise (`ast.parse` accepts the code)."""
    hint = _HINTS.get(message.partition(" ")[0], "fix the code to run the cell")
    column = _column(code, node.lineno, node.col_offset)
    return Problem("syntax", f"SyntaxError: {message}; {hint}", node.lineno, column)


_HINTS = {
    "'return'": "a cell is not a function: end it with the expression to show instead",
    "'yield'": "move the loop into a generator function",
    "'await'": "make the enclosing function `async def`",
}


def _problem_at_start(error: BaseException) -> Problem:
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    return Problem("syntax", f"{message}; fix the code to run the cell", 1, 1)


def _too_deep() -> Problem:
    return Problem("syntax", "the code is nested too deeply for Python; split the expression", 1, 1)


def _import_star_problem(node: ast.ImportFrom, code: str) -> Problem:
    module = "." * node.level + (node.module or "")
    return Problem(
        "import-star",
        f"`from {module} import *` hides the names it defines; "
        f"import them by name or use `import {module or 'module'}`",
        node.lineno,
        _column(code, node.lineno, node.col_offset),
    )


def _column(code: str, line: int, byte_offset: int) -> int:
    """The 1-based character column of a UTF-8 byte offset on a 1-based line."""
    # Python ends lines at \n, \r\n and \r only (str.splitlines also splits at \f, \x1c, ...).
    lines = code.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not 0 < line <= len(lines):
        return byte_offset + 1
    prefix = lines[line - 1].encode("utf-8")[:byte_offset]
    return len(prefix.decode("utf-8", errors="replace")) + 1
