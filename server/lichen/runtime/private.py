"""Private names (`_x`) stay in their cell: the cell's code is rewritten to use mangled names.

A cell's module-level `_x` becomes `_cell_<id>_x` in the shared namespace, so `_x` in another cell
is a different variable, yet a function defined in the cell still finds its `_x` when it is called
later from elsewhere. Only names that resolve to the module scope are renamed; locals, parameters
(callers may pass them by keyword) and class attributes keep their names. Resolution follows
Python's rules: a function sees its own bindings, then those of enclosing functions (class bodies
are skipped), then globals; `global` forces a global, `nonlocal` an enclosing local.
"""

from __future__ import annotations

import ast
import re

_MAYBE_PRIVATE = re.compile(r"(?<![\w.])_")


def is_private(name: str) -> bool:
    """`_x` and `__` are private to their cell; dunders such as `__name__` are not."""
    return name == "__" or (name.startswith("_") and not name.startswith("__"))


def prefix_for(cell_id: str) -> str:
    """The prefix that turns a private name of `cell_id` into its namespace key."""
    return "_cell_" + re.sub(r"\W", "_", cell_id)


def demangle(text: str, prefix: str) -> str:
    """`text` with the cell's mangled names shown as the user wrote them."""
    return text.replace(prefix + "_", "_") if prefix in text else text


def may_have_private(code: str) -> bool:
    """A cheap pre-check: False means the code certainly has no private name to rename."""
    return _MAYBE_PRIVATE.search(code) is not None


def mangle(tree: ast.Module, prefix: str) -> frozenset[str]:
    """Rename, in place, the private names of `tree` that live in the module namespace.

    Returns the mangled names the cell may bind there (what to scrub before it runs again).
    """
    renamer = _Renamer(prefix)
    renamer.visit_body(tree.body, _Scope("module", frozenset(), frozenset(), None))
    return frozenset(renamer.renamed)


class _Scope:
    __slots__ = ("kind", "bound", "declared_global", "parent")

    def __init__(self, kind, bound, declared_global, parent):
        self.kind = kind  # "module" | "function" | "class" | "comprehension"
        self.bound = bound
        self.declared_global = declared_global
        self.parent = parent

    def resolves_global(self, name: str) -> bool:
        scope, first = self, True
        while scope.kind != "module":
            if name in scope.declared_global:
                return True
            # A class body's names are invisible to the functions nested in it.
            if name in scope.bound and (first or scope.kind != "class"):
                return False
            scope, first = scope.parent, False
        return True


class _Renamer(ast.NodeVisitor):
    def __init__(self, prefix: str):
        self.prefix = prefix
        self.scope: _Scope
        self.renamed: set[str] = set()

    def target(self, name: str) -> str:
        if not is_private(name) or not self.scope.resolves_global(name):
            return name
        mangled = self.prefix + name
        self.renamed.add(mangled)
        return mangled

    def visit_body(self, nodes, scope: _Scope) -> None:
        outer = getattr(self, "scope", None)
        self.scope = scope
        for node in nodes:
            self.visit(node)
        if outer is not None:
            self.scope = outer

    # names ---------------------------------------------------------------------------------------

    def visit_Name(self, node: ast.Name) -> None:
        node.id = self.target(node.id)

    def visit_Global(self, node: ast.Global) -> None:
        node.names = [self.target(n) for n in node.names]

    def visit_alias(self, node: ast.alias) -> None:
        bound = node.asname or node.name
        if "." in bound:  # `import _a.b` binds `_a`; renaming it would change what is bound
            return
        new = self.target(bound)
        if new != bound:
            node.asname = new

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            node.name = self.target(node.name)
        self.generic_visit(node)

    def visit_MatchAs(self, node) -> None:
        if node.name:
            node.name = self.target(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node) -> None:
        if node.name:
            node.name = self.target(node.name)

    def visit_MatchMapping(self, node) -> None:
        if node.rest:
            node.rest = self.target(node.rest)
        self.generic_visit(node)

    # scopes --------------------------------------------------------------------------------------

    def visit_FunctionDef(self, node) -> None:
        for d in (*node.args.defaults, *node.args.kw_defaults, *node.decorator_list):
            if d is not None:
                self.visit(d)
        node.name = self.target(node.name)
        outer = self.scope
        self.scope = _type_param_scope(node, outer)  # annotations see the type parameters
        for a in _arguments(node.args):
            if a.annotation is not None:
                self.visit(a.annotation)
        if node.returns:
            self.visit(node.returns)
        bound, declared = _bindings(node.body, node.args)
        self.visit_body(node.body, _Scope("function", bound, declared, self.scope))
        self.scope = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        for d in (*node.args.defaults, *node.args.kw_defaults):
            if d is not None:
                self.visit(d)
        bound, declared = _bindings([node.body], node.args)
        self.visit_body([node.body], _Scope("function", bound, declared, self.scope))

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for d in node.decorator_list:
            self.visit(d)
        node.name = self.target(node.name)
        outer = self.scope
        self.scope = _type_param_scope(node, outer)  # bases see the type parameters
        for n in (*node.bases, *node.keywords):
            self.visit(n)
        bound, declared = _bindings(node.body, None)
        self.visit_body(node.body, _Scope("class", bound, declared, self.scope))
        self.scope = outer

    def _visit_comprehension(self, node) -> None:
        first, *rest = node.generators
        self.visit(first.iter)  # evaluated in the enclosing scope
        bound = set()
        for gen in node.generators:
            bound |= _stored_names(gen.target)
        scope = _Scope("comprehension", frozenset(bound), frozenset(), self.scope)
        parts: list[ast.AST] = [first.target, *first.ifs]
        for gen in rest:
            parts += [gen.target, gen.iter, *gen.ifs]
        parts += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        self.visit_body(parts, scope)

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _visit_comprehension


def _arguments(args: ast.arguments) -> list[ast.arg]:
    every = (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg)
    return [a for a in every if a is not None]


def _type_param_scope(node, outer: _Scope) -> _Scope:
    """Python 3.12+ `def f[T]()` / `class C[T]`: the type parameters' own scope, if any."""
    names = frozenset(p.name for p in getattr(node, "type_params", ()) or ())
    return _Scope("function", names, frozenset(), outer) if names else outer


def _bindings(body, args: ast.arguments | None) -> tuple[frozenset[str], frozenset[str]]:
    """The names a function or class body binds itself, and those it declares global."""
    collector = _BindingCollector()
    for node in body:
        collector.visit(node)
    bound = collector.bound
    if args is not None:
        bound.update(a.arg for a in _arguments(args))
    return frozenset(bound - collector.declared_global), frozenset(collector.declared_global)


def _stored_names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


class _BindingCollector(ast.NodeVisitor):
    """Binding names of one scope, not descending into nested scopes (but seeing walrus targets
    inside comprehensions, which bind in the enclosing scope)."""

    def __init__(self):
        self.bound: set[str] = set()
        self.declared_global: set[str] = set()

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            self.bound.add(node.id)

    def visit_Global(self, node: ast.Global) -> None:
        self.declared_global.update(node.names)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.bound.update(node.names)

    def visit_alias(self, node: ast.alias) -> None:
        self.bound.add((node.asname or node.name).split(".")[0])

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bound.add(node.name)
        self.generic_visit(node)

    def visit_MatchAs(self, node) -> None:
        if node.name:
            self.bound.add(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node) -> None:
        if node.name:
            self.bound.add(node.name)

    def visit_MatchMapping(self, node) -> None:
        if node.rest:
            self.bound.add(node.rest)
        self.generic_visit(node)

    def visit_FunctionDef(self, node) -> None:
        self.bound.add(node.name)  # the body is another scope

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        pass

    def _visit_comprehension(self, node) -> None:
        for n in ast.walk(node):
            if isinstance(n, ast.NamedExpr) and isinstance(n.target, ast.Name):
                self.bound.add(n.target.id)

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _visit_comprehension
