"""Cells from another notebook format (Jupyter's, py:percent) made into a Lichen notebook.

The formats differ only in how they are read; what a cell becomes is decided here, once: code is
translated (`magics`), markdown becomes a markdown cell, raw text becomes comments, the API import
the markdown cells need is added, and names defined in several cells are reported or renamed
(`redefinitions`). Notes name cells by their number in the input, counting from 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from lichen.convert import magics, redefinitions
from lichen.notebook.script_block import with_dependencies
from lichen.convert.markdown_cells import api_name, import_code, markdown_code
from lichen.convert.result import Conversion
from lichen.graph import analyse_cell
from lichen.notebook import Cell, CellConfig, Notebook


@dataclass(frozen=True)
class ForeignCell:
    kind: str  # "code" | "markdown" | "raw"
    source: str
    hide_code: bool = False
    notes: tuple[str, ...] = ()  # what reading it already changed (an attachment inlined)


def assemble(cells: list[ForeignCell], *, module: str = "lichen", fix_redefinitions: bool = False,
             notes: tuple[str, ...] = ()) -> Conversion:
    all_notes = list(notes)
    packages: list[str] = []
    made: list[Cell] = []
    for number, cell in enumerate(cells, start=1):
        new, cell_notes, found = _cell(cell, module)
        made.append(new)
        packages.extend(found)
        all_notes.extend(f"cell {number}: {note}" for note in (*cell.notes, *cell_notes))
    made, import_notes = _with_api_import(made, module)
    all_notes.extend(import_notes)
    made, redefinition_notes = _redefinitions(made, fix_redefinitions)
    all_notes.extend(redefinition_notes)
    notebook = Notebook(cells=tuple(made), module=module, header=with_dependencies("", packages))
    return Conversion(notebook, tuple(all_notes))


def _cell(cell: ForeignCell, module: str) -> tuple[Cell, list[str], tuple[str, ...]]:
    if cell.kind == "markdown":
        return Cell(markdown_code(cell.source, module), config=CellConfig(hide_code=True)), [], ()
    config = CellConfig(hide_code=cell.hide_code)
    if cell.kind == "raw":
        commented = "\n".join("# " + line if line else "#" for line in cell.source.split("\n"))
        note = "raw cell kept as comments (raw cells are text that is not run)"
        return Cell(f"# raw cell:\n{commented}", config=config), [note], ()
    translated = magics.translate(cell.source, module)
    return Cell(translated.code, config=config), list(translated.notes), translated.packages


def _with_api_import(cells: list[Cell], module: str) -> tuple[list[Cell], list[str]]:
    """Markdown cells call the notebook API; a cell importing it is added when none does, last,
    so the cells keep their numbers (order does not matter to a reactive notebook)."""
    name = api_name(module)
    facts = [analyse_cell(c.code) for c in cells]
    if not any(name in f.refs for f in facts) or any(name in f.defs for f in facts):
        return cells, []
    note = f"cell {len(cells) + 1}: added `{import_code(module)}`, which the markdown cells use"
    return [*cells, Cell(import_code(module), config=CellConfig(hide_code=True))], [note]


def _redefinitions(cells: list[Cell], fix: bool) -> tuple[list[Cell], list[str]]:
    codes = [c.code for c in cells]
    found = redefinitions.find(codes)
    if not found:
        return cells, []
    if not fix:
        return cells, [
            f"`{r.name}` is defined in cells {_numbers(r.cells)}: a reactive notebook needs one "
            "defining cell per name; rename it by hand, or convert again with --fix-redefinitions"
            for r in found
        ]
    fixed = redefinitions.fix(codes)
    notes = list(fixed.notes)
    notes.extend(f"`{r.name}` is still defined in cells {_numbers(r.cells)}; rename it by hand"
                 for r in fixed.unfixed)
    return [c.with_code(code) if code != c.code else c for c, code in zip(cells, fixed.codes)], notes


def _numbers(indices: tuple[int, ...]) -> str:
    return ", ".join(str(i + 1) for i in indices)
