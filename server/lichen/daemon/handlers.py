"""The daemon's handlers: one per LSP or `lichen/*` method, each short, delegating to the
notebook, graph and kernel modules. `HANDLERS` is what `server.create_server` registers."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams

from lichen import protocol as P
from lichen.daemon import notebook_data
from lichen.daemon.document import NotebookDoc, open_doc, sync, with_metadata
from lichen.daemon.kernels import KernelUnavailable
from lichen.daemon.lifetime import watch_parent
from lichen.daemon.server import error, log, params_of
from lichen.daemon.wire import WireError, decode, to_json_value

if TYPE_CHECKING:
    from lichen.daemon.server import LichenServer


def initialize(ls: LichenServer, params: lsp.InitializeParams) -> None:
    """Take the settings, and watch the editor's process."""
    ls.apply_settings(params.initialization_options)
    loop = ls.loop
    watch_parent(params.process_id, lambda: loop.call_soon_threadsafe(_exit_now, ls))


def did_change_configuration(ls: LichenServer, params: lsp.DidChangeConfigurationParams) -> None:
    """New settings from the editor."""
    ls.apply_settings(params.settings)


def did_open(ls: LichenServer, params: lsp.DidOpenNotebookDocumentParams) -> None:
    """Build the notebook's graph and publish its problems; no kernel starts."""
    uri = params.notebook_document.uri
    cells = ls.synced_cells(uri)
    doc = open_doc(uri, [(c.document, ls.cell_text(c.document)) for c in cells], _metas(cells))
    ls.notebooks[uri] = doc
    ls.publish(doc)


def did_change(ls: LichenServer, params: lsp.DidChangeNotebookDocumentParams) -> None:
    """Follow cell inserts, deletes, moves and edits; deleted cells leave the kernel too."""
    uri = params.notebook_document.uri
    doc = ls.notebook(uri)
    cells = ls.synced_cells(uri)
    touched = _touched_cells(params)
    texts = {c.document: ls.cell_text(c.document) for c in cells
             if c.document in touched or c.document not in doc.graph}
    doc, change = sync(doc, [c.document for c in cells], texts,
                       _metas([c for c in cells if c.document in touched]))
    ls.notebooks[uri] = doc
    if change.removed and uri in ls.kernels:
        ls.kernels[uri].delete(change.removed)
    if change.any:
        ls.publish(doc, change.removed)


def did_save(ls: LichenServer, params: lsp.DidSaveNotebookDocumentParams) -> None:
    """A save changes no cell: nothing to do."""


def did_close(ls: LichenServer, params: lsp.DidCloseNotebookDocumentParams) -> None:
    """Forget the notebook, clear its diagnostics and end its kernel."""
    uri = params.notebook_document.uri
    ls.notebooks.pop(uri, None)
    for cell in ls.published.pop(uri, {}):
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=cell, diagnostics=[]))
    link = ls.kernels.pop(uri, None)
    if link is not None:
        ls.loop.run_in_executor(None, link.close)


def lichen_parse(ls: LichenServer, params: Any) -> Any:
    """A file's text as NotebookData."""
    request = params_of(P.ParseParams, params)
    return to_json_value(notebook_data.parse_to_data(request.text))


def lichen_serialize(ls: LichenServer, params: Any) -> Any:
    """NotebookData as a file's text, rewriting only what changed."""
    request = params_of(P.SerializeParams, params)
    try:
        text = notebook_data.serialize_data(request.notebook)
    except (ValueError, TypeError) as problem:  # e.g. a cell kind this version does not know
        raise JsonRpcInvalidParams(f"Invalid params: {problem}") from None
    return to_json_value(P.SerializeResult(text))


async def lichen_run(ls: LichenServer, params: Any) -> Any:
    """Run cells and their dependents; answers when the run has ended."""
    request = params_of(P.RunParams, params)
    doc = ls.notebook(request.notebookUri)
    return await _kernel_call(ls, doc, lambda link, doc: link.run(doc, request.cellUris))


async def lichen_run_all(ls: LichenServer, params: Any) -> Any:
    """Run every cell in topological order."""
    doc = ls.notebook(params_of(P.NotebookParams, params).notebookUri)
    return await _kernel_call(ls, doc, lambda link, doc: link.run_all(doc))


async def lichen_run_stale(ls: LichenServer, params: Any) -> Any:
    """Run the cells lazy mode marked stale."""
    doc = ls.notebook(params_of(P.NotebookParams, params).notebookUri)
    return await _kernel_call(ls, doc, lambda link, doc: link.run_stale(doc))


async def lichen_set_config(ls: LichenServer, params: Any) -> Any:
    """Change a cell's config; enabling a cell may run it (autorun)."""
    request = params_of(P.SetConfigParams, params)
    doc = ls.notebook(request.notebookUri)
    if request.cellUri not in doc.graph:
        raise error("unknownCell", f"No cell {request.cellUri} in {request.notebookUri}.")
    meta = doc.metadata(request.cellUri)
    doc = with_metadata(doc, request.cellUri, _replace_config(meta, request.config))
    ls.notebooks[doc.uri] = doc
    link = ls.kernels.get(doc.uri)
    if link is None or not link.started:
        return to_json_value(P.RunResult(ok=True))
    config = notebook_data.to_config(request.config)
    return await _kernel_call(ls, doc, lambda link, doc: link.set_config(doc, request.cellUri,
                                                                         config))


async def lichen_set_ui_value(ls: LichenServer, params: Any) -> Any:
    """Give a UI element a new value; answers with the run it caused (values sent for the same
    element while a run goes on coalesce: the newest wins)."""
    request = params_of(P.SetUiValueParams, params)
    doc = ls.notebook(request.notebookUri)
    return await _kernel_call(ls, doc, lambda link, doc: link.set_ui_value(request.elementId,
                                                                           request.value))


async def lichen_debug_port(ls: LichenServer, params: Any) -> Any:
    """Start debugpy in the notebook's kernel (starting the kernel if need be; nothing runs);
    where a debugger attaches, with the path mappings that show cells as the editor's."""
    doc = ls.notebook(params_of(P.NotebookParams, params).notebookUri)
    return await _kernel_call(ls, doc, lambda link, doc: link.debug_port(doc))


async def lichen_interrupt(ls: LichenServer, params: Any) -> None:
    """Interrupt the running cell; the run's queued cells are cancelled, and so are the runs
    asked for before. A coroutine like the run handlers, so that it comes after a run request
    read before it (their tasks start in order)."""
    uri = params_of(P.NotebookParams, params).notebookUri
    ls.notebook(uri)
    link = ls.kernels.get(uri)
    if link is not None:
        link.interrupt()


async def lichen_restart(ls: LichenServer, params: Any) -> None:
    """A fresh kernel with the same cells and an empty namespace."""
    uri = params_of(P.NotebookParams, params).notebookUri
    ls.notebook(uri)
    link = ls.kernels.get(uri)
    if link is not None:
        await _guard_kernel(link.restart())


def shutdown(ls: LichenServer, params: Any) -> None:
    """End every kernel before the editor's exit."""
    ls.shut_down = True
    ls.close_kernels()


def exit_(ls: LichenServer, params: Any) -> None:
    """The editor says goodbye (pygls then stops serving)."""
    ls.exiting = True


async def _kernel_call(ls: LichenServer, doc: NotebookDoc, call: Callable[..., Any]) -> Any:
    """`call(link, doc)` on the notebook's kernel link, if the workspace is trusted."""
    ls.require_trust()
    link = ls.kernel(doc.uri)
    with ls.batcher.held():  # the run's events all go out before the reply
        result = await _guard_kernel(call(link, doc))
    return to_json_value(result)


async def _guard_kernel(awaitable: Any) -> Any:
    """The awaited result; a kernel that cannot take the call becomes the protocol's error."""
    try:
        return await awaitable
    except KernelUnavailable as failure:
        raise error(failure.code, failure.message) from None


def _touched_cells(params: lsp.DidChangeNotebookDocumentParams) -> set[str]:
    """The cells a change names: new, edited, or with new metadata."""
    cells = params.change.cells
    touched: set[str] = set()
    if cells is None:
        return touched
    if cells.structure is not None:
        touched.update(d.uri for d in cells.structure.did_open or ())
        touched.update(c.document for c in cells.structure.array.cells or ())
    touched.update(c.document.uri for c in cells.text_content or ())
    touched.update(c.document for c in cells.data or ())
    return touched


def _metas(cells: list[Any]) -> dict[str, P.CellMetadata]:
    """The Lichen metadata of synced cells that carry some (bad metadata is ignored)."""
    found = {}
    for cell in cells:
        if isinstance(cell.metadata, dict) and cell.metadata:
            try:
                found[cell.document] = decode(cell.metadata, P.CellMetadata)
            except WireError as problem:
                log.warning("metadata of %s ignored: %s", cell.document, problem)
    return found


def _replace_config(meta: P.CellMetadata, config: P.CellConfigData) -> P.CellMetadata:
    return P.CellMetadata(meta.name, meta.kind, config, meta.source)


def _exit_now(ls: LichenServer) -> None:
    """The editor is gone: end the kernels and the daemon."""
    ls.close_kernels()
    os._exit(0)


HANDLERS: tuple[tuple[str, Callable[..., Any]], ...] = (
    (lsp.INITIALIZE, initialize),
    (lsp.WORKSPACE_DID_CHANGE_CONFIGURATION, did_change_configuration),
    (lsp.NOTEBOOK_DOCUMENT_DID_OPEN, did_open),
    (lsp.NOTEBOOK_DOCUMENT_DID_CHANGE, did_change),
    (lsp.NOTEBOOK_DOCUMENT_DID_SAVE, did_save),
    (lsp.NOTEBOOK_DOCUMENT_DID_CLOSE, did_close),
    (lsp.SHUTDOWN, shutdown),
    (lsp.EXIT, exit_),
    (P.PARSE, lichen_parse),
    (P.SERIALIZE, lichen_serialize),
    (P.RUN, lichen_run),
    (P.RUN_ALL, lichen_run_all),
    (P.RUN_STALE, lichen_run_stale),
    (P.SET_CONFIG, lichen_set_config),
    (P.SET_UI_VALUE, lichen_set_ui_value),
    (P.DEBUG_PORT, lichen_debug_port),
    (P.INTERRUPT, lichen_interrupt),
    (P.RESTART, lichen_restart),
)
