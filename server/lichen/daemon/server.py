"""`lichen lsp`: the daemon the VS Code extension talks to, over stdio.

One `LichenServer` per window. It keeps every open notebook's cells and dependency graph current
through the LSP notebook sync, publishes reactivity errors as diagnostics on the cells as the
user types, and answers the `lichen/*` methods of `lichen.protocol` (parse, serialize, runs),
streaming cell events back while a run goes on. Handlers are thin: the work is in the modules
they call. A message the daemon cannot read gets a JSON-RPC error; nothing the editor sends
crashes it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
from typing import Any, Callable, TypeVar

from lsprotocol import types as lsp
from pygls.exceptions import (
    FeatureRequestError,
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcServerError,
)
from pygls.io_ import StdinAsyncReader, StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage

from lichen import __version__
from lichen import protocol as P
from lichen.daemon import diagnostics as D
from lichen.daemon import notebook_data
from lichen.daemon.document import NotebookDoc, open_doc, sync, with_metadata
from lichen.daemon.events import EventBatcher
from lichen.daemon.kernels import KernelLink, KernelUnavailable
from lichen.daemon.lifetime import watch_parent
from lichen.daemon.settings import KernelOptions, current_env, kernel_options, read_settings
from lichen.daemon.wire import WireError, decode, encode, to_json_value
from lichen.notebook import parse, serialize

log = logging.getLogger("lichen.daemon")
T = TypeVar("T")
_PARSE_ERROR, _INVALID_REQUEST = -32700, -32600


class LichenProtocol(LanguageServerProtocol):
    """pygls's protocol, with two changes: the params of `lichen/*` messages stay plain JSON
    values (pygls would make namedtuples of them), and a message that cannot be read is answered
    with a JSON-RPC error instead of being dropped."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        method = data.get("method") if "jsonrpc" in data else None
        if isinstance(method, str) and method.startswith("lichen/"):
            if "id" in data:
                return JsonRPCRequestMessage(id=data["id"], method=method,
                                             jsonrpc=data["jsonrpc"], params=data.get("params"))
            return JsonRPCNotification(method=method, jsonrpc=data["jsonrpc"],
                                       params=data.get("params"))
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data:
                return _Unreadable(data["id"], error)
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Unreadable):
            self._send_response(message.id, None, message.error.to_response_error())
        elif getattr(message, "jsonrpc", None) != "2.0":
            msg_id = (message.get("id") if isinstance(message, dict)
                      else getattr(message, "id", None))
            self.send_error(msg_id, _INVALID_REQUEST, "Invalid request: not a JSON-RPC 2.0 message")
        else:
            super().handle_message(message)

    def send_error(self, msg_id: Any, code: int, message: str) -> None:
        self.send_raw({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})

    def send_raw(self, message: Any) -> None:
        """Write one message (JSON data or protocol dataclasses) as it is, on the loop's thread."""
        body = encode(message)
        if self.writer is None:
            return
        result = self.writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        if asyncio.iscoroutine(result):
            asyncio.ensure_future(result)


class _AnsweredErrors(logging.Filter):
    """Keeps pygls's tracebacks of errors the client was answered with (bad params, unknown
    methods) out of the log: they are the client's mistakes, not the daemon's."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, (JsonRpcException, json.JSONDecodeError)):
            return False
        if isinstance(record.msg, str) and record.msg.startswith("Unable to deserialize"):
            record.msg, record.args = "a message with malformed params was refused", ()
        return True


class _Unreadable:
    def __init__(self, msg_id: Any, error: JsonRpcException) -> None:
        self.id = msg_id
        self.error = error


class LichenServer(LanguageServer):
    """The daemon: the notebooks the editor has open, their diagnostics and their kernels."""

    protocol: LichenProtocol

    def __init__(self) -> None:
        super().__init__(
            "lichen", __version__, protocol_cls=LichenProtocol,
            notebook_document_sync=lsp.NotebookDocumentSyncOptions(
                notebook_selector=[lsp.NotebookDocumentFilterWithCells(
                    notebook="*", cells=[lsp.NotebookCellLanguage(language="python")])],
                save=True),
        )
        self.settings: P.Settings = P.Settings()
        self.kernel_options: KernelOptions = kernel_options(self.settings, current_env())[0]
        self.notebooks: dict[str, NotebookDoc] = {}
        self.kernels: dict[str, KernelLink] = {}
        self.published: dict[str, dict[str, tuple[D.CellDiagnostic, ...]]] = {}
        self._batcher: EventBatcher | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop pygls serves on
        self.shut_down = False  # `shutdown` came: exit is orderly
        self.exiting = False  # `exit` came

    # --- transport -------------------------------------------------------------------------

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """Serve over stdio until the input ends or `exit` comes.

        Unlike pygls's default, the event loop reads the input pipe itself: pygls hands every
        header line and body to a thread, and those hand-offs cost more than a quick cell.
        """
        self._stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        try:
            asyncio.run(self._serve(stdin or sys.stdin.buffer))
        except BrokenPipeError:
            log.warning("the editor closed the connection")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()

    async def _serve(self, stdin: Any) -> None:
        loop = self.loop
        reader: Any = asyncio.StreamReader()
        try:
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), stdin)
        except (ValueError, OSError):  # not a pipe (a file, a terminal): read it on a thread
            reader = StdinAsyncReader(stdin, self.thread_pool)
        await run_async(stop_event=self._stop_event, reader=reader, protocol=self.protocol,
                        logger=log, error_handler=self.report_server_error)

    # --- settings --------------------------------------------------------------------------

    def apply_settings(self, value: Any) -> None:
        """Take new settings: running kernels switch mode at once; a new interpreter or
        environment applies from the next kernel restart (or new kernel)."""
        settings, problem = read_settings(value)
        options, env_problem = kernel_options(settings, current_env())
        for message in (problem, env_problem):
            if message:
                self.show(message, lsp.MessageType.Warning)
        self.settings, self.kernel_options = settings, options
        for link in self.kernels.values():
            if link.options.mode != options.mode:
                link.set_mode(options.mode)
            link.options = KernelOptions(options.python, options.mode, options.env)

    # --- notebooks -------------------------------------------------------------------------

    def notebook(self, uri: str) -> NotebookDoc:
        doc = self.notebooks.get(uri)
        if doc is None:
            raise _error("unknownNotebook", f"The notebook {uri} is not open in the daemon "
                         "(no notebookDocument/didOpen for it): reopen the notebook.")
        return doc

    def synced_cells(self, uri: str) -> list[Any]:
        """The notebook's code cells as pygls holds them after the sync."""
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is None:
            return []
        return [c for c in notebook.cells if c.kind == lsp.NotebookCellKind.Code]

    def cell_text(self, cell_uri: str) -> str:
        return self.workspace.get_text_document(cell_uri).source

    def publish(self, doc: NotebookDoc, removed: tuple[str, ...] = ()) -> None:
        """Send the diagnostics of the cells whose diagnostics changed."""
        found = D.notebook_diagnostics(doc)
        before = self.published.get(doc.uri, {})
        for cell in set(found) | set(before) | set(removed):
            diagnostics = found.get(cell, ())
            if before.get(cell, ()) != diagnostics or cell in removed:
                self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                    uri=cell, diagnostics=[_lsp_diagnostic(d) for d in diagnostics]))
        self.published[doc.uri] = found

    # --- kernels ---------------------------------------------------------------------------

    def kernel(self, notebook_uri: str) -> KernelLink:
        """The notebook's kernel link (its Session starts on the first run)."""
        link = self.kernels.get(notebook_uri)
        if link is None:
            batcher = self.batcher
            link = KernelLink(
                self.kernel_options,
                on_event=lambda event: batcher.event(notebook_uri, event),
                on_status=lambda state, message: batcher.status(notebook_uri, state, message))
            self.kernels[notebook_uri] = link
        return link

    def require_trust(self) -> None:
        if not self.settings.trusted:
            raise _error("untrusted", "This workspace is not trusted, so Lichen runs no code in "
                         "it: trust the workspace to run cells.")

    @property
    def batcher(self) -> EventBatcher:
        if self._batcher is None:
            self._batcher = EventBatcher(self.loop, self.send_lichen)
        return self._batcher

    def close_kernels(self) -> None:
        links, self.kernels = list(self.kernels.values()), {}
        for link in links:
            try:
                link.close()
            except Exception:  # one kernel failing to stop must not keep the others alive
                log.exception("closing a kernel failed")

    # --- messages --------------------------------------------------------------------------

    def send_lichen(self, method: str, params: Any) -> None:
        """Send a `lichen/*` notification (faster than pygls's generic path)."""
        try:
            self.protocol.send_raw({"jsonrpc": "2.0", "method": method, "params": params})
        except (BrokenPipeError, ValueError):  # the editor is gone; stdin's end follows
            pass

    def show(self, message: str, kind: lsp.MessageType = lsp.MessageType.Error) -> None:
        log.warning("%s", message)
        self.window_log_message(lsp.LogMessageParams(type=kind, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log what went wrong; answer unreadable JSON with a parse error (id null)."""
        if isinstance(error, json.JSONDecodeError):
            self.protocol.send_error(None, _PARSE_ERROR, f"Parse error: {error}")
            return
        if source is FeatureRequestError:  # the request was answered with the error
            return
        log.error("%s", error)
        try:
            self.window_log_message(lsp.LogMessageParams(
                type=lsp.MessageType.Error, message=f"Lichen daemon: {error}"))
        except Exception:
            pass

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()  # handlers run on it
        return self._loop


def _error(code: str, message: str) -> JsonRpcServerError:
    return JsonRpcServerError(message, P.ERROR_CODES[code])


def params_of(tp: type[T], params: Any) -> T:
    """The request's params as `tp`, or an InvalidParams error saying what is wrong."""
    try:
        return decode(params, tp)
    except WireError as error:
        raise JsonRpcInvalidParams(f"Invalid params: {error}") from None


def _lsp_diagnostic(d: D.CellDiagnostic) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=lsp.Range(lsp.Position(d.line, d.character), lsp.Position(d.end_line, d.end_character)),
        message=d.message, severity=lsp.DiagnosticSeverity(d.severity), code=d.code,
        source="lichen")


# --- handlers --------------------------------------------------------------------------------------


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
    return to_json_value(notebook_data.to_data(parse(request.text)))


def lichen_serialize(ls: LichenServer, params: Any) -> Any:
    """NotebookData as a file's text, rewriting only what changed."""
    request = params_of(P.SerializeParams, params)
    try:
        notebook = notebook_data.to_notebook(request.notebook)
    except (ValueError, TypeError) as error:
        raise JsonRpcInvalidParams(f"Invalid params: {error}") from None
    return to_json_value(P.SerializeResult(serialize(notebook)))


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
        raise _error("unknownCell", f"No cell {request.cellUri} in {request.notebookUri}.")
    meta = doc.metadata(request.cellUri)
    doc = with_metadata(doc, request.cellUri, _replace_config(meta, request.config))
    ls.notebooks[doc.uri] = doc
    link = ls.kernels.get(doc.uri)
    if link is None or not link.started:
        return to_json_value(P.RunResult(ok=True))
    config = notebook_data.to_config(request.config)
    return await _kernel_call(ls, doc, lambda link, doc: link.set_config(doc, request.cellUri,
                                                                         config))


def lichen_interrupt(ls: LichenServer, params: Any) -> None:
    """Interrupt the running cell; the run's queued cells are cancelled."""
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
    ls.require_trust()
    link = ls.kernel(doc.uri)
    with ls.batcher.held():  # the run's events all go out before the reply
        result = await _guard_kernel(call(link, doc))
    return to_json_value(result)


async def _guard_kernel(awaitable: Any) -> Any:
    try:
        return await awaitable
    except KernelUnavailable as error:
        raise _error(error.code, error.message) from None


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
            except WireError as error:
                log.warning("metadata of %s ignored: %s", cell.document, error)
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
    (P.INTERRUPT, lichen_interrupt),
    (P.RESTART, lichen_restart),
)


def create_server() -> LichenServer:
    server = LichenServer()
    for method, handler in HANDLERS:
        server.feature(method)(handler)
    return server


def serve() -> None:
    """Serve the editor over stdio until it goes away (exit, end of input, or its process
    ending), then end every kernel and the process."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="lichen daemon: %(levelname)s %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_AnsweredErrors())
    server = create_server()
    try:
        server.start_io()
    finally:
        server.close_kernels()
        try:
            sys.stdout.flush()
        except ValueError:  # pygls closed it on exit
            pass
        # LSP: exit without shutdown is an error. os._exit, because pygls's reader thread may
        # still block on stdin, and nothing is left to wait for.
        os._exit(1 if server.exiting and not server.shut_down else 0)
