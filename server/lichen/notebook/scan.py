"""A fast path for reading files in the canonical layout that marimo and Lichen write.

Building an `ast` for a whole file costs more than analysing every cell in it, mostly for the
wrappers (`@app.cell`, `def _(a, b):`, `return (c,)`). In a written file those wrappers have a
fixed shape, so they are recognised line by line and only the cell bodies are parsed. The result
is checked as it goes: any chunk that is not in the fixed shape is parsed with `ast` on its own,
and when something does not add up (a chunk or a cell body that does not parse, which is what a
cut inside a multi-line string would produce) the caller falls back to the general reader.
"""

from __future__ import annotations

import ast
import re

from lichen.graph.analyse import keep_tree
from lichen.notebook.cells import read_config
from lichen.notebook.items import CELL, STRAY, Item, item_starts, items_of_statements
from lichen.notebook.model import Cell, CellKind
from lichen.notebook.syntax import parse_python
from lichen.notebook.text import dedent, strip_newline

_DECORATOR = re.compile(r"@app\.cell(\(.*\))?[ \t]*$")
_DEF = re.compile(r"(async )?def (\w+)\(([\w, ]*)\):[ \t]*$")
_DEF_OPEN = re.compile(r"(async )?def (\w+)\($")
_WRAPPED_NAME = re.compile(r"    (\w+),$")
_RETURN = re.compile(r"    return(?: \(([\w, ]*)\))?[ \t]*$")
_BODY_INDENT = "    "


def scan(lines: list[str]) -> list[Item] | None:
    """Items of a canonical file, or None when the general reader must decide."""
    starts = item_starts(lines)
    bounds = ([0] if not starts or starts[0] != 0 else []) + starts + [len(lines)]
    items: list[Item] = []
    for lo, hi in zip(bounds, bounds[1:]):
        if lo >= hi:
            continue
        item = _scan_cell(lines, lo, hi) if lines[lo].startswith("@app.cell") else None
        if item is not None:
            items.append(item)
            continue
        try:
            tree = parse_python("".join(lines[lo:hi]))
        except SyntaxError:
            return None
        ast.increment_lineno(tree, lo)
        chunk_items = items_of_statements(lines, tree.body, lo, hi)
        if items and chunk_items and items[-1].kind == STRAY == chunk_items[0].kind:
            return None  # stray code cut in two: let the general reader join it
        items.extend(chunk_items)
    return items


def _scan_cell(lines: list[str], lo: int, hi: int) -> Item | None:
    decorator = _DECORATOR.match(strip_newline(lines[lo]))
    if decorator is None:
        return None
    config_node = None
    if decorator.group(1):
        try:
            config_node = parse_python(strip_newline(lines[lo])[1:], mode="eval").body
        except SyntaxError:
            return None
    header = _scan_header(lines, lo + 1, hi)
    if header is None:
        return None
    name, params, body_start = header
    end = hi
    while end > body_start and not lines[end - 1].strip():
        end -= 1
    returned = _scan_return(lines, body_start, end)
    if returned is None:
        return None
    body = lines[body_start:returned]
    if any(line.strip() and not line.startswith(_BODY_INDENT) for line in body):
        return None
    code = dedent(body, _BODY_INDENT)
    try:
        tree = parse_python(code)
    except SyntaxError:
        return None
    keep_tree(code, tree)  # the cell's analysis will not parse it again
    cell = Cell(code, name, read_config(config_node), CellKind.CELL)
    return Item(CELL, lo, end, cell=cell, params=params, code_start=body_start)


def _scan_header(lines: list[str], at: int, hi: int) -> tuple[str, frozenset[str], int] | None:
    if at >= hi:
        return None
    line = strip_newline(lines[at])
    single = _DEF.match(line)
    if single:
        names = [p.strip() for p in single.group(3).split(",") if p.strip()]
        return single.group(2), frozenset(names), at + 1
    wrapped = _DEF_OPEN.match(line)
    if not wrapped:
        return None
    names = []
    row = at + 1
    while row < hi and (param := _WRAPPED_NAME.match(strip_newline(lines[row]))):
        names.append(param.group(1))
        row += 1
    if row >= hi or strip_newline(lines[row]) != "):":
        return None
    return wrapped.group(2), frozenset(names), row + 1


def _scan_return(lines: list[str], body_start: int, end: int) -> int | None:
    """Index of the first line of the cell's closing `return`, which must end the chunk."""
    if end <= body_start:
        return None
    last = strip_newline(lines[end - 1])
    if _RETURN.match(last):
        return end - 1
    if last != "    )":
        return None
    row = end - 2
    while row >= body_start and re.match(r"        \w+,$", strip_newline(lines[row])):
        row -= 1
    if row >= body_start and strip_newline(lines[row]) == "    return (":
        return row
    return None
