"""Renaming one global name inside a cell's code, leaving every other byte of the code as it is.

Only the global is renamed: a function, lambda, comprehension or class that binds a name of its
own of the same spelling keeps it. Positions come from `ast`; the text is edited in place, so
comments and layout survive.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(frozen=True)
class Edit:
    line: int  # 1-based
    start: int  # column offsets in UTF-8 bytes, as ast gives them
    end: int
    text: str


def global_uses(tree: ast.AST, name: str) -> list[tuple[ast.AST, bool]]:
    """Every node where the global `name` is read or bound, with True for a binding, in the
    order `ast.walk` finds them."""
    found: list[tuple[ast.AST, bool]] = []
    _visit(tree, name, found)
    return found


def _visit(node: ast.AST, name: str, found: list[tuple[ast.AST, bool]]) -> None:
    if isinstance(node, ast.Name) and node.id == name:
        found.append((node, not isinstance(node.ctx, ast.Load)))
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
        found.append((node, True))
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        found.extend((alias, True) for alias in node.names if _bound_name(alias) == name)
    if isinstance(node, _FUNCTIONS):
        for child in _function_outside(node):
            _visit(child, name, found)
        if not _binds_locally(node, name):
            for child in _function_inside(node):
                _visit(child, name, found)
        return
    if isinstance(node, _COMPREHENSIONS):
        if any(_stores(gen.target, name) for gen in node.generators):
            _visit(node.generators[0].iter, name, found)  # evaluated in the enclosing scope
            return
    for child in ast.iter_child_nodes(node):
        _visit(child, name, found)


def _bound_name(alias: ast.alias) -> str:
    return alias.asname or alias.name.split(".")[0]


def _function_outside(node: ast.AST) -> list[ast.AST]:
    """What a function's definition evaluates where it is defined: decorators, defaults,
    annotations."""
    args = node.args  # type: ignore[attr-defined]
    outside: list[ast.AST] = list(getattr(node, "decorator_list", []))
    outside += args.defaults + [d for d in args.kw_defaults if d is not None]
    returns = getattr(node, "returns", None)
    outside += [returns] if returns is not None else []
    every = args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]
    outside += [a.annotation for a in every if a is not None and a.annotation is not None]
    return outside


def _function_inside(node: ast.AST) -> list[ast.AST]:
    body = node.body  # type: ignore[attr-defined]
    return list(body) if isinstance(body, list) else [body]


def _binds_locally(node: ast.AST, name: str) -> bool:
    args = node.args  # type: ignore[attr-defined]
    every = args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]
    if any(a is not None and a.arg == name for a in every):
        return True
    declared_global = False
    stack = _function_inside(node)
    while stack:
        child = stack.pop()
        if isinstance(child, (ast.Global, ast.Nonlocal)) and name in child.names:
            declared_global = True
        if isinstance(child, ast.Name) and child.id == name and not isinstance(child.ctx, ast.Load):
            return not declared_global and not _declares_global(node, name)
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            if any(_bound_name(alias) == name for alias in child.names):
                return not _declares_global(node, name)
        if isinstance(child, (*_FUNCTIONS, ast.ClassDef, *_COMPREHENSIONS)):
            if getattr(child, "name", None) == name:
                return not _declares_global(node, name)
            continue
        stack.extend(ast.iter_child_nodes(child))
    return False


def _declares_global(node: ast.AST, name: str) -> bool:
    return any(
        isinstance(child, ast.Global) and name in child.names for child in ast.walk(node)
    )


def _stores(target: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(target))


def edit_for(node: ast.AST, lines: list[str], new: str) -> Edit | None:
    """The edit renaming the global at `node`; None where the name cannot be renamed in place
    (a dotted `import a.b` binds `a` and cannot take an `as`)."""
    if isinstance(node, ast.Name):
        return Edit(node.lineno, node.col_offset, node.end_col_offset or 0, new)
    if isinstance(node, ast.alias):
        if node.asname:
            end = node.end_col_offset or 0
            return Edit(node.end_lineno or node.lineno, end - len(node.asname.encode()), end, new)
        if "." in node.name:
            return None
        end = node.end_col_offset or 0
        return Edit(node.end_lineno or node.lineno, end, end, f" as {new}")
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        line = lines[node.lineno - 1].encode()
        keyword = b"class" if isinstance(node, ast.ClassDef) else b"def"
        at = line.find(keyword + b" ", node.col_offset)
        if at < 0:
            return None
        start = line.find(node.name.encode(), at + len(keyword))
        return Edit(node.lineno, start, start + len(node.name.encode()), new)
    return None


def apply(code: str, edits: list[Edit]) -> str:
    lines = code.split("\n")
    for edit in sorted(edits, key=lambda e: (e.line, e.start), reverse=True):
        raw = lines[edit.line - 1].encode()
        lines[edit.line - 1] = (raw[: edit.start] + edit.text.encode() + raw[edit.end :]).decode()
    return "\n".join(lines)
