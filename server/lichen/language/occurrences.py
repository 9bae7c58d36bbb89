"""Where a cell's code mentions one of its globals, scope by scope (the standard library, on the
tree the analyser hands on).

A notebook global is renamed, highlighted and listed as a reference wherever a cell reads or
binds it *as a global*: a local variable or parameter of the same spelling in a function, a
class attribute assigned in a class body, a comprehension's target are other variables and stay
untouched. Which scope a mention belongs to is CPython's own answer: `symtable` resolves every
scope of the cell, and the walk below only pairs each scope-making node of the syntax tree with
its table (by kind, name and line, in order) and evaluates each part of a node in the scope
Python evaluates it in (decorators, defaults, annotations, bases and a comprehension's first
iterable in the enclosing scope; bodies in their own).

Positions are 0-based lines and 0-based columns in code points; every position is checked
against the text, so a mention the tree places wrongly is dropped, never edited.
"""

from __future__ import annotations

import ast
import keyword
import re
import symtable
from dataclasses import dataclass
from functools import lru_cache

from lichen.graph.analyse import take_tree
from lichen.language.text import word_at


@dataclass(frozen=True)
class Mention:
    line: int  # 0-based, within the cell
    column: int  # 0-based, code points
    binding: bool  # the mention binds the name (assignment, def, import, del)
    imported: bool = False  # bound by an import


@dataclass(frozen=True)
class CellScopes:
    """A cell's syntax tree with its symbol tables, parsed once per code."""

    tree: ast.Module
    table: symtable.SymbolTable
    lines: tuple[str, ...]


@lru_cache(maxsize=4096)
def scopes_of(code: str) -> CellScopes | None:
    """The cell's tree and tables, or None when it does not compile."""
    try:
        tree = take_tree(code) or ast.parse(code)
        table = symtable.symtable(code, "<cell>", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    return CellScopes(tree, table, tuple(code.splitlines()))


def global_mentions(code: str, name: str) -> tuple[Mention, ...]:
    """Every place the cell's code reads or binds `name` as a global, in text order."""
    scopes = scopes_of(code)
    if scopes is None or name not in code:
        return ()
    walk = _Walk(scopes, name)
    try:
        walk.body(scopes.tree.body, scopes.table)
    except RecursionError:
        return ()
    return tuple(sorted(set(walk.found), key=lambda m: (m.line, m.column)))


def name_at(code: str, line: int, column: int) -> tuple[str, bool] | None:
    """The identifier at (`line`, `column` in code points) of the cell, not a keyword, and
    whether this mention of it is a global's; None where no name is."""
    lines = code.split("\n")
    word = word_at(lines[line], column) if 0 <= line < len(lines) else None
    if word is None or keyword.iskeyword(word[0]):
        return None
    name, start = word
    return name, any(m.line == line and m.column == start for m in global_mentions(code, name))


def local_in_mentioning_scope(code: str, old: str, new: str) -> bool:
    """Whether some scope that mentions global `old` binds `new` locally (renaming `old` to
    `new` there would make the mention a local variable)."""
    scopes = scopes_of(code)
    if scopes is None:
        return False
    return _captures(scopes.table, old, new)


def _captures(table: symtable.SymbolTable, old: str, new: str) -> bool:
    if table.get_type() != "module":
        try:
            mentions_old = table.lookup(old).is_global()
        except KeyError:
            mentions_old = False
        if mentions_old:
            try:
                if not table.lookup(new).is_global():
                    return True
            except KeyError:
                pass
    return any(_captures(child, old, new) for child in table.get_children())


_COMPREHENSIONS = {ast.ListComp: "listcomp", ast.SetComp: "setcomp", ast.DictComp: "dictcomp",
                   ast.GeneratorExp: "genexpr"}


class _Walk:
    """One walk of a cell's tree for one name, each node in the table of its scope."""

    def __init__(self, scopes: CellScopes, name: str) -> None:
        self.lines = scopes.lines
        self.name = name
        self.found: list[Mention] = []
        self.children: dict[int, dict[tuple[str, int], list[symtable.SymbolTable]]] = {}
        self.shadowing = 0  # inlined comprehensions (3.12+) being walked that bind the name

    # -- scopes -----------------------------------------------------------------------------

    def is_global(self, table: symtable.SymbolTable) -> bool:
        if self.shadowing:
            return False
        if table.get_type() == "module":
            return True
        try:
            return table.lookup(self.name).is_global()
        except KeyError:
            return False

    def child(self, table: symtable.SymbolTable, name: str, line: int) -> symtable.SymbolTable:
        """The next unclaimed table of `table` for a scope called `name` starting on `line`;
        the enclosing table itself when none matches (annotation scopes of newer Pythons)."""
        index = self.children.get(id(table))
        if index is None:
            index = {}
            for sub in table.get_children():
                index.setdefault((sub.get_name(), sub.get_lineno()), []).append(sub)
            self.children[id(table)] = index
        found = index.get((name, line))
        if not found:
            return table
        chosen = found.pop(0)
        if chosen.get_type() not in ("function", "class"):  # a type-parameter scope around it
            return next(iter(chosen.get_children()), chosen)
        return chosen

    # -- walking ----------------------------------------------------------------------------

    def body(self, nodes, table) -> None:
        for node in nodes:
            self.node(node, table)

    def node(self, node: ast.AST, table) -> None:
        kind = type(node)
        if kind is ast.Name:
            if node.id == self.name and self.is_global(table):
                self.add(node.lineno, node.col_offset, not isinstance(node.ctx, ast.Load))
            return
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef):
            self.function(node, table)
        elif kind is ast.ClassDef:
            self.klass(node, table)
        elif kind is ast.Lambda:
            self.args_defaults(node.args, table)
            self.node(node.body, self.child(table, "lambda", node.lineno))
        elif kind in _COMPREHENSIONS:
            self.comprehension(node, table)
        elif kind in (ast.Import, ast.ImportFrom):
            self.imports(node, table)
        elif kind in (ast.Global, ast.Nonlocal):
            if kind is ast.Global and self.name in node.names:
                self.add_word(node.lineno, node.col_offset, binding=False)
        elif kind is ast.ExceptHandler and node.name == self.name and self.is_global(table):
            self.add_word(node.lineno, node.col_offset, binding=True, after="as")
            self.generic(node, table)
        else:
            self.generic(node, table)

    def generic(self, node: ast.AST, table) -> None:
        for child in ast.iter_child_nodes(node):
            self.node(child, table)

    def function(self, node, table) -> None:
        self.body(node.decorator_list, table)
        self.args_defaults(node.args, table)
        for arg in _all_args(node.args):
            if arg.annotation is not None:
                self.node(arg.annotation, table)
        if node.returns is not None:
            self.node(node.returns, table)
        if node.name == self.name and self.is_global(table):
            self.add_word(node.lineno, node.col_offset, binding=True, after="def")
        self.body(node.body, self.child(table, node.name, node.lineno))

    def args_defaults(self, args: ast.arguments, table) -> None:
        self.body([d for d in args.defaults + args.kw_defaults if d is not None], table)

    def klass(self, node: ast.ClassDef, table) -> None:
        self.body(node.decorator_list, table)
        self.body(node.bases, table)
        self.body([k.value for k in node.keywords], table)
        if node.name == self.name and self.is_global(table):
            self.add_word(node.lineno, node.col_offset, binding=True, after="class")
        self.body(node.body, self.child(table, node.name, node.lineno))

    def comprehension(self, node, table) -> None:
        first, *rest = node.generators
        self.node(first.iter, table)
        inner = self.child(table, _COMPREHENSIONS[type(node)], node.lineno)
        # Python 3.12 inlines list, set and dict comprehensions (PEP 709): they have no table of
        # their own, so a target of the same spelling hides the global from here on.
        shadows = inner is table and self.name in _comprehension_targets(node)
        self.shadowing += shadows
        self.node(first.target, inner)
        self.body(first.ifs, inner)
        for gen in rest:
            self.generic(gen, inner)
        parts = (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,)
        self.body(parts, inner)
        self.shadowing -= shadows

    def imports(self, node, table) -> None:
        if not self.is_global(table):
            return
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            if bound != self.name:
                continue
            line = getattr(alias, "lineno", node.lineno)
            if alias.asname is not None:
                self.add_word(line, getattr(alias, "col_offset", node.col_offset),
                              binding=True, after="as", imported=True)
            else:
                self.add(line, getattr(alias, "col_offset", node.col_offset), True, True,
                         search=True)

    # -- recording --------------------------------------------------------------------------

    def add(self, line: int, byte_col: int, binding: bool, imported: bool = False,
            search: bool = False) -> None:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        column = len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))
        if search and text[column:column + len(self.name)] != self.name:
            self.add_word(line, byte_col, binding, imported=imported)
            return
        if _is_word_at(text, column, self.name):
            self.found.append(Mention(line - 1, column, binding, imported))

    def add_word(self, line: int, byte_col: int, binding: bool, after: str = "",
                 imported: bool = False) -> None:
        """The name as a whole word on `line` from the node's start (after `after` if given)."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        start = len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))
        lead = rf"\b{after}\s+" if after else ""
        match = re.compile(lead + rf"(?<![\w.])({re.escape(self.name)})\b").search(text, start)
        if match:
            self.found.append(Mention(line - 1, match.start(1), binding, imported))


def _comprehension_targets(node) -> set[str]:
    return {n.id for gen in node.generators for n in ast.walk(gen.target)
            if isinstance(n, ast.Name)}


def _all_args(args: ast.arguments) -> list[ast.arg]:
    found = args.posonlyargs + args.args + args.kwonlyargs
    return found + [a for a in (args.vararg, args.kwarg) if a is not None]


def _is_word_at(text: str, column: int, name: str) -> bool:
    if text[column:column + len(name)] != name:
        return False
    end = column + len(name)
    return (column == 0 or not (text[column - 1].isalnum() or text[column - 1] == "_")) and (
        end == len(text) or not (text[end].isalnum() or text[end] == "_"))
