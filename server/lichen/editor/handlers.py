"""Every method the editor service answers, one short handler each, served by both hosts.

A handler takes the `Editor` and its params, already decoded into the type `lichen.protocol`
declares for the method (`EDITOR_METHODS`, `LSP_METHODS`), and returns the declared result (a
protocol dataclass, or None), or an awaitable of it; it raises `EditorError` to refuse.
`@handles(NAME)` puts it in `METHODS`, the one table both hosts serve; each host hands a message
to `handle` and turns an `EditorError` into its JSON-RPC error.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import inspect
from typing import Any, Awaitable, Callable

from lichen import __version__
from lichen import protocol as P
from lichen.editor import graph_view, notebook_data, transfer, variables_view
from lichen.editor.documents import open_doc, sync, with_metadata
from lichen.editor.errors import EditorError
from lichen.editor.host import WARNING
from lichen.editor.json_codec import WireError, decode, to_json_value
from lichen.editor.markdown_cells import graph_codes
from lichen.editor.service import Editor
from lichen.editor.sync import SyncedCell

CAPABILITIES = {
    "positionEncoding": "utf-16",
    "textDocumentSync": {"openClose": True, "change": 2, "save": False},
    "notebookDocumentSync": {
        # Markdown cells too: they are `md` calls in the graph (they read `mo`).
        "notebookSelector": [{"notebook": "*", "cells": [{"language": language}
                                                         for language in (*P.SYNCED_LANGUAGES,
                                                                          "markdown")]}],
        "save": True,
    },
    **P.LANGUAGE_CAPABILITIES,
}


@dataclass(frozen=True)
class Entry:
    method: P.Method  # its declaration: name, params and result types
    handler: Callable[[Editor, Any], Any]

    @property
    def params(self) -> type:
        return self.method.params


DECLARED = {m.name: m for m in (*P.EDITOR_METHODS, *P.LSP_METHODS) if not m.to_editor}
METHODS: dict[str, Entry] = {}


def handles(name: str) -> Callable[[Callable[[Editor, Any], Any]], Callable[[Editor, Any], Any]]:
    """Serve the method `name` (declared in `lichen.protocol`) with the decorated handler."""
    def register(handler: Callable[[Editor, Any], Any]) -> Callable[[Editor, Any], Any]:
        METHODS[name] = Entry(DECLARED[name], handler)
        return handler
    return register


# --- the editor's lifetime ------------------------------------------------------------------


@handles(P.INITIALIZE)
def initialize(ed: Editor, params: P.InitializeParams) -> P.InitializeResult:
    """Take the settings; say what the service syncs."""
    ed.apply_settings(params.initializationOptions)
    ed.host.initialized(params.processId)
    return P.InitializeResult({**CAPABILITIES, **formatting.capabilities()},
                              {"name": "lichen", "version": __version__})


@handles(P.DID_CHANGE_CONFIGURATION)
def did_change_configuration(ed: Editor, params: P.DidChangeConfigurationParams) -> None:
    """New settings from the editor."""
    ed.apply_settings(params.settings)


@handles(P.SHUTDOWN)
def shutdown(ed: Editor, params: P.NoParams) -> None:
    """End every kernel before the editor's exit."""
    ed.shut_down = True
    ed.linter.close()
    ed.close_kernels()


@handles(P.EXIT)
def exit_(ed: Editor, params: P.NoParams) -> None:
    """The editor says goodbye (its host then stops serving)."""
    ed.exiting = True


# --- the notebook sync ----------------------------------------------------------------------


@handles(P.DID_OPEN_NOTEBOOK)
def did_open(ed: Editor, params: P.DidOpenNotebookDocumentParams) -> None:
    """Build the notebook's graph and publish its problems; no kernel starts."""
    synced = ed.synced.open(params)
    cells = synced.graph_cells()
    metas = _metas(ed, cells)
    codes = graph_codes(ed.synced, synced, cells, metas)
    doc = open_doc(synced.uri, [(c.uri, codes[c.uri]) for c in cells], metas)
    ed.notebooks[doc.uri] = doc
    ed.publish(doc)
    ed.host.opened(doc, synced.metadata)


@handles(P.DID_CHANGE_NOTEBOOK)
def did_change(ed: Editor, params: P.DidChangeNotebookDocumentParams) -> None:
    """Follow cell inserts, deletes, moves and edits; deleted cells leave the kernel too."""
    uri = params.notebookDocument.uri
    doc = ed.notebook(uri)
    touched = ed.synced.change(params)
    synced = ed.synced.notebooks[uri]
    cells = synced.graph_cells()
    changed = [c for c in cells if c.uri in touched or c.uri not in doc.graph]
    metas = _metas(ed, [c for c in cells if c.uri in touched])
    texts = graph_codes(ed.synced, synced, changed, {**doc.meta, **metas})
    doc, change = sync(doc, [c.uri for c in cells], texts, metas)
    ed.notebooks[uri] = doc
    if change.removed and uri in ed.kernels:
        ed.kernels[uri].delete(change.removed)
        ed.host.outbox.flush()
    if change.any:
        ed.publish(doc, change.removed)


@handles(P.DID_SAVE_NOTEBOOK)
def did_save(ed: Editor, params: P.DidCloseNotebookDocumentParams) -> None:
    """A save changes no cell: nothing to do."""


@handles(P.DID_CLOSE_NOTEBOOK)
def did_close(ed: Editor, params: P.DidCloseNotebookDocumentParams) -> None:
    """Forget the notebook, clear its diagnostics and end its kernel."""
    uri = params.notebookDocument.uri
    ed.synced.close(params)
    ed.notebooks.pop(uri, None)
    ed.kernel_pythons.pop(uri, None)
    ed.host.closed(uri)
    ed.linter.forget(uri)
    for cell in ed.published.pop(uri, {}):
        ed.send_diagnostics(cell)
    link = ed.kernels.pop(uri, None)
    if link is not None:
        ed.host.close_link(link)


# --- the file --------------------------------------------------------------------------------


@handles(P.PARSE)
def parse(ed: Editor, params: P.ParseParams) -> P.NotebookData:
    """A file's text as NotebookData."""
    return notebook_data.parse_to_data(params.text)


@handles(P.SERIALIZE)
def serialize(ed: Editor, params: P.SerializeParams) -> P.SerializeResult:
    """NotebookData as a file's text, rewriting only what changed."""
    try:
        return P.SerializeResult(notebook_data.serialize_data(params.notebook))
    except (ValueError, TypeError) as problem:  # e.g. a cell kind this version does not know
        raise EditorError("invalidParams", f"Invalid params: {problem}") from None


@handles(P.IMPORT_NOTEBOOK)
def import_notebook(ed: Editor, params: P.ImportParams) -> P.ImportResult:
    """A file of another format (Jupyter, marimo markdown, a Lichen page) as a notebook's text."""
    return transfer.import_notebook(params)


@handles(P.EXPORT_NOTEBOOK)
def export_notebook(ed: Editor, params: P.ExportParams) -> P.ExportResult:
    """The notebook the editor holds, with the outputs it shows, in another format."""
    return transfer.export_notebook(params)


# --- runs ------------------------------------------------------------------------------------


@handles(P.RUN)
def run(ed: Editor, params: P.RunParams) -> Any:
    """Run cells and their dependents; answers when the run has ended."""
    doc = ed.notebook(params.notebookUri)
    known = [u for u in params.cellUris if u in doc.graph]
    cells = {*known, *doc.graph.descendants(known)}
    return ed.kernel_call(doc, lambda link, doc: link.run(doc, params.cellUris), cells)


@handles(P.RUN_ALL)
def run_all(ed: Editor, params: P.NotebookParams) -> Any:
    """Run every cell in topological order."""
    doc = ed.notebook(params.notebookUri)
    return ed.kernel_call(doc, lambda link, doc: link.run_all(doc), doc.cells)


@handles(P.RUN_STALE)
def run_stale(ed: Editor, params: P.NotebookParams) -> Any:
    """Run the cells lazy mode marked stale."""
    doc = ed.notebook(params.notebookUri)
    return ed.kernel_call(doc, lambda link, doc: link.run_stale(doc))


@handles(P.SET_CONFIG)
def set_config(ed: Editor, params: P.SetConfigParams) -> Any:
    """Change a cell's config; enabling a cell may run it (autorun)."""
    doc = ed.notebook(params.notebookUri)
    if params.cellUri not in doc.graph:
        raise EditorError("unknownCell", f"No cell {params.cellUri} in {params.notebookUri}.")
    meta = doc.metadata(params.cellUri)
    doc = with_metadata(doc, params.cellUri,
                        P.CellMetadata(meta.name, meta.kind, params.config, meta.source))
    ed.notebooks[doc.uri] = doc
    link = ed.kernels.get(doc.uri)
    if link is None or not link.started:
        return P.RunResult(ok=True)
    config = notebook_data.to_config(params.config)
    return ed.kernel_call(doc, lambda link, doc: link.set_config(doc, params.cellUri, config))


@handles(P.SET_UI_VALUE)
def set_ui_value(ed: Editor, params: P.SetUiValueParams) -> Any:
    """Give a UI element a new value; answers with the run it caused (values sent for the same
    element while a run goes on coalesce: the newest wins)."""
    doc = ed.notebook(params.notebookUri)
    return ed.kernel_call(doc, lambda link, doc: link.set_ui_value(params.elementId, params.value))


@handles(P.TABLE_QUERY)
def table_query(ed: Editor, params: P.TableQueryParams) -> Any:
    """A page or a column summary of a table output, from the live data in the kernel."""
    doc = ed.notebook(params.notebookUri)

    async def ask(link: Any, doc: Any) -> P.TableAnswer:
        return P.TableAnswer(await link.table_query(params.tableId, params.request))

    return ed.kernel_call(doc, ask)


@handles(P.INTERRUPT)
async def interrupt(ed: Editor, params: P.NotebookParams) -> None:
    """Interrupt the running cell; the run's queued cells are cancelled, and so are the runs
    asked for before. A coroutine like the run handlers, so that it comes after a run request
    read before it (their tasks start in order). (In the worker the host's interrupt buffer
    stopped the cell before this could be read.)"""
    ed.notebook(params.notebookUri)
    link = ed.kernels.get(params.notebookUri)
    if link is not None:
        link.interrupt()


@handles(P.CANCEL_KERNEL_JOB)
def cancel_kernel_job(ed: Editor, params: P.NotebookParams) -> None:
    """End the scheduler's job of the notebook's kernel, one still waiting in the queue too
    (a local kernel has none: nothing happens). Its end is reported as the kernel's death."""
    ed.notebook(params.notebookUri)
    link = ed.kernels.get(params.notebookUri)
    if link is not None:
        link.cancel_job()


@handles(P.RESTART)
async def restart(ed: Editor, params: P.NotebookParams) -> None:
    """A fresh kernel with the same cells and an empty namespace."""
    ed.notebook(params.notebookUri)
    link = ed.kernels.get(params.notebookUri)
    if link is not None:
        await link.restart()
        ed.host.outbox.flush()


@handles(P.SELECT_KERNEL)
async def select_kernel(ed: Editor, params: P.KernelChoice) -> None:
    """Run the notebook's kernels in the chosen interpreter: a kernel running in another one
    ends now (its variables with it), and the next run starts one in this one."""
    ed.notebook(params.notebookUri)
    link = ed.choose_python(params.notebookUri, params.python)
    if link is not None and link.started:
        await link.restart()
        ed.host.outbox.flush()


# --- views ----------------------------------------------------------------------------------


@handles(P.VARIABLES)
async def variables(ed: Editor, params: P.NotebookParams) -> P.Variables:
    """The running kernel's globals, with their defining and reading cells; no kernel starts."""
    doc = ed.notebook(params.notebookUri)
    link = ed.kernels.get(doc.uri)
    rows = [] if link is None else await link.variables()
    return variables_view.of(ed.notebook(doc.uri), rows)


@handles(P.CELL_GRAPH)
def cell_graph(ed: Editor, params: P.NotebookParams) -> P.CellGraph:
    """The notebook's dependency graph, as the graph view draws it."""
    return graph_view.of(ed.notebook(params.notebookUri))


# --- debugging -------------------------------------------------------------------------------


@handles(P.DEBUG_ATTACH)
async def debug_attach(ed: Editor, params: P.NotebookParams) -> Any:
    """Start debugpy in the notebook's kernel (starting the kernel if need be; nothing runs) and
    open a debugger client session; its path mappings show cells as the editor's. debugpy's
    messages come back as `lichen/debugFromKernel` notifications."""
    doc = ed.notebook(params.notebookUri)
    if ed.host.debug_unavailable is not None:
        raise EditorError("debugUnavailable", ed.host.debug_unavailable)
    loop = asyncio.get_running_loop()
    uri = params.notebookUri

    def forward(session: int, message: dict) -> None:  # on the kernel channel's thread
        loop.call_soon_threadsafe(ed.host.notify, P.DEBUG_FROM_KERNEL,
                                  {"notebookUri": uri, "session": session, "message": message})

    return await ed.kernel_call(doc, lambda link, doc: link.debug_attach(doc, forward))


@handles(P.DEBUG_TO_KERNEL)
def debug_to_kernel(ed: Editor, params: P.DebugMessage) -> None:
    """A DAP message of a debugger client to the notebook's kernel (at once, even while a run
    holds the kernel: a paused cell is such a run)."""
    link = ed.kernels.get(params.notebookUri)
    if link is not None:
        link.debug_send(params.session, params.message)


@handles(P.DEBUG_DETACH)
def debug_detach(ed: Editor, params: P.DebugSessionParams) -> None:
    """A debugger client went away: paused cells go on, the kernel keeps its state."""
    link = ed.kernels.get(params.notebookUri)
    if link is not None:
        link.debug_detach(params.session)


def _metas(ed: Editor, cells: list[SyncedCell]) -> dict[str, P.CellMetadata]:
    """The Lichen metadata of synced cells that carry some (bad metadata is ignored)."""
    found = {}
    for cell in cells:
        if cell.metadata:
            try:
                found[cell.uri] = decode(cell.metadata, P.CellMetadata)
            except WireError as problem:
                ed.show(f"metadata of {cell.uri} ignored: {problem}", WARNING)
    return found


def handle(ed: Editor, method: str, params: Any) -> Any:
    """Answer one message of the editor (`method` is in `METHODS`): its result as JSON data, or
    an awaitable of it. Raises EditorError (a bad request, or one the service refuses)."""
    entry = METHODS[method]
    try:
        typed = decode({} if params is None else params, entry.params)
    except WireError as problem:
        raise EditorError("invalidParams", f"Invalid params: {problem}") from None
    result = entry.handler(ed, typed)
    if inspect.isawaitable(result):
        return _json_when_done(result)
    return to_json_value(result)


async def _json_when_done(result: Awaitable[Any]) -> Any:
    return to_json_value(await result)


from lichen.editor import formatting, language  # noqa: E402,F401 - their handlers join METHODS

_unserved = set(DECLARED) - set(METHODS)
assert not _unserved, f"methods declared in lichen.protocol without a handler: {_unserved}"
