"""What the runtime knows of a cell, and the cell's code compiled for execution."""

from __future__ import annotations

import ast
import linecache
from dataclasses import dataclass, field
from types import CodeType

from lichen.notebook.model import CellConfig, CellKind
from lichen.runtime import private

_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
_CO_COROUTINE = 0x80  # inspect.CO_COROUTINE, without importing inspect


@dataclass(frozen=True)
class CellSpec:
    id: str
    code: str
    config: CellConfig = field(default_factory=CellConfig)
    name: str = "_"
    kind: CellKind = CellKind.CELL


@dataclass(frozen=True)
class CompiledCell:
    """A cell split into its statements and its trailing expression (the cell's output)."""

    source: str
    filename: str
    body: CodeType | None  # None when the cell is only an expression (or empty)
    body_async: bool  # the body awaits: evaluating it gives a coroutine
    last: CodeType | None  # the trailing expression, None when the cell ends with a statement
    last_async: bool
    privates: frozenset[str]  # mangled private names the cell may bind


def cell_filename(notebook: str | None, cell_id: str) -> str:
    """The filename a cell's code is compiled under: stable across moves, unique per cell.

    In angle brackets, like `<stdin>`: it names no file on disk, and tools take it that way (a
    debugger accepts breakpoints mapped to it without looking for the file; see
    `lichen.kernel.debug`)."""
    return f"<{notebook or 'notebook'}#cell={cell_id}>"


def compile_cell(source: str, filename: str, cell_id: str) -> CompiledCell:
    """Compile a cell; raises SyntaxError. The source is registered with linecache so that
    tracebacks and debuggers show the cell's lines."""
    tree = ast.parse(source, filename, "exec")
    privates = frozenset()
    if private.may_have_private(source):
        privates = private.mangle(tree, private.prefix_for(cell_id))
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    body = compile(tree, filename, "exec", _FLAGS) if tree.body else None
    last_code = compile(last, filename, "eval", _FLAGS) if last is not None else None
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return CompiledCell(
        source=source,
        filename=filename,
        body=body,
        body_async=body is not None and bool(body.co_flags & _CO_COROUTINE),
        last=last_code,
        last_async=last_code is not None and bool(last_code.co_flags & _CO_COROUTINE),
        privates=privates,
    )
