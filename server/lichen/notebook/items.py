"""Splitting a notebook file into top-level items: the pieces the reader turns into cells.

An item is a run of whole lines holding one top-level statement of the notebook format (the
`import`, `__generated_with`, `app = ...`, a cell, the `__main__` guard) or a run of statements that
is none of these ("stray" code). When the file parses, `ast` gives exact spans. When it does not,
the file is cut at lines that can only start a notebook item, and each chunk is parsed on its own;
a chunk that still fails becomes a "broken" item, kept whole.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from lichen.notebook.model import Cell
from lichen.notebook.syntax import parse_python
from lichen.notebook.text import strip_newline

# Kinds of item.
IMPORT, VERSION, APP, SETUP, CELL, FUNCTION, CLASS, UNPARSABLE, GUARD, STRAY, BROKEN = (
    "import version app setup cell function class unparsable guard stray broken".split()
)

NOTEBOOK_MODULES = ("marimo", "lichen")

# Lines that can only begin a notebook item; used to cut a file that does not parse.
_ITEM_START = re.compile(
    r"(@app\.(cell|function|class_definition)\b"
    r"|app\._unparsable_cell\("
    r"|(async\s+)?with\s+app\.setup\b"
    r"|if\s+__name__\s*=="
    r"|import\s+(marimo|lichen)\s*(#.*)?$"
    r"|__generated_with\s*="
    r"|app\s*=\s*\w+\.App\()"
)


@dataclass
class Item:
    kind: str
    start: int  # index of the first line
    end: int  # index after the last line
    node: ast.stmt | None = None
    decorator: ast.expr | None = None  # the `@app.xxx` decorator of a cell
    # Filled in by the fast path, which reads a canonical cell without an `ast` of its wrapper.
    cell: Cell | None = None
    params: frozenset[str] | None = None
    # Index of the line where the cell's code begins (before blank lines are dropped); set by
    # whoever reads the cell, for error positions in the file.
    code_start: int | None = None


def find_items(lines: list[str], text: str) -> list[Item]:
    try:
        tree = parse_python(text)
    except SyntaxError:
        return _items_of_unparsable_file(lines)
    return items_of_statements(lines, tree.body, 0, len(lines))


def items_of_statements(lines: list[str], body: list[ast.stmt], lo: int, hi: int) -> list[Item]:
    items: list[Item] = []
    for node in body:
        kind, decorator = classify(node)
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())]) - 1
        end = node.end_lineno or node.lineno
        if items and start < items[-1].end:
            # Two statements share a line (`a = 1; b = 2`): one stray item.
            items[-1] = Item(STRAY, items[-1].start, max(end, items[-1].end))
            continue
        if (
            kind == STRAY
            and items
            and items[-1].kind == STRAY
            and not is_docstring(items[-1].node)
            and _only_blank_or_comments(lines, items[-1].end, start)
        ):
            items[-1].end = end
            continue
        items.append(Item(kind, start, end, node, decorator))
    _absorb_indented_tails(lines, items, hi)
    return items


def is_docstring(node: ast.stmt | None) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _only_blank_or_comments(lines: list[str], lo: int, hi: int) -> bool:
    return all(not lines[i].strip() or lines[i].lstrip().startswith("#") for i in range(lo, hi))


def _absorb_indented_tails(lines: list[str], items: list[Item], hi: int) -> None:
    """Indented lines after a compound statement (comments after a cell's `return`) belong to it."""
    for index, item in enumerate(items):
        limit = items[index + 1].start if index + 1 < len(items) else hi
        end = item.end
        for i in range(item.end, limit):
            line = strip_newline(lines[i])
            if not line.strip():
                continue
            if line[0] in " \t":
                end = i + 1
            else:
                break
        item.end = end


def classify(node: ast.stmt) -> tuple[str, ast.expr | None]:
    if isinstance(node, ast.Import):
        if len(node.names) == 1 and node.names[0].asname is None:
            if node.names[0].name in NOTEBOOK_MODULES:
                return IMPORT, None
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Name):
            if target.id == "__generated_with":
                return VERSION, None
            if target.id == "app" and app_module(node.value) is not None:
                return APP, None
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        if len(node.items) == 1 and _is_app_attribute(node.items[0].context_expr, "setup"):
            return SETUP, None
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        if node.decorator_list:
            first = node.decorator_list[0]
            wanted = (
                {"class_definition": CLASS}
                if isinstance(node, ast.ClassDef)
                else {"cell": CELL, "function": FUNCTION}
            )
            for attribute, kind in wanted.items():
                if _is_app_attribute(first, attribute):
                    return kind, first
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        call = node.value
        if _is_app_attribute(call.func, "_unparsable_cell", call_allowed=False):
            if call.args and isinstance(call.args[0], ast.Constant):
                if isinstance(call.args[0].value, str):
                    return UNPARSABLE, None
    elif isinstance(node, ast.If) and _is_main_guard(node.test):
        return GUARD, None
    return STRAY, None


def app_module(value: ast.expr) -> str | None:
    """`marimo` for `marimo.App(...)`, `lichen` for `lichen.App(...)`, else None."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        func = value.func
        if func.attr == "App" and isinstance(func.value, ast.Name):
            if func.value.id in NOTEBOOK_MODULES:
                return func.value.id
    return None


def _is_app_attribute(expr: ast.expr, attribute: str, call_allowed: bool = True) -> bool:
    if call_allowed and isinstance(expr, ast.Call):
        expr = expr.func
    return (
        isinstance(expr, ast.Attribute)
        and expr.attr == attribute
        and isinstance(expr.value, ast.Name)
        and expr.value.id == "app"
    )


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _items_of_unparsable_file(lines: list[str]) -> list[Item]:
    """Cut at lines that start notebook items, then parse each chunk on its own."""
    starts = item_starts(lines)
    bounds = ([0] if not starts or starts[0] != 0 else []) + starts + [len(lines)]
    items: list[Item] = []
    for lo, hi in zip(bounds, bounds[1:]):
        items.extend(_items_of_chunk(lines, lo, hi))
    return items


def item_starts(lines: list[str]) -> list[int]:
    """Indices of the lines that can only begin a notebook item."""
    return [i for i, line in enumerate(lines) if line[:1] in "@aiw_" and _ITEM_START.match(line)]


def _items_of_chunk(lines: list[str], lo: int, hi: int) -> list[Item]:
    chunk = "".join(lines[lo:hi])
    try:
        tree = parse_python(chunk)
    except SyntaxError:
        end = _last_non_blank(lines, lo, hi)
        return [Item(BROKEN, lo, end)] if end > lo else []
    ast.increment_lineno(tree, lo)
    return items_of_statements(lines, tree.body, lo, hi)


def _last_non_blank(lines: list[str], lo: int, hi: int) -> int:
    end = hi
    while end > lo and not lines[end - 1].strip():
        end -= 1
    return end
