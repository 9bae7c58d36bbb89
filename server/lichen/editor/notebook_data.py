"""The file format's `Notebook` as the protocol's `NotebookData`, and back.

The verbatim `Source` of every piece travels as metadata the extension stores and returns, so
`to_notebook(to_data(parse(text)))` serializes to `text` again, and a cell whose code the user
changed is the only one written afresh.
"""

from __future__ import annotations

from dataclasses import replace

from lichen.notebook import Cell, CellConfig, CellKind, Notebook, Source, new_notebook, parse, serialize
from lichen.convert.marimo_md import is_md_notebook, read_md, write_md
from lichen.notebook import markdown
from lichen.notebook.model import NOT_A_NOTEBOOK
from lichen.notebook.model import FormatProblem
from lichen.protocol import (
    CellConfigData,
    CellData,
    CellKey,
    CellMetadata,
    CellSource,
    FormatProblemData,
    NotebookData,
    NotebookMetadata,
    PieceSource,
)


def parse_to_data(text: str) -> NotebookData:
    """`lichen/parse`: a file's text as the data the editor keeps; an empty file is a new
    notebook (an import cell and an empty cell). Text that is no `.py` notebook but a marimo
    markdown notebook is read as one, and keeps its whole text to be written back as markdown."""
    if text.strip() == "":
        return to_data(new_notebook())
    notebook = parse(text)
    if any(p.code == NOT_A_NOTEBOOK for p in notebook.problems) and is_md_notebook(text):
        data = to_data(read_md(text).notebook)
        return replace(data, metadata=replace(data.metadata, markdownFile=text))
    return to_data(notebook)


def serialize_data(data: NotebookData) -> str:
    """`lichen/serialize`: the editor's data as file text, rewriting only what changed. Raises
    ValueError or TypeError for data this version cannot read (e.g. an unknown cell kind)."""
    if data.metadata.markdownFile is not None:
        return _serialize_markdown_file(data, data.metadata.markdownFile)
    return serialize(to_notebook(data))


def _serialize_markdown_file(data: NotebookData, file: str) -> str:
    """A markdown notebook written back: a Markdown cell whose text is one the file had keeps
    that cell's code (its quoting), so `write_md` finds it unchanged and keeps its text."""
    document = read_md(file)
    aliases = markdown.module_aliases(cell.code for cell in document.notebook.cells)
    codes = {text: cell.code for cell in document.notebook.cells
             if (text := _markdown_text(cell, aliases)) is not None}
    notebook = to_notebook(data)
    cells = tuple(
        cell.with_code(codes[sent.markdown]) if sent.markdown in codes else cell
        for cell, sent in zip(notebook.cells, data.cells)
    )
    return write_md(replace(notebook, cells=cells), document)


def to_data(notebook: Notebook) -> NotebookData:
    metadata = NotebookMetadata(
        module=notebook.module,
        appConfig=dict(notebook.app_config),
        header=notebook.header,
        generatedWith=notebook.generated_with,
        newline=notebook.newline,
        preamble=None if notebook.preamble is None else tuple(
            _piece_data(part) for part in notebook.preamble),
        trailer=None if notebook.trailer is None else _piece_data(notebook.trailer),
    )
    aliases = markdown.module_aliases(cell.code for cell in notebook.cells)
    return NotebookData(
        cells=tuple(CellData(cell.code, cell_metadata(cell), _markdown_text(cell, aliases))
                    for cell in notebook.cells),
        metadata=metadata,
        problems=tuple(FormatProblemData(p.line, p.message, p.code) for p in notebook.problems),
    )


def to_notebook(data: NotebookData) -> Notebook:
    meta = data.metadata
    return Notebook(
        cells=with_markdown_code(data.cells, meta.module),
        app_config=dict(meta.appConfig),
        module=meta.module,
        header=meta.header,
        generated_with=meta.generatedWith,
        preamble=None if meta.preamble is None else tuple(_piece(p) for p in meta.preamble),
        trailer=None if meta.trailer is None else _piece(meta.trailer),
        newline=meta.newline,
        problems=tuple(FormatProblem(p.line, p.message, p.code) for p in data.problems),
    )


def _markdown_text(cell: Cell, aliases: frozenset[str]) -> str | None:
    if cell.kind is not CellKind.CELL:
        return None
    return markdown.markdown_text(cell.code, aliases)


def with_markdown_code(cells: tuple[CellData, ...], module: str) -> tuple[Cell, ...]:
    """The cells of the editor's data, a Markdown cell's text made its `md` call (its old code
    while it shows the same text), and an import cell first when a call's name is imported by
    no cell (so the file runs as a script)."""
    codes = [c.code for c in cells if c.markdown is None]
    aliases = markdown.module_aliases(codes)
    result, needed = [], set()
    for data in cells:
        if data.markdown is None:
            result.append(to_cell(data))
            continue
        previous = markdown_previous(data.metadata)
        alias = markdown.choose_alias(previous, aliases, module)
        needed.add(alias)
        result.append(to_cell(CellData(markdown.cell_code(data.markdown, previous, alias),
                                       data.metadata)))
    missing = needed - markdown.module_aliases(c.code for c in result)
    at = 1 if result and result[0].kind is CellKind.SETUP else 0
    for alias in sorted(missing):
        result.insert(at, Cell(code=markdown.import_code(alias, module)))
    return tuple(result)


def markdown_previous(meta: CellMetadata) -> str | None:
    """The code a cell was read with, when the file had it."""
    key = meta.source.key if meta.source is not None else None
    return None if key is None else key.code


def cell_metadata(cell: Cell) -> CellMetadata:
    return CellMetadata(
        name=cell.name,
        kind=cell.kind.value,
        config=config_data(cell.config),
        source=None if cell.source is None else _cell_source_data(cell.source),
    )


def to_cell(data: CellData) -> Cell:
    meta = data.metadata
    source = meta.source
    return Cell(
        code=data.code,
        name=meta.name,
        config=to_config(meta.config),
        kind=cell_kind(meta, data.code),
        source=None if source is None else Source(
            source.lead, source.text, _cell_key(source.key), source.line),
    )


def cell_kind(meta: CellMetadata, code: str) -> CellKind:
    """The cell's kind as the editor has it now: a cell the file held as unparsable is judged
    by its new code once the user changed it (`CellKind.edited`), so a fixed cell runs and is
    written as a cell."""
    kind = CellKind(meta.kind)
    key = meta.source.key if meta.source is not None else None
    return kind if key is not None and key.code == code else kind.edited()


def config_data(config: CellConfig) -> CellConfigData:
    return CellConfigData(config.hide_code, config.disabled, config.column, config.extra)


def to_config(data: CellConfigData) -> CellConfig:
    return CellConfig(data.hideCode, data.disabled, data.column, tuple(data.extra))


# --- sources ---------------------------------------------------------------------------------------
#
# A cell's key is the tuple the reader derived its text from: (code, name, config, kind, the
# parameters its `def` declares). The writer reuses the text while the cell still yields that key.


def _cell_source_data(source: Source) -> CellSource:
    key = None
    if source.key is not None:
        code, name, config, kind, params = source.key
        key = CellKey(code, name, kind.value, config_data(config), tuple(sorted(params)))
    return CellSource(source.lead, source.text, source.line, key)


def _cell_key(key: CellKey | None) -> tuple | None:
    if key is None:
        return None
    return (key.code, key.name, to_config(key.config), CellKind(key.kind), frozenset(key.params))


def _piece_data(source: Source) -> PieceSource:
    return PieceSource(source.lead, source.text, None if source.key is None else tuple(source.key))


def _piece(data: PieceSource) -> Source:
    return Source(data.lead, data.text, None if data.key is None else tuple(data.key))
