"""`lichen lsp`: the daemon the VS Code extension talks to, over stdio.

One `LichenServer` per window. It keeps every open notebook's cells and dependency graph current
through the LSP notebook sync, publishes reactivity errors as diagnostics on the cells as the
user types, and answers the `lichen/*` methods of `lichen.protocol` (parse, serialize, runs),
streaming cell events back while a run goes on. The handlers (`handlers`) are thin: the work is
in the modules they call. A message the daemon cannot read gets a JSON-RPC error (`transport`);
nothing the editor sends crashes it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
from typing import Any, TypeVar

try:
    from lsprotocol import types as lsp
    from pygls.exceptions import FeatureRequestError, JsonRpcInvalidParams, JsonRpcServerError
    from pygls.io_ import StdoutWriter
    from pygls.lsp.server import LanguageServer
except ImportError as missing:  # pragma: no cover - depends on the installation
    raise ImportError(f"`lichen lsp` needs pygls and lsprotocol ({missing}): install them with "
                      f"`{sys.executable} -m pip install 'lichen[lsp]'`") from missing

from lichen import __version__
from lichen import protocol as P
from lichen.daemon import diagnostics as D
from lichen.daemon.document import NotebookDoc
from lichen.daemon.events import EventBatcher
from lichen.daemon.kernels import KernelLink
from lichen.daemon.settings import KernelOptions, current_env, kernel_options, read_settings
from lichen.daemon.transport import PARSE_ERROR, AnsweredErrors, LichenProtocol, read_messages
from lichen.daemon.wire import WireError, decode

log = logging.getLogger("lichen.daemon")
T = TypeVar("T")


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
        self.kernel_options: KernelOptions = kernel_options(self.settings, current_env())
        self.notebooks: dict[str, NotebookDoc] = {}
        self.kernels: dict[str, KernelLink] = {}
        self.published: dict[str, dict[str, tuple[D.CellDiagnostic, ...]]] = {}
        self._batcher: EventBatcher | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop pygls serves on
        self.shut_down = False  # `shutdown` came: exit is orderly
        self.exiting = False  # `exit` came

    # --- transport -------------------------------------------------------------------------

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """Serve over stdio until the input ends or `exit` comes."""
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
        self._loop = asyncio.get_running_loop()
        await read_messages(stdin, self.protocol, self._stop_event, self.thread_pool,
                            self.report_server_error)

    # --- settings --------------------------------------------------------------------------

    def apply_settings(self, value: Any) -> None:
        """Take new settings: running kernels switch mode at once; a new interpreter or
        environment applies from the next kernel restart (or new kernel)."""
        settings, problem = read_settings(value)
        if problem:
            self.show(problem, lsp.MessageType.Warning)
        loop = self.loop
        options = kernel_options(settings, current_env(), lambda message: loop.call_soon_threadsafe(
            self.show, message, lsp.MessageType.Warning))
        self.settings, self.kernel_options = settings, options
        for link in self.kernels.values():
            if link.options.mode != options.mode:
                link.set_mode(options.mode)
            link.options = KernelOptions(options.python, options.mode, options.env)

    # --- notebooks -------------------------------------------------------------------------

    def notebook(self, uri: str) -> NotebookDoc:
        doc = self.notebooks.get(uri)
        if doc is None:
            raise error("unknownNotebook", f"The notebook {uri} is not open in the daemon "
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
        found, to_send = D.changed_diagnostics(doc, self.published.get(doc.uri, {}), removed)
        for cell, diagnostics in to_send.items():
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=cell, diagnostics=[lsp_diagnostic(d) for d in diagnostics]))
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
            raise error("untrusted", "This workspace is not trusted, so Lichen runs no code in "
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
            self.protocol.send_error(None, PARSE_ERROR, f"Parse error: {error}")
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


def error(code: str, message: str) -> JsonRpcServerError:
    """A JSON-RPC error of one of the protocol's codes (`lichen.protocol.ERROR_CODES`)."""
    return JsonRpcServerError(message, P.ERROR_CODES[code])


def params_of(tp: type[T], params: Any) -> T:
    """The request's params as `tp`, or an InvalidParams error saying what is wrong."""
    try:
        return decode(params, tp)
    except WireError as error:
        raise JsonRpcInvalidParams(f"Invalid params: {error}") from None


def lsp_diagnostic(d: D.CellDiagnostic) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=lsp.Range(lsp.Position(d.line, d.character), lsp.Position(d.end_line, d.end_character)),
        message=d.message, severity=lsp.DiagnosticSeverity(d.severity), code=d.code,
        source="lichen")


def create_server() -> LichenServer:
    from lichen.daemon.handlers import HANDLERS

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
        handler.addFilter(AnsweredErrors())
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
