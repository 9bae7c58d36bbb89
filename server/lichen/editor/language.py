"""The language requests on cells (completion, hover, signature help, definition, references,
highlight, symbols, rename): each one handler here, answered by `lichen.language` across the
notebook's cells, in the host's analysis turn (`Host.analyse`).

A request about a cell no open notebook holds gets the empty answer, never an error: the editor
asks about documents freely. The engine is made on the first request (Jedi loads then, never in
a host that gets none) and resolves imports in the interpreter kernels start with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from lichen import protocol as P
from lichen.editor.errors import EditorError
from lichen.editor.handlers import handles
from lichen.editor.service import Editor
from lichen.language.rename_rules import RenameRefused

if TYPE_CHECKING:
    from lichen.graph import Graph
    from lichen.language.engine import LanguageEngine

# (engine, graph, notebook URI, cell URI) -> the answer
Ask = Callable[["LanguageEngine", "Graph", str, str], Any]


def _engine(ed: Editor) -> LanguageEngine:
    from lichen.language.engine import LanguageEngine

    if ed.language is None:
        ed.language = LanguageEngine(ed.kernel_options.python)
    else:
        ed.language.set_python(ed.kernel_options.python)
    return ed.language


async def _answer(ed: Editor, cell: str, ask: Ask, empty: Any) -> Any:
    """`ask` on the notebook holding `cell` as it is now, in the host's analysis turn."""
    doc = next((d for d in ed.notebooks.values() if cell in d.graph), None)
    if doc is None:
        return empty
    graph = doc.graph
    return await ed.host.analyse(lambda: ask(_engine(ed), graph, doc.uri, cell))


def _at(params: P.TextDocumentPositionParams | P.ReferenceParams | P.RenameParams
        ) -> tuple[int, int]:
    return params.position.line, params.position.character


@handles(P.COMPLETION)
def completion(ed: Editor, params: P.TextDocumentPositionParams) -> Any:
    """Names of every cell the cell may read, builtins, modules, attributes, parameters."""
    return _answer(ed, params.textDocument.uri,
                   lambda e, g, nb, cell: e.completion(g, nb, cell, *_at(params)),
                   {"isIncomplete": False, "items": []})


@handles(P.COMPLETION_RESOLVE)
def completion_resolve(ed: Editor, params: dict[str, Any]) -> Any:
    """The item with its signature and documentation."""
    engine = ed.language
    if engine is None:
        return params
    return ed.host.analyse(lambda: engine.resolve(params))


@handles(P.HOVER)
def hover(ed: Editor, params: P.TextDocumentPositionParams) -> Any:
    """Signature, docstring and the defining cell of the name under the cursor."""
    return _answer(ed, params.textDocument.uri,
                   lambda e, g, nb, cell: e.hover(g, nb, cell, *_at(params)), None)


@handles(P.SIGNATURE_HELP)
def signature_help(ed: Editor, params: P.TextDocumentPositionParams) -> Any:
    """The signatures of the call around the cursor."""
    return _answer(ed, params.textDocument.uri,
                   lambda e, g, nb, cell: e.signature_help(g, nb, cell, *_at(params)), None)


@handles(P.DEFINITION)
def definition(ed: Editor, params: P.TextDocumentPositionParams) -> Any:
    """The defining cell, or the library's source on disk."""
    return _answer(ed, params.textDocument.uri,
                   lambda e, g, nb, cell: e.definition(g, nb, cell, *_at(params)), [])


@handles(P.REFERENCES)
def references(ed: Editor, params: P.ReferenceParams) -> Any:
    """Every cell's mentions of a global; a local's in its cell."""
    declaration = params.context.includeDeclaration
    return _answer(ed, params.textDocument.uri,
                   lambda e, g, nb, cell: e.references(g, nb, cell, *_at(params),
                                                       include_declaration=declaration), [])


@handles(P.DOCUMENT_HIGHLIGHT)
def document_highlight(ed: Editor, params: P.TextDocumentPositionParams) -> Any:
    """The name's reads and writes in this cell."""
    return _answer(ed, params.textDocument.uri,
                   lambda e, g, nb, cell: e.highlight(g, nb, cell, *_at(params)), [])


@handles(P.DOCUMENT_SYMBOL)
def document_symbol(ed: Editor, params: P.DocumentSymbolParams) -> Any:
    """The cell's top-level definitions (Outline, breadcrumbs)."""
    return _answer(ed, params.textDocument.uri, lambda e, g, nb, cell: e.symbols(g, cell), [])


@handles(P.PREPARE_RENAME)
def prepare_rename(ed: Editor, params: P.TextDocumentPositionParams) -> Any:
    """The name's range, if it can be renamed."""
    return _answer(ed, params.textDocument.uri,
                   lambda e, g, nb, cell: e.prepare_rename(g, nb, cell, *_at(params)), None)


@handles(P.RENAME)
async def rename(ed: Editor, params: P.RenameParams) -> Any:
    """The edit renaming a global in every cell that defines or reads it (a private or local
    name in its scope); refused, saying why, when the new name would break the notebook."""
    try:
        return await _answer(ed, params.textDocument.uri,
                             lambda e, g, nb, cell: e.rename(g, nb, cell, *_at(params),
                                                             params.newName), None)
    except RenameRefused as refused:
        raise EditorError("renameRefused", str(refused)) from None
