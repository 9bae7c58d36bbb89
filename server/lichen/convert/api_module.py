"""Switching a notebook between the `lichen` and `marimo` headers, and the API its cells call.

marimo opens only files that import marimo and call `marimo.App()`; Lichen opens both. The header
decides which API cells use: `import lichen` / `lichen.md(...)` under the lichen header,
`import marimo as mo` / `mo.md(...)` under marimo's. `with_module` rewrites the imports of the
other API and every use of the name they bound; cells that do not use it keep their code.
"""

from __future__ import annotations

import ast
from dataclasses import replace

from lichen.convert import renames
from lichen.convert.markdown_cells import api_name
from lichen.notebook import Notebook

MODULES = ("lichen", "marimo")


def with_module(notebook: Notebook, module: str) -> Notebook:
    if module not in MODULES:
        raise ValueError(f"module is one of {MODULES}, not {module!r}")
    other = "marimo" if module == "lichen" else "lichen"
    uses = any(api_name(other) in _usual_imports(cell.code, other) for cell in notebook.cells)
    cells = tuple(
        cell.with_code(code) if (code := api_code(cell.code, other, module, uses)) != cell.code
        else cell
        for cell in notebook.cells
    )
    if module == notebook.module and cells == notebook.cells:
        return notebook
    return replace(notebook, module=module, cells=cells, preamble=None, trailer=None)


def _usual_imports(code: str, module: str) -> set[str]:
    if module not in code:
        return set()
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return set()
    return {alias.asname or alias.name for statement in tree.body
            if isinstance(statement, ast.Import) for alias in statement.names
            if alias.name == module}


def api_code(code: str, old: str, new: str, uses: bool = True) -> str:
    """The cell's code calling `new`'s API where it called `old`'s; `uses`: whether the notebook
    binds `old`'s usual name (`lichen`, `mo`) by importing it, so its uses are renamed too."""
    if old not in code and not (uses and api_name(old) in code):
        return code
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return code
    lines = code.split("\n")
    edits: list[renames.Edit] = []
    bound: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.name == old:
                    name = alias.asname or old
                    bound.add(name)
                    edits.append(_alias_edit(alias, new, name == api_name(old)))
        if isinstance(statement, ast.ImportFrom) and statement.module == old and not statement.level:
            edits.append(_module_edit(statement, lines, old, new))
    for name in (bound | ({api_name(old)} if uses else set())) & {api_name(old)}:
        for node, _ in renames.global_uses(tree, name):
            if isinstance(node, ast.Name):
                edits.append(renames.Edit(node.lineno, node.col_offset, node.end_col_offset or 0,
                                          api_name(new)))
    return renames.apply(code, [e for e in edits if e is not None])


def _alias_edit(alias: ast.alias, new: str, usual: bool) -> renames.Edit:
    """`import lichen` becomes `import marimo as mo`; a name of the user's own (`import lichen
    as lc`) is kept: `import marimo as lc`."""
    name = api_name(new) if usual else (alias.asname or "")
    text = new if name == new else f"{new} as {name}"
    return renames.Edit(alias.lineno, alias.col_offset, alias.end_col_offset or 0, text)


def _module_edit(statement: ast.ImportFrom, lines: list[str], old: str, new: str) -> renames.Edit | None:
    line = lines[statement.lineno - 1].encode()
    at = line.find(old.encode(), statement.col_offset + len("from"))
    if at < 0:
        return None
    return renames.Edit(statement.lineno, at, at + len(old.encode()), new)
