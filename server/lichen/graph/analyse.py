"""Per-cell static analysis: the globals a cell defines and reads, and its problems.

The analyser works in two passes, like CPython's symtable:

1. Collect (this module): one walk over the cell's syntax tree, in evaluation order, records
   for each scope (module, function, lambda, comprehension, class, annotation) the names it
   binds, deletes and reads, and its `global`/`nonlocal` declarations.
2. Resolve (`lichen.graph.scope`): every name is resolved to local, free or global, and the
   globals the cell binds and reads are collected.

Then the notebook's rules apply: names private to the cell (`is_private`) are dropped, builtins
are never refs, and a name the cell both defines and reads is a def. SQL queries in
`mo.sql(...)`-style calls add the tables they read and create (`lichen.graph.sql`).

A few rules follow marimo rather than CPython, so a notebook means the same in both:
- the name of `except E as e` at the top level is not a def (Python unbinds it after the
  handler);
- `del x` at the top level of a cell that does not bind `x` reads `x` (it removes another
  cell's variable);
- an annotation without a value (`x: int`) defines `x`.
"""

from __future__ import annotations

import ast
import builtins
import sys
from dataclasses import dataclass

from lichen.graph import scope as sc
from lichen.graph import sql
from lichen.graph.scope import Scope

_BUILTINS = frozenset(dir(builtins))
_PY312 = sys.version_info >= (3, 12)


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


EMPTY = CellFacts(frozenset(), frozenset(), ())


def is_private(name: str) -> bool:
    """Whether `name` is private to its cell: never a def, never a ref.

    marimo's rule: one leading underscore (`_x`, `_`) or exactly `__`. Names with two leading
    underscores (`__x`) and dunders (`__all__`) are ordinary globals.
    """
    return name[:1] == "_" and (name[1:2] != "_" or name == "__")


def analyse_cell(code: str) -> CellFacts:
    """The defs, refs and problems of one cell's code. Never raises."""
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        return CellFacts(frozenset(), frozenset(), (_syntax_problem(error, code),))
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        return CellFacts(frozenset(), frozenset(), (_problem_at_start(error),))
    collector = _Collector()
    try:
        collector.walk_body(tree.body)
    except RecursionError:
        return CellFacts(frozenset(), frozenset(), (_too_deep(),))
    found = sc.resolve(collector.module)
    bound, read = found.bound, found.read
    sql_defs: frozenset[str] = frozenset()
    if collector.queries:
        tables = _sql_tables(collector.queries)
        sql_defs = tables.creates - bound
        bound, read = bound | tables.creates, read | tables.reads
    defs = frozenset(name for name in bound if not is_private(name))
    refs = frozenset(
        name
        for name in read
        if name not in bound and name not in _BUILTINS and not is_private(name)
    )
    problems = tuple(_import_star_problem(node, code) for node in collector.star_imports)
    return CellFacts(defs, refs, problems, sql_defs & defs)


def _sql_tables(queries: list[str]) -> sql.Tables:
    reads: set[str] = set()
    creates: set[str] = set()
    for query in queries:
        tables = sql.tables(query)
        reads |= tables.reads
        creates |= tables.creates
    return sql.Tables(frozenset(reads), frozenset(creates))


# --- problems -------------------------------------------------------------------------------


def _syntax_problem(error: SyntaxError, code: str) -> Problem:
    line = error.lineno or 1
    column = error.offset or 1
    message = (error.msg or "invalid syntax").splitlines()[0]
    return Problem("syntax", f"SyntaxError: {message}; fix the code to run the cell", line, column)


def _problem_at_start(error: BaseException) -> Problem:
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    return Problem("syntax", f"{message}; fix the code to run the cell", 1, 1)


def _too_deep() -> Problem:
    return Problem(
        "syntax", "the code is nested too deeply for Python; split the expression", 1, 1
    )


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
    lines = code.splitlines()
    if not 0 < line <= len(lines):
        return byte_offset + 1
    prefix = lines[line - 1].encode("utf-8")[:byte_offset]
    return len(prefix.decode("utf-8", errors="replace")) + 1


# --- pass one: collect ----------------------------------------------------------------------


class _Collector:
    """Walks a cell's tree once, in evaluation order, filling in a tree of `Scope`s."""

    def __init__(self) -> None:
        self.module = Scope(sc.MODULE)
        self.scope = self.module
        self.star_imports: list[ast.ImportFrom] = []
        self.queries: list[str] = []  # the SQL of `mo.sql(...)`-style calls
        # Names of `except ... as name` handlers being walked at the top level (marimo's rule).
        self.hidden: tuple[str, ...] = ()
        # Inside a class, `__x` means `_Class__x` (private name mangling); "" outside classes.
        self.mangle_as = ""

    # walking

    def walk(self, node: ast.AST) -> None:
        _DISPATCH.get(type(node), _Collector.generic)(self, node)

    def walk_body(self, nodes: list) -> None:
        dispatch, generic = _DISPATCH, _Collector.generic
        for node in nodes:
            dispatch.get(type(node), generic)(self, node)

    def walk_all(self, nodes: list) -> None:
        for node in nodes:
            if node is not None:
                self.walk(node)

    def generic(self, node: ast.AST) -> None:
        node_type = type(node)
        fields = _CHILD_FIELDS.get(node_type)
        if fields is None:
            fields = _CHILD_FIELDS[node_type] = _child_fields(node_type)
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        self.walk(item)
            elif isinstance(value, ast.AST):
                self.walk(value)

    def walk_value(self, node) -> None:
        """Nodes whose only names are in `value` (`x.attr`, `f(k=v)`, `*xs`, `await x`)."""
        value = node.value
        if value is not None:
            _DISPATCH.get(type(value), _Collector.generic)(self, value)

    def walk_elts(self, node) -> None:
        self.walk_body(node.elts)

    def walk_binop(self, node: ast.BinOp) -> None:
        self.walk(node.left)
        self.walk(node.right)

    def skip(self, node: ast.AST) -> None:
        """Nodes that hold no names (constants, operators, `pass`)."""

    def enter(self, kind: str) -> Scope:
        self.scope = self.scope.child(kind)
        return self.scope

    def leave(self, outer: Scope) -> None:
        self.scope = outer

    # names

    def mangle(self, name: str) -> str:
        if self.mangle_as and name[:2] == "__" and name[-2:] != "__":
            return self.mangle_as + name
        return name

    def bind(self, name: str) -> None:
        name = self.mangle(name)
        if name not in self.hidden:
            self.scope.bound.add(name)

    def use(self, name: str) -> None:
        name = self.mangle(name)
        if name in self.hidden:
            return
        scope = self.scope
        if scope.kind == sc.CLASS and name not in scope.bound:
            scope.used_early.add(name)
        scope.used.add(name)

    def delete(self, name: str) -> None:
        name = self.mangle(name)
        if name in self.hidden:
            return
        scope = self.scope
        if scope.kind == sc.MODULE or name in scope.declared_global:
            scope.deleted.add(name)
        else:
            scope.bound.add(name)

    def visit_Name(self, node: ast.Name) -> None:
        ctx = type(node.ctx)
        if ctx is ast.Load:
            scope = self.scope
            if self.mangle_as or self.hidden or scope.kind == sc.CLASS:
                self.use(node.id)
            else:  # the common case, inlined
                scope.used.add(node.id)
        elif ctx is ast.Store:
            self.bind(node.id)
        else:
            self.delete(node.id)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            type(func) is ast.Attribute
            and type(func.value) is ast.Name
            and (func.value.id, func.attr) in sql.SQL_CALLS
            and len(node.args) == 1
        ):
            query = _query_text(node.args[0])
            if query:
                self.queries.append(query)
        self.walk(func)
        self.walk_body(node.args)
        self.walk_body(node.keywords)

    # statements that bind

    def visit_Assign(self, node: ast.Assign) -> None:
        self.walk(node.value)
        self.walk_body(node.targets)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        # `x += 1` reads x, then binds it (which makes it local in a function).
        self.walk(node.value)
        target = node.target
        if isinstance(target, ast.Name):
            self.use(target.id)
            self.bind(target.id)
        else:
            self.walk(target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.walk(node.value)
        self.walk(node.annotation)
        self.walk(node.target)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.walk(node.iter)
        self.walk(node.target)
        self.walk_body(node.body)
        self.walk_body(node.orelse)

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.walk(item.context_expr)
            if item.optional_vars is not None:
                self.walk(item.optional_vars)
        self.walk_body(node.body)

    def visit_Try(self, node: ast.Try) -> None:
        self.walk_body(node.body)
        for handler in node.handlers:
            self.visit_ExceptHandler(handler)
        self.walk_body(node.orelse)
        self.walk_body(node.finalbody)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.walk(node.type)
        if node.name is None:
            self.walk_body(node.body)
        elif self.scope.kind == sc.MODULE:
            # Python unbinds the name when the handler ends, so at the top level it is no def.
            outer = self.hidden
            self.hidden = outer + (node.name,)
            self.walk_body(node.body)
            self.hidden = outer
        else:
            self.bind(node.name)
            self.walk_body(node.body)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            # `import a.b` binds `a`; `import a.b as c` binds `c`.
            self.bind(alias.asname or alias.name.partition(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name == "*":
                self.star_imports.append(node)
            else:
                self.bind(alias.asname or alias.name)

    def visit_Global(self, node: ast.Global) -> None:
        if self.scope.kind != sc.MODULE:
            self.scope.declared_global.update(map(self.mangle, node.names))

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.scope.declared_nonlocal.update(map(self.mangle, node.names))

    # scopes

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.walk_body(node.decorator_list)
        args = node.args
        self.walk_all(args.defaults)
        self.walk_all(args.kw_defaults)
        outer = self.scope
        if _PY312 and node.type_params:
            self.enter(sc.ANNOTATION)
            self.walk_body(node.type_params)
        self._annotations(args, node.returns)
        self.enter(sc.FUNCTION)
        self._parameters(args)
        self.walk_body(node.body)
        self.leave(outer)
        self.bind(node.name)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        args = node.args
        self.walk_all(args.defaults)
        self.walk_all(args.kw_defaults)
        outer = self.scope
        self.enter(sc.FUNCTION)
        self._parameters(args)
        self.walk(node.body)
        self.leave(outer)

    def _annotations(self, args: ast.arguments, returns: ast.expr | None) -> None:
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None and arg.annotation is not None:
                self.walk(arg.annotation)
        if returns is not None:
            self.walk(returns)

    def _parameters(self, args: ast.arguments) -> None:
        bound = self.scope.bound
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None:
                bound.add(self.mangle(arg.arg))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.walk_body(node.decorator_list)
        outer = self.scope
        if _PY312 and node.type_params:
            self.enter(sc.ANNOTATION)
            self.walk_body(node.type_params)
        self.walk_body(node.bases)
        self.walk_body(node.keywords)
        self.enter(sc.CLASS)
        outer_mangle = self.mangle_as
        self.mangle_as = _mangle_prefix(node.name)
        self.walk_body(node.body)
        self.mangle_as = outer_mangle
        self.leave(outer)
        self.bind(node.name)

    def visit_comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp) -> None:
        self._comprehension(node.generators, (node.elt,))

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node.generators, (node.key, node.value))

    def _comprehension(self, generators: list[ast.comprehension], results: tuple) -> None:
        # The first iterable is evaluated in the enclosing scope; the rest inside.
        self.walk(generators[0].iter)
        outer = self.scope
        self.enter(sc.COMPREHENSION)
        for index, generator in enumerate(generators):
            if index:
                self.walk(generator.iter)
            self.walk(generator.target)
            self.walk_body(generator.ifs)
        self.walk_body(results)
        self.leave(outer)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.walk(node.value)
        # In a comprehension, the target binds in the nearest enclosing non-comprehension scope.
        name = self.mangle(node.target.id)
        if name not in self.hidden:
            self.scope.binding_scope().bound.add(name)

    # match statements

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.pattern is not None:
            self.walk(node.pattern)
        if node.name is not None:
            self.bind(node.name)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name is not None:
            self.bind(node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.walk_body(node.keys)
        self.walk_body(node.patterns)
        if node.rest is not None:
            self.bind(node.rest)

    # PEP 695 (Python 3.12+)

    def visit_TypeAlias(self, node) -> None:
        self.walk(node.name)
        outer = self.scope
        if node.type_params:
            self.enter(sc.ANNOTATION)
            self.walk_body(node.type_params)
        self.enter(sc.ANNOTATION)  # the value is evaluated lazily, in its own scope
        self.walk(node.value)
        self.leave(outer)

    def visit_TypeVar(self, node) -> None:
        self.scope.bound.add(self.mangle(node.name))
        if node.bound is not None:
            self.walk(node.bound)
        self._type_param_default(node)

    def visit_ParamSpec(self, node) -> None:
        self.scope.bound.add(self.mangle(node.name))
        self._type_param_default(node)

    def _type_param_default(self, node) -> None:
        default = getattr(node, "default_value", None)  # Python 3.13+
        if default is not None:
            self.walk(default)


# Fields that never hold names, so the generic walk does not visit them.
_SCALAR_FIELDS = frozenset({"ctx", "id", "attr", "arg", "module", "level", "kind", "conversion",
                            "is_async", "simple", "type_comment", "tag"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(node_type: type) -> tuple[str, ...]:
    return tuple(name for name in node_type._fields if name not in _SCALAR_FIELDS)


def _query_text(node: ast.expr) -> str | None:
    """The SQL of a string or f-string argument, with placeholders for `{...}` fields."""
    if type(node) is ast.Constant:
        return node.value if isinstance(node.value, str) else None
    if type(node) is not ast.JoinedStr:
        return None
    parts = []
    for part in node.values:
        if type(part) is ast.Constant and isinstance(part.value, str):
            parts.append(part.value)
        else:
            parts.append(sql.PLACEHOLDER)
    return "".join(parts)


def _mangle_prefix(class_name: str) -> str:
    """What CPython puts before `__x` inside class `class_name` (nothing if it is all `_`)."""
    stripped = class_name.lstrip("_")
    return "_" + stripped if stripped else ""


_SKIPPED = (
    ast.Constant,
    ast.Pass,
    ast.Break,
    ast.Continue,
    ast.Load,
    ast.Store,
    ast.Del,
    *ast.operator.__subclasses__(),
    *ast.unaryop.__subclasses__(),
    *ast.cmpop.__subclasses__(),
    *ast.boolop.__subclasses__(),
)


def _dispatch_table() -> dict:
    """Node type -> handler; types without a handler are walked field by field."""
    c = _Collector
    table = {node_type: c.skip for node_type in _SKIPPED}
    table.update(
        {
            ast.Name: c.visit_Name,
            ast.Call: c.visit_Call,
            ast.Expr: c.walk_value,
            ast.Return: c.walk_value,
            ast.Attribute: c.walk_value,
            ast.keyword: c.walk_value,
            ast.Starred: c.walk_value,
            ast.Await: c.walk_value,
            ast.Tuple: c.walk_elts,
            ast.List: c.walk_elts,
            ast.Set: c.walk_elts,
            ast.BinOp: c.walk_binop,
            ast.Assign: c.visit_Assign,
            ast.AugAssign: c.visit_AugAssign,
            ast.AnnAssign: c.visit_AnnAssign,
            ast.For: c.visit_For,
            ast.AsyncFor: c.visit_For,
            ast.With: c.visit_With,
            ast.AsyncWith: c.visit_With,
            ast.Try: c.visit_Try,
            ast.ExceptHandler: c.visit_ExceptHandler,
            ast.Import: c.visit_Import,
            ast.ImportFrom: c.visit_ImportFrom,
            ast.Global: c.visit_Global,
            ast.Nonlocal: c.visit_Nonlocal,
            ast.FunctionDef: c.visit_FunctionDef,
            ast.AsyncFunctionDef: c.visit_FunctionDef,
            ast.Lambda: c.visit_Lambda,
            ast.ClassDef: c.visit_ClassDef,
            ast.ListComp: c.visit_comprehension,
            ast.SetComp: c.visit_comprehension,
            ast.GeneratorExp: c.visit_comprehension,
            ast.DictComp: c.visit_DictComp,
            ast.NamedExpr: c.visit_NamedExpr,
            ast.MatchAs: c.visit_MatchAs,
            ast.MatchStar: c.visit_MatchStar,
            ast.MatchMapping: c.visit_MatchMapping,
        }
    )
    if sys.version_info >= (3, 11):
        table[ast.TryStar] = c.visit_Try
    if _PY312:
        table[ast.TypeAlias] = c.visit_TypeAlias
        table[ast.TypeVar] = c.visit_TypeVar
        table[ast.ParamSpec] = c.visit_ParamSpec
        table[ast.TypeVarTuple] = c.visit_ParamSpec
    return table


_DISPATCH = _dispatch_table()
