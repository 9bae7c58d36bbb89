"""The worker's handlers: the daemon's methods (`lichen.daemon.handlers`), one short function each,
with the same params, results and errors.

They differ from the daemon's where the worker does: there is no editor process to watch
(`initialize`), runs go through the in-process link one at a time and install missing modules
first, and a notebook's PEP 723 dependencies are installed when it opens.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable

from lichen import __version__
from lichen import protocol as P
from lichen.daemon import notebook_data
from lichen.daemon.document import open_doc, sync, with_metadata
from lichen.daemon.wire import WireError, decode, to_json_value
from lichen.wasm.packages import script_dependencies
from lichen.wasm.rpc import INVALID_PARAMS, RpcError
from lichen.wasm.server import WARNING, WasmServer, error, params_of
from lichen.wasm.sync import SyncedCell

CAPABILITIES = {
    "positionEncoding": "utf-16",
    "textDocumentSync": {"openClose": True, "change": 2, "save": False},
    "notebookDocumentSync": {
        "notebookSelector": [{"notebook": "*", "cells": [{"language": "python"}]}],
        "save": True,
    },
}

DEBUG_UNAVAILABLE = (
    "Debugging cells is not available in VS Code for the Web: Lichen runs them in the browser's "
    "Python (Pyodide), where the debugger (debugpy) cannot run. Open the folder in desktop VS "
    "Code to set breakpoints in cells.")


def initialize(ls: WasmServer, params: Any) -> Any:
    """Take the settings; say what the server syncs."""
    ls.apply_settings((params or {}).get("initializationOptions"))
    return {"capabilities": CAPABILITIES, "serverInfo": {"name": "lichen", "version": __version__}}


def did_change_configuration(ls: WasmServer, params: Any) -> None:
    """New settings from the editor."""
    ls.apply_settings((params or {}).get("settings"))


def did_open(ls: WasmServer, params: Any) -> None:
    """Build the notebook's graph, publish its problems, install its script dependencies."""
    synced = ls.synced.open(params)
    cells = synced.code_cells()
    doc = open_doc(synced.uri, [(c.uri, ls.synced.text(c.uri)) for c in cells], _metas(ls, cells))
    ls.notebooks[doc.uri] = doc
    ls.publish(doc)
    header = synced.metadata.get("header")
    if ls.installer is not None and isinstance(header, str):
        requirements, problem = script_dependencies(header)
        if problem:
            ls.show(f"{doc.uri}: {problem}", WARNING)
        if requirements:
            task = asyncio.ensure_future(ls.install_requirements(doc.uri, requirements))
            ls.header_installs[doc.uri] = task


def did_change(ls: WasmServer, params: Any) -> None:
    """Follow cell inserts, deletes, moves and edits; deleted cells leave the runtime too."""
    uri = params["notebookDocument"]["uri"]
    doc = ls.notebook(uri)
    touched = ls.synced.change(params)
    cells = ls.synced.notebooks[uri].code_cells()
    texts = {c.uri: ls.synced.text(c.uri) for c in cells
             if c.uri in touched or c.uri not in doc.graph}
    doc, change = sync(doc, [c.uri for c in cells], texts,
                       _metas(ls, [c for c in cells if c.uri in touched]))
    ls.notebooks[uri] = doc
    if change.removed and uri in ls.kernels:
        ls.kernels[uri].delete(change.removed)
        ls.outbox.flush()
    if change.any:
        ls.publish(doc, change.removed)


def did_save(ls: WasmServer, params: Any) -> None:
    """A save changes no cell: nothing to do."""


def did_close(ls: WasmServer, params: Any) -> None:
    """Forget the notebook, clear its diagnostics and end its runtime."""
    uri = params["notebookDocument"]["uri"]
    ls.synced.close(params)
    ls.notebooks.pop(uri, None)
    ls.header_installs.pop(uri, None)
    for cell in ls.published.pop(uri, {}):
        ls.clear_diagnostics(cell)
    link = ls.kernels.pop(uri, None)
    if link is not None:
        link.close()


def lichen_parse(ls: WasmServer, params: Any) -> Any:
    """A file's text as NotebookData."""
    request = params_of(P.ParseParams, params)
    return to_json_value(notebook_data.parse_to_data(request.text))


def lichen_serialize(ls: WasmServer, params: Any) -> Any:
    """NotebookData as a file's text, rewriting only what changed."""
    request = params_of(P.SerializeParams, params)
    try:
        text = notebook_data.serialize_data(request.notebook)
    except (ValueError, TypeError) as problem:
        raise RpcError(INVALID_PARAMS, f"Invalid params: {problem}") from None
    return to_json_value(P.SerializeResult(text))


def lichen_run(ls: WasmServer, params: Any) -> Any:
    """Run cells and their dependents; answers when the run has ended."""
    request = params_of(P.RunParams, params)
    doc = ls.notebook(request.notebookUri)
    known = [u for u in request.cellUris if u in doc.graph]
    cells = {*known, *doc.graph.descendants(known)}
    return ls.kernel_call(doc, lambda link, doc: link.run(doc, request.cellUris), cells)


def lichen_run_all(ls: WasmServer, params: Any) -> Any:
    """Run every cell in topological order."""
    doc = ls.notebook(params_of(P.NotebookParams, params).notebookUri)
    return ls.kernel_call(doc, lambda link, doc: link.run_all(doc), doc.cells)


def lichen_run_stale(ls: WasmServer, params: Any) -> Any:
    """Run the cells lazy mode marked stale."""
    doc = ls.notebook(params_of(P.NotebookParams, params).notebookUri)
    return ls.kernel_call(doc, lambda link, doc: link.run_stale(doc))


def lichen_set_config(ls: WasmServer, params: Any) -> Any:
    """Change a cell's config; enabling a cell may run it (autorun)."""
    request = params_of(P.SetConfigParams, params)
    doc = ls.notebook(request.notebookUri)
    if request.cellUri not in doc.graph:
        raise error("unknownCell", f"No cell {request.cellUri} in {request.notebookUri}.")
    meta = doc.metadata(request.cellUri)
    doc = with_metadata(doc, request.cellUri,
                        P.CellMetadata(meta.name, meta.kind, request.config, meta.source))
    ls.notebooks[doc.uri] = doc
    link = ls.kernels.get(doc.uri)
    if link is None or not link.started:
        return to_json_value(P.RunResult(ok=True))
    config = notebook_data.to_config(request.config)
    return ls.kernel_call(doc, lambda link, doc: link.set_config(doc, request.cellUri, config))


def lichen_set_ui_value(ls: WasmServer, params: Any) -> Any:
    """Give a UI element its new value; answers when the cells reading it have run."""
    request = params_of(P.SetUiValueParams, params)
    doc = ls.notebook(request.notebookUri)
    return ls.kernel_call(doc, lambda link, doc: link.set_ui_value(request.elementId,
                                                                   request.value))


def lichen_debug_port(ls: WasmServer, params: Any) -> Any:
    """Debugging needs debugpy, which the browser's Python cannot run: say so."""
    ls.notebook(params_of(P.NotebookParams, params).notebookUri)
    raise error("debugUnavailable", DEBUG_UNAVAILABLE)


def lichen_interrupt(ls: WasmServer, params: Any) -> None:
    """Nothing runs while this is read: the worker's host interrupted the running cell through
    the interrupt buffer (or restarted the worker) before sending it."""
    ls.notebook(params_of(P.NotebookParams, params).notebookUri)


async def lichen_restart(ls: WasmServer, params: Any) -> None:
    """An empty namespace with the same cells."""
    uri = params_of(P.NotebookParams, params).notebookUri
    ls.notebook(uri)
    link = ls.kernels.get(uri)
    if link is not None:
        await link.restart()
        ls.outbox.flush()


def shutdown(ls: WasmServer, params: Any) -> None:
    """End every runtime before the editor's exit."""
    ls.shut_down = True
    ls.close_kernels()


def exit_(ls: WasmServer, params: Any) -> None:
    """The editor says goodbye; its host ends the worker."""
    ls.exiting = True


def _metas(ls: WasmServer, cells: list[SyncedCell]) -> dict[str, P.CellMetadata]:
    """The Lichen metadata of synced cells that carry some (bad metadata is ignored)."""
    found = {}
    for cell in cells:
        if cell.metadata:
            try:
                found[cell.uri] = decode(cell.metadata, P.CellMetadata)
            except WireError as problem:
                ls.show(f"metadata of {cell.uri} ignored: {problem}", WARNING)
    return found


HANDLERS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("initialize", initialize),
    ("workspace/didChangeConfiguration", did_change_configuration),
    ("notebookDocument/didOpen", did_open),
    ("notebookDocument/didChange", did_change),
    ("notebookDocument/didSave", did_save),
    ("notebookDocument/didClose", did_close),
    ("shutdown", shutdown),
    ("exit", exit_),
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
