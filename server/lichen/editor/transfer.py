"""Import Notebook and Export As: a file of another format to a notebook's text, and the notebook
the editor holds (with the outputs it shows) to another format, by the same readers and writers
as `lichen convert` and `lichen export` (`lichen.convert.formats`).
"""

from __future__ import annotations

from lichen import protocol as P
from lichen.convert import ConversionError, redefinitions
from lichen.convert.formats import EXPORT_FORMATS, read_foreign, write_export
from lichen.convert.html_page import CellRun
from lichen.convert.markdown_cells import markdown_of
from lichen.editor.errors import EditorError
from lichen.editor.notebook_data import serialize_data
from lichen.notebook import parse, serialize


def import_notebook(params: P.ImportParams) -> P.ImportResult:
    name = params.fileName.replace("\\", "/").rsplit("/", 1)[-1]
    if params.module not in (None, "lichen", "marimo"):
        raise EditorError("invalidParams", f"Invalid params: module {params.module!r}")
    try:
        conversion = read_foreign(params.text, name, module=params.module,
                                  fix_redefinitions=params.fixRedefinitions)
    except ConversionError as problem:
        raise EditorError("notConvertible", f"{name}: {problem}") from None
    codes = [cell.code for cell in conversion.notebook.cells]
    redefined = tuple(r.name for r in redefinitions.find(codes))
    return P.ImportResult(serialize(conversion.notebook), conversion.notes, redefined)


def export_notebook(params: P.ExportParams) -> P.ExportResult:
    if params.format not in EXPORT_FORMATS:
        raise EditorError("invalidParams", f"Invalid params: no export format {params.format!r}")
    try:
        source = serialize_data(params.notebook)
    except (ValueError, TypeError) as problem:
        raise EditorError("invalidParams", f"Invalid params: {problem}") from None
    notebook = parse(source)
    runs = {index: _run(index, shown, cell.code)
            for index, (shown, cell) in enumerate(zip(params.outputs, notebook.cells))}
    try:
        text = write_export(notebook, params.format, source=source, runs=runs,
                            title=params.title, show_code=params.showCode)
    except ConversionError as problem:
        raise EditorError("notConvertible", f"Export as {params.format}: {problem}") from None
    return P.ExportResult(text)


def _run(index: int, shown: P.CellOutputData, code: str) -> CellRun:
    """What a cell shows in the editor as the result of a run, for the writers. A Markdown cell
    shows its text with no output (the editor renders it), so its text is the output."""
    output = dict(shown.output) if shown.output else None
    text = markdown_of(code)
    if output is None and shown.error is None and text is not None:
        output = {"text/markdown": text}
    done = P.CellDone(cell_id=str(index), run_id=0,
                      status="exception" if shown.error else "success", output=output,
                      error=shown.error)
    return CellRun(done, tuple((s.name, s.text) for s in shown.streams))
