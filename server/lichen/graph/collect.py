"""Pass one of the analyser: one walk over a cell's syntax tree, recording facts per scope.

The walk follows evaluation order (a default before the function it belongs to, an assigned
value before its targets), which matters for two things: a class body that reads a name before
binding it reads the global, and the first compile-time error found is the one reported.

Besides names, the walk notes what `ast.parse` accepts but the compiler rejects (`return` at the
top level, `break` outside a loop, `await` in a plain function, `nonlocal` at module level): the
cell cannot run, so it is a syntax problem like any other.
"""

from __future__ import annotations

import ast
import sys

from lichen.graph import scope as sc
from lichen.graph import sql
from lichen.graph.scope import Scope

_PY312 = sys.version_info >= (3, 12)

# What the code being walked is directly inside of, for the compile-time checks. Lambdas are
# functions; top-level `await` is allowed, as in marimo (cells run as coroutines when needed).
MODULE, CLASS, FUNCTION, ASYNC_FUNCTION = "module", "class", "function", "async function"


class Collector:
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
        # For the compile-time checks: what the walk is directly inside of, and whether a
        # `break` here would leave a loop.
        self.context = MODULE
        self.in_loop = False
        self.error: tuple[str, ast.AST] | None = None  # the first compile-time error found
        # Whether a read at module scope is one of the module's own statements' (marimo's
        # read-before-bind rule, `Scope.read_first`): not in defaults, decorators, bases, ...
        self.eager = True

    # walking

    def walk(self, node: ast.AST) -> None:
        _DISPATCH.get(type(node), Collector.generic)(self, node)

    def walk_body(self, nodes: list) -> None:
        dispatch, generic = _DISPATCH, Collector.generic
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
        """Nodes whose only names are in `value` (`x.attr`, `f(k=v)`, `*xs`, a bare expression)."""
        value = node.value
        if value is not None:
            _DISPATCH.get(type(value), Collector.generic)(self, value)

    def walk_elts(self, node) -> None:
        self.walk_body(node.elts)

    def walk_binop(self, node: ast.BinOp) -> None:
        self.walk(node.left)
        self.walk(node.right)

    def skip(self, node: ast.AST) -> None:
        """Nodes that hold no names (constants, operators, `pass`)."""

    def fail(self, message: str, node: ast.AST) -> None:
        if self.error is None:
            self.error = (message, node)

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
        if scope.kind == sc.MODULE and name not in scope.bound:
            scope.read_first.add(name)
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
                if scope.kind == sc.MODULE and self.eager and node.id not in scope.bound:
                    scope.read_first.add(node.id)
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
        if type(node) is ast.AsyncFor:
            self.check_async("'async for' outside async function", node)
        if self.scope.kind == sc.MODULE:  # marimo binds the target first: `for x in x` reads no x
            self.walk(node.target)
            self.walk(node.iter)
        else:
            self.walk(node.iter)
            self.walk(node.target)
        self.loop_body(node.body)
        self.walk_body(node.orelse)  # `break` in a loop's `else` leaves the enclosing loop

    def visit_While(self, node: ast.While) -> None:
        self.walk(node.test)
        self.loop_body(node.body)
        self.walk_body(node.orelse)

    def loop_body(self, body: list) -> None:
        outer, self.in_loop = self.in_loop, True
        self.walk_body(body)
        self.in_loop = outer

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        if type(node) is ast.AsyncWith:
            self.check_async("'async with' outside async function", node)
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
        scope = self.scope
        if scope.kind != sc.MODULE:
            scope.declared_global.update(map(self.mangle, node.names))
        else:  # harmless in Python; marimo reads the name
            scope.read_first.update(n for n in node.names if n not in scope.bound)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        if self.scope.kind == sc.MODULE:
            self.fail("nonlocal declaration not allowed at module level", node)
        for name in node.names:
            self.scope.declared_nonlocal[self.mangle(name)] = node

    # compile-time checks

    def visit_Return(self, node: ast.Return) -> None:
        if self.context in (MODULE, CLASS):
            self.fail("'return' outside function", node)
        self.walk_value(node)

    def visit_Yield(self, node: ast.Yield | ast.YieldFrom) -> None:
        if self.scope.kind == sc.COMPREHENSION:
            self.fail("'yield' inside a comprehension", node)
        elif self.context in (MODULE, CLASS):
            self.fail("'yield' outside function", node)
        self.walk_value(node)

    def visit_Await(self, node: ast.Await) -> None:
        self.check_async("'await' outside async function", node)
        self.walk_value(node)

    def visit_Break(self, node: ast.Break) -> None:
        if not self.in_loop:
            self.fail("'break' outside loop", node)

    def visit_Continue(self, node: ast.Continue) -> None:
        if not self.in_loop:
            self.fail("'continue' not properly in loop", node)

    def check_async(self, message: str, node: ast.AST) -> None:
        if self.context in (FUNCTION, CLASS):
            self.fail(message, node)

    def function_body(self, context: str, body: list) -> None:
        outer = self.context, self.in_loop
        self.context, self.in_loop = context, False
        self.walk_body(body)
        self.context, self.in_loop = outer

    # scopes

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        eager, self.eager = self.eager, False
        self.walk_body(node.decorator_list)
        args = node.args
        self.walk_all(args.defaults)
        self.walk_all(args.kw_defaults)
        outer = self.scope
        if _PY312 and node.type_params:
            self.enter(sc.ANNOTATION)
            self.walk_body(node.type_params)
        self._annotations(args, node.returns)
        self.eager = eager
        self.enter(sc.FUNCTION)
        self._parameters(args)
        is_async = type(node) is ast.AsyncFunctionDef
        self.function_body(ASYNC_FUNCTION if is_async else FUNCTION, node.body)
        self.leave(outer)
        self.bind(node.name)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        args = node.args
        eager, self.eager = self.eager, False
        self.walk_all(args.defaults)
        self.walk_all(args.kw_defaults)
        self.eager = eager
        outer = self.scope
        self.enter(sc.FUNCTION)
        self._parameters(args)
        self.function_body(FUNCTION, [node.body])
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
        eager, self.eager = self.eager, False
        self.walk_body(node.decorator_list)
        outer = self.scope
        if _PY312 and node.type_params:
            self.enter(sc.ANNOTATION)
            self.walk_body(node.type_params)
        self.walk_body(node.bases)
        self.walk_body(node.keywords)
        self.eager = eager
        self.enter(sc.CLASS)
        outer_mangle = self.mangle_as
        self.mangle_as = _mangle_prefix(node.name)
        self.function_body(CLASS, node.body)
        self.mangle_as = outer_mangle
        self.leave(outer)
        self.bind(node.name)

    def visit_comprehension(self, node: ast.ListComp | ast.SetComp) -> None:
        self._comprehension(node, (node.elt,))

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, (node.key, node.value))

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> None:
        # `await` or `async for` anywhere in a generator expression makes it asynchronous.
        outer = self.context
        self.context = ASYNC_FUNCTION if outer != MODULE else MODULE
        self._comprehension(node, (node.elt,))
        self.context = outer

    def _comprehension(self, node: ast.expr, results: tuple) -> None:
        generators: list[ast.comprehension] = node.generators
        # The first iterable is evaluated in the enclosing scope; the rest inside.
        eager, self.eager = self.eager, False
        self.walk(generators[0].iter)
        self.eager = eager
        outer = self.scope
        self.enter(sc.COMPREHENSION)
        for index, generator in enumerate(generators):
            if generator.is_async:
                self.check_async("asynchronous comprehension outside async function", node)
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
        target = self.scope.binding_scope()
        if target.kind == sc.CLASS and self.scope.kind == sc.COMPREHENSION:
            message = "assignment expression within a comprehension cannot be used in a class body"
            self.fail(message, node)
        if name not in self.hidden:
            target.bound.add(name)

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
_SCALAR_FIELDS = frozenset(
    {
        "ctx",
        "id",
        "attr",
        "arg",
        "module",
        "level",
        "kind",
        "conversion",
        "is_async",
        "simple",
        "type_comment",
        "tag",
    }
)
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
    c = Collector
    table = {node_type: c.skip for node_type in _SKIPPED}
    table.update(
        {
            ast.Name: c.visit_Name,
            ast.Call: c.visit_Call,
            ast.Expr: c.walk_value,
            ast.Return: c.visit_Return,
            ast.Yield: c.visit_Yield,
            ast.YieldFrom: c.visit_Yield,
            ast.Await: c.visit_Await,
            ast.Break: c.visit_Break,
            ast.Continue: c.visit_Continue,
            ast.While: c.visit_While,
            ast.Attribute: c.walk_value,
            ast.keyword: c.walk_value,
            ast.Starred: c.walk_value,
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
            ast.GeneratorExp: c.visit_GeneratorExp,
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
