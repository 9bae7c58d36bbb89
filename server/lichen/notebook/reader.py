"""`parse(text) -> Notebook`: never raises, and keeps every line of the file somewhere.

Layout of a notebook file, and where each part goes:

    header      everything before `import marimo` / `import lichen` (PEP 723 block, comments,
                docstring), verbatim
    preamble    the import, `__generated_with = ...` and `app = X.App(...)`
    cells       `with app.setup:`, `@app.cell`, `@app.function`, `@app.class_definition`,
                `app._unparsable_cell(...)`; code outside any cell becomes a cell of its own, and
                comment lines just above a cell are part of its code
    trailer     the `if __name__ == "__main__":` guard and whatever follows the last cell
"""

from __future__ import annotations

import ast
from dataclasses import replace

from lichen import __version__
from lichen.notebook import items as K
from lichen.notebook.cells import read_cell
from lichen.notebook.items import Item, app_module, find_items, is_docstring
from lichen.notebook.scan import scan
from lichen.notebook.model import (NOT_A_NOTEBOOK, STRAY_CODE, Cell, FormatProblem, Notebook,
                                   Source)
from lichen.notebook.text import split_lines

_PREAMBLE_KINDS = (K.IMPORT, K.VERSION, K.APP)


def parse(text: str) -> Notebook:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    lines = split_lines(body)
    items = scan(lines) or find_items(lines, body)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    app = next((item for item in items if item.kind == K.APP), None)
    if app is None:
        return _parse_script(bom, lines, items, newline)

    first = next(i for i, item in enumerate(items) if item.kind in _PREAMBLE_KINDS)
    header = bom + "".join(lines[: items[first].start])
    module = app_module(app.node.value)  # type: ignore[union-attr]
    notebook = Notebook(
        module=module or "lichen",
        app_config=_app_config(app.node),
        generated_with=_generated_with(items),
        header=header,
        newline=newline,
    )
    preamble: list[Source] = []
    cells: list[Cell] = []
    problems: list[FormatProblem] = []
    trailer: Source | None = None
    seen_preamble: set[str] = set()
    for index in range(first, len(items)):
        item = items[index]
        lead_start = items[index - 1].end if index > first else item.start
        lead = "".join(lines[lead_start : item.start])
        own = "".join(lines[item.start : item.end])
        if item.kind in _PREAMBLE_KINDS and item.kind not in seen_preamble:
            seen_preamble.add(item.kind)
            preamble.append(Source(lead, own, preamble_key(item.kind, notebook)))
        elif item.kind == K.GUARD and trailer is None:
            trailer = Source(lead, own)
        else:
            cells.append(_cell(lines, item, lead_start, problems))
    tail = "".join(lines[items[-1].end :])
    trailer = Source(trailer.lead, trailer.text + tail) if trailer else Source("", tail)
    return replace(
        notebook, cells=tuple(cells), preamble=tuple(preamble), trailer=trailer,
        problems=tuple(problems),
    )


def _cell(lines: list[str], item: Item, lead_start: int, problems: list[FormatProblem]) -> Cell:
    """The cell of an item, remembering the text it was read from."""
    first_text = lead_start
    while first_text < item.start and not lines[first_text].strip():
        first_text += 1
    comments = lines[first_text : item.start]
    cell = read_cell(lines, item, comments)
    if item.kind == K.STRAY:
        message = "code outside any cell: kept as a cell of its own"
        problems.append(FormatProblem(item.start + 1, message, STRAY_CODE))
    if comments:
        code_start = first_text
    else:
        code_start = item.code_start if item.code_start is not None else item.start
        while code_start < item.end - 1 and not lines[code_start].strip():
            code_start += 1
    source = Source(
        "".join(lines[lead_start:first_text]),
        "".join(lines[first_text : item.end]),
        cell_key(cell, _written_params(item)),
        code_start + 1,
    )
    return Cell(cell.code, cell.name, cell.config, cell.kind, source)


def cell_key(cell: Cell, params: frozenset[str]) -> tuple:
    return (cell.code, cell.name, cell.config, cell.kind, params)


def _written_params(item: Item) -> frozenset[str]:
    if item.params is not None:
        return item.params
    node = item.node
    if item.kind == K.CELL and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        args = node.args
        return frozenset(a.arg for a in args.posonlyargs + args.args + args.kwonlyargs)
    return frozenset()


def preamble_key(kind: str, notebook: Notebook) -> tuple:
    if kind == K.IMPORT:
        return (kind, notebook.module)
    if kind == K.VERSION:
        return (kind, notebook.generated_with)
    return (kind, notebook.module, repr(sorted(notebook.app_config.items())))


def _app_config(node: ast.stmt | None) -> dict:
    config: dict = {}
    call = getattr(node, "value", None)
    for keyword in getattr(call, "keywords", ()):
        if keyword.arg is None:
            continue
        try:
            config[keyword.arg] = ast.literal_eval(keyword.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
    return config


def _generated_with(items: list[Item]) -> str | None:
    for item in items:
        if item.kind == K.VERSION:
            value = getattr(item.node, "value", None)
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
    return None


def _parse_script(bom: str, lines: list[str], items: list[Item], newline: str) -> Notebook:
    """A file without `app = marimo.App()`: its leading comments and docstring are the header,
    the rest becomes cells, and writing it gives it the notebook preamble."""
    problems = [
        FormatProblem(1, "no `app = marimo.App()` or `app = lichen.App()`: not a notebook file",
                      NOT_A_NOTEBOOK)
    ]
    first = 0
    if items and items[0].kind == K.STRAY and is_docstring(items[0].node):
        first = 1
    header_end = items[first].start if first < len(items) else len(lines)
    if first == 1:
        header_end = items[0].end
        items = items[1:]
    header = bom + "".join(lines[:header_end])
    cells = []
    previous_end = header_end
    for item in items:
        cells.append(_cell(lines, item, previous_end, []))
        previous_end = item.end
    tail = lines[previous_end:] if items else []
    if any(line.strip() for line in tail):
        # Comments after the last statement: a cell of their own rather than lost.
        cells.append(_cell(lines, Item(K.STRAY, len(lines), len(lines)), previous_end, []))
    # Nothing of a script is in notebook form yet: every cell is written afresh.
    cells = [replace(cell, source=None) for cell in cells]
    if not items:
        header = bom + "".join(lines)
    return Notebook(
        cells=tuple(cells),
        header=header,
        generated_with=__version__,
        newline=newline,
        problems=tuple(problems),
    )
