"""`serialize(notebook) -> str`: untouched pieces are written as they were read, edited ones afresh.

A cell is written back verbatim while its code, name, config and kind are those it was read with
and the parameters its `def` line declares still cover the names it reads from other cells.
Otherwise it is generated in marimo's layout (two blank lines between pieces, sorted parameters
and returns, lines wrapped at 80 columns), after the same leading blank lines it had.
"""

from __future__ import annotations

from lichen.graph.analyse import analyse_cell
from lichen.notebook import codegen
from lichen.notebook.model import Cell, CellKind, Notebook
from lichen.notebook.reader import cell_key, preamble_key

# Names defined by these kinds are module globals when the file runs as a script, so cells read
# them directly instead of taking them as parameters.
_GLOBAL_KINDS = (CellKind.SETUP, CellKind.FUNCTION, CellKind.CLASS)
_PIECE_LEAD = "\n\n"


def serialize(notebook: Notebook) -> str:
    out = _Output(notebook.newline)
    out.verbatim(notebook.header)
    _write_preamble(notebook, out)
    for index, (cell, (params, returns)) in enumerate(zip(notebook.cells, signatures(notebook.cells))):
        source = cell.source
        if source is not None and source.key == cell_key(cell, source.key[-1]):
            if _covers(source.key[-1], params, cell):
                out.verbatim(source.lead + source.text)
                continue
        lead = source.lead if source else _fresh_lead(cell, index)
        out.generated(lead, codegen.cell_text(cell, params, returns))
    if notebook.trailer is not None:
        out.verbatim(notebook.trailer.lead + notebook.trailer.text)
    else:
        out.generated(_PIECE_LEAD, codegen.GUARD)
    return out.text()


def _fresh_lead(cell: Cell, index: int) -> str:
    # marimo puts the setup block one blank line below `app = ...`, everything else two.
    return "\n" if index == 0 and cell.kind == CellKind.SETUP else _PIECE_LEAD


def _write_preamble(notebook: Notebook, out: _Output) -> None:
    if not notebook.preamble:
        out.generated("", codegen.preamble_text(notebook))
        return
    for part in notebook.preamble:
        kind = part.key[0]
        if part.key == preamble_key(kind, notebook):
            out.verbatim(part.lead + part.text)
        else:
            out.generated(part.lead, codegen.preamble_part(kind, notebook))


def signatures(cells: tuple[Cell, ...]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each cell, the parameters its `def` takes and the names it returns.

    Parameters are the names a cell reads that another cell defines; returns are its own
    definitions. Both come from the analyser (`lichen.graph`, the layer the file format stands
    on), which answers each code text once per process.
    """
    facts = [
        analyse_cell(cell.code) if _has_signature(cell) or cell.kind in _GLOBAL_KINDS else None
        for cell in cells
    ]
    definers: dict[str, int] = {}
    global_names: set[str] = set()
    for index, (cell, fact) in enumerate(zip(cells, facts)):
        if fact is None:
            continue
        if cell.kind in _GLOBAL_KINDS:
            global_names.update(fact.defs)
            continue
        for name in fact.defs:
            definers[name] = definers.get(name, 0) + 1
    result = []
    for cell, fact in zip(cells, facts):
        if fact is None or not _has_signature(cell):
            result.append(((), ()))
            continue
        params = sorted(
            name for name in fact.refs - fact.sql_links
            if name in definers and name not in global_names
        )
        # Tables a SQL query creates are graph edges, not Python values to return.
        result.append((tuple(params), tuple(sorted(fact.defs - fact.sql_defs))))
    return result


def _covers(written: frozenset[str], params: tuple[str, ...], cell: Cell) -> bool:
    """Whether a `def` line declaring `written` still covers `params`. A table name only SQL
    reads is matched in any case, as SQL matches it (marimo writes `FROM MyDF` as `mydf`)."""
    missing = set(params) - written
    if not missing:
        return True
    sql_reads = analyse_cell(cell.code).sql_refs
    spelled = {name.lower() for name in written}
    return all(name in sql_reads and name.lower() in spelled for name in missing)


def _has_signature(cell: Cell) -> bool:
    return cell.kind == CellKind.CELL


class _Output:
    """Collects the file's text; generated pieces use the notebook's line ending and always start
    on a fresh line."""

    def __init__(self, newline: str) -> None:
        self._parts: list[str] = []
        self._newline = newline

    def verbatim(self, text: str) -> None:
        if text:
            self._parts.append(text)

    def generated(self, lead: str, text: str) -> None:
        if self._parts and not self._parts[-1].endswith(("\n", "\r")):
            self._parts.append(self._newline)
        body = lead + text + "\n"
        if self._newline != "\n":
            body = body.replace("\r\n", "\n").replace("\n", self._newline)
        self._parts.append(body)

    def text(self) -> str:
        return "".join(self._parts)
