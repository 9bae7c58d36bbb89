"""The language requests on cells (completion, hover, signature help, definition, references,
highlight, symbols, rename): each one handler here, answered by `lichen.language` across the
notebook's cells, in the host's analysis turn (`Host.analyse`).

A request about a cell no open notebook holds gets the empty answer, never an error: the editor
asks about documents freely. Completion and hover also ask the notebook's kernel, when it runs
and is idle, for what only its values know (`lichen.language.live_items`): the question goes out
beside the static analysis, and what has not come back `LIVE_DEADLINE` s after the request is
left out, so a busy or absent kernel never delays typing. The engine is made on the first
request (Jedi loads then, never in a host that gets none) and resolves imports in the
interpreter kernels start with.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from lichen import protocol as P
from lichen.editor.documents import NotebookDoc
from lichen.editor.errors import EditorError
from lichen.editor.handlers import handles
from lichen.editor.kernel_link import KernelLink
from lichen.editor.service import Editor
from lichen.language import live_items
from lichen.language.rename_rules import RenameRefused

if TYPE_CHECKING:
    from lichen.graph import Graph
    from lichen.language.engine import LanguageEngine

# (engine, graph, notebook URI, cell URI) -> the answer
Ask = Callable[["LanguageEngine", "Graph", str, str], Any]

LIVE_DEADLINE = 0.2  # seconds from a request until the kernel's part of it is left out


def _engine(ed: Editor) -> LanguageEngine:
    from lichen.language.engine import LanguageEngine

    if ed.language is None:
        ed.language = LanguageEngine(ed.kernel_options.python)
    else:
        ed.language.set_python(ed.kernel_options.python)
    return ed.language


def _doc_of(ed: Editor, cell: str) -> NotebookDoc | None:
    return next((d for d in ed.notebooks.values() if cell in d.graph), None)


async def _answer(ed: Editor, cell: str, ask: Ask, empty: Any) -> Any:
    """`ask` on the notebook holding `cell` as it is now, in the host's analysis turn."""
    doc = _doc_of(ed, cell)
    if doc is None:
        return empty
    graph = doc.graph
    return await ed.host.analyse(lambda: ask(_engine(ed), graph, doc.uri, cell))


def _live(ed: Editor, cell: str, ask: Callable[[KernelLink, Graph], Awaitable[Any]]
          ) -> Callable[[], Awaitable[Any]]:
    """`ask(link, graph)` of the kernel of the notebook holding `cell`, started now; what it
    answers, to be awaited after the static analysis: None if it has not come by
    `LIVE_DEADLINE` s from now, or when the notebook has no running kernel."""
    asked = time.monotonic()
    doc = _doc_of(ed, cell)
    link = ed.kernels.get(doc.uri) if doc is not None else None
    live = (asyncio.ensure_future(ask(link, doc.graph))
            if doc is not None and link is not None and link.started else None)

    async def in_time() -> Any:
        if live is None:
            return None
        left = LIVE_DEADLINE - (time.monotonic() - asked)
        done, _ = await asyncio.wait({live}, timeout=max(0.0, left))
        return live.result() if done else None

    return in_time


def _at(params: P.TextDocumentPositionParams | P.ReferenceParams | P.RenameParams
        ) -> tuple[int, int]:
    return params.position.line, params.position.character


@handles(P.COMPLETION)
async def completion(ed: Editor, params: P.TextDocumentPositionParams) -> Any:
    """Names of every cell the cell may read, builtins, modules, attributes, parameters; and
    what only the kernel's values know (dynamic attributes, dict keys, dataframe columns)."""
    cell, (line, character) = params.textDocument.uri, _at(params)
    where: list[live_items.Position] = []

    def ask_kernel(link: KernelLink, graph: Graph) -> Awaitable[Any]:
        at = live_items.position(graph, cell, line, character)
        where.append(at)
        return link.live_completion(cell, at.code, line, at.column, at.hidden, LIVE_DEADLINE)

    live = _live(ed, cell, ask_kernel)
    static = await _answer(ed, cell, lambda e, g, nb, c: e.completion(g, nb, c, line, character),
                           {"isIncomplete": False, "items": []})
    found = await live()
    return live_items.merged(static, found, where[0], line) if found else static


@handles(P.COMPLETION_RESOLVE)
def completion_resolve(ed: Editor, params: dict[str, Any]) -> Any:
    """The item with its signature and documentation."""
    engine = ed.language
    if engine is None:
        return params
    return ed.host.analyse(lambda: engine.resolve(params))


@handles(P.HOVER)
async def hover(ed: Editor, params: P.TextDocumentPositionParams) -> Any:
    """Signature, docstring and the defining cell of the name under the cursor; for a global
    of the notebook, also its current value when the kernel has it."""
    cell, (line, character) = params.textDocument.uri, _at(params)

    def ask_kernel(link: KernelLink, graph: Graph) -> Awaitable[Any]:
        name = live_items.global_at(graph, cell, line, character)
        return link.live_value(cell, name, LIVE_DEADLINE) if name else _nothing()

    live = _live(ed, cell, ask_kernel)
    found = await _answer(ed, cell, lambda e, g, nb, c: e.hover(g, nb, c, line, character), None)
    value = await live()
    return found if value is None else live_items.with_value(found, value)


async def _nothing() -> None:
    return None


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
