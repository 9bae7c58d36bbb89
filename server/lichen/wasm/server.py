"""The worker's server: the editor's notebooks, their diagnostics and their runtimes, answering
the daemon's methods with the daemon's logic (`lichen.daemon`'s document, diagnostics,
notebook_data, wire and kernel link modules).

`WasmServer(send)` takes JSON-RPC messages as text (`receive`) and gives its replies and
notifications to `send`, as text. Runs go one at a time, in the order asked, each against the
notebook as it was when it was asked for; before a run, the modules its cells import that are
missing are installed (`packages`), and the notebook's PEP 723 dependencies when it opens.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any, Awaitable, Callable, Iterable, TypeVar

from lichen import protocol as P
from lichen.daemon import diagnostics as D
from lichen.daemon.document import NotebookDoc
from lichen.daemon.kernels import KernelUnavailable
from lichen.daemon.settings import KernelOptions, read_settings
from lichen.daemon.wire import WireError, decode, to_json_value
from lichen.wasm.link import LocalLink
from lichen.wasm.outbox import Outbox
from lichen.wasm.packages import Install, Installer, distribution, imported_modules, missing
from lichen.wasm.rpc import INVALID_PARAMS, Dispatcher, RpcError
from lichen.wasm.sync import Notebooks

T = TypeVar("T")
INFO, WARNING, ERROR = 3, 2, 1  # LSP MessageType


class WasmServer:
    def __init__(self, send: Callable[[str], None], install: Install | None = None) -> None:
        from lichen.wasm.handlers import HANDLERS

        self._send_text = send
        self.settings = P.Settings()
        self.mode = self.settings.onCellChange
        self.synced = Notebooks()
        self.notebooks: dict[str, NotebookDoc] = {}
        self.kernels: dict[str, LocalLink] = {}
        self.published: dict[str, dict[str, tuple[D.CellDiagnostic, ...]]] = {}
        self.outbox = Outbox(self.notify)
        self.installer = Installer(install) if install is not None else None
        self.header_installs: dict[str, asyncio.Future[None]] = {}
        self._turn: asyncio.Future[None] | None = None  # the last run asked for
        self.shut_down = False
        self.exiting = False
        self.rpc = Dispatcher({m: _bound(h, self) for m, h in HANDLERS}, self._send)

    def receive(self, text: str) -> None:
        """One message from the editor."""
        self.rpc.receive(text)

    # --- settings --------------------------------------------------------------------------

    def apply_settings(self, value: Any) -> None:
        settings, problem = read_settings(value)
        if problem:
            self.show(problem, WARNING)
        self.settings = settings
        self.mode = settings.onCellChange
        for link in self.kernels.values():
            if link.options.mode != self.mode:
                link.set_mode(self.mode)

    def require_trust(self) -> None:
        if not self.settings.trusted:
            raise error("untrusted", "This workspace is not trusted, so Lichen runs no code in "
                        "it: trust the workspace to run cells.")

    # --- notebooks -------------------------------------------------------------------------

    def notebook(self, uri: str) -> NotebookDoc:
        doc = self.notebooks.get(uri)
        if doc is None:
            raise error("unknownNotebook", f"The notebook {uri} is not open in the daemon "
                        "(no notebookDocument/didOpen for it): reopen the notebook.")
        return doc

    def publish(self, doc: NotebookDoc, removed: tuple[str, ...] = ()) -> None:
        """Send the diagnostics of the cells whose diagnostics changed."""
        found, to_send = D.changed_diagnostics(doc, self.published.get(doc.uri, {}), removed)
        for cell, diagnostics in to_send.items():
            self.clear_diagnostics(cell, diagnostics)
        self.published[doc.uri] = found

    def clear_diagnostics(self, cell: str, diagnostics: Iterable[D.CellDiagnostic] = ()) -> None:
        self.notify("textDocument/publishDiagnostics",
                    {"uri": cell, "diagnostics": [lsp_diagnostic(d) for d in diagnostics]})

    # --- runs ------------------------------------------------------------------------------

    def kernel(self, uri: str) -> LocalLink:
        link = self.kernels.get(uri)
        if link is None:
            outbox = self.outbox
            link = LocalLink(KernelOptions(sys.executable, self.mode, {}),
                             on_event=lambda event: outbox.event(uri, event),
                             on_status=lambda state, message: outbox.status(uri, state, message))
            self.kernels[uri] = link
        return link

    def kernel_call(self, doc: NotebookDoc, call: Callable[[LocalLink, NotebookDoc], Awaitable[T]],
                    cells: Iterable[str] = ()) -> Awaitable[Any]:
        """`call(link, doc)` in its turn, once the modules `cells` import are installed; its
        result as JSON data. Checks trust now."""
        self.require_trust()
        return self._in_turn(lambda: self._kernel_call(doc, call, tuple(cells)))

    async def _kernel_call(self, doc: NotebookDoc, call: Callable[..., Awaitable[T]],
                           cells: tuple[str, ...]) -> Any:
        pending = self.header_installs.get(doc.uri)
        if pending is not None:
            await pending
        await self.install_imports(doc, cells)
        link = self.kernel(doc.uri)
        try:
            result = await call(link, doc)
        except KernelUnavailable as failure:
            raise error(failure.code, failure.message) from None
        finally:
            self.outbox.flush()
        return to_json_value(result)

    async def _in_turn(self, work: Callable[[], Awaitable[T]]) -> T:
        previous = self._turn
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._turn = mine
        try:
            if previous is not None:
                await previous
            return await work()
        finally:
            mine.set_result(None)
            if self._turn is mine:
                self._turn = None

    # --- packages --------------------------------------------------------------------------

    async def install_imports(self, doc: NotebookDoc, cells: Iterable[str]) -> None:
        """Install the modules the cells import that are missing, telling each first cell that
        imports one what is going on."""
        if self.installer is None:
            return
        first: dict[str, str] = {}  # module -> the first cell importing it
        for cell in doc.graph.order(cells):
            for module in imported_modules(doc.code(cell)):
                first.setdefault(module, cell)
        for module in missing(first):
            name, cell = distribution(module), first[module]
            fresh = not self.installer.tried(name)
            if fresh:
                self.stream(doc.uri, cell, "stdout",
                            f"Installing {name} (imported as {module})...\n")
            outcome = await self.installer.ensure(name)
            if outcome.ok and fresh:
                self.stream(doc.uri, cell, "stdout", f"Installed {name} {outcome.version}.\n")
            elif not outcome.ok:  # said again at each run, so the cell's error has its reason
                self.stream(doc.uri, cell, "stderr",
                            f"Lichen could not install {name} here: {outcome.problem}.\n")

    async def install_requirements(self, uri: str, requirements: list[str]) -> None:
        """A notebook's PEP 723 dependencies, when it opens."""
        assert self.installer is not None
        self.show(f"Installing the dependencies of {uri}: {', '.join(requirements)}", INFO)
        failed = []
        for requirement in requirements:
            outcome = await self.installer.ensure(requirement)
            if not outcome.ok:
                failed.append(f"{requirement} ({outcome.problem})")
        if failed:
            self.show(f"Lichen could not install these dependencies of {uri}: "
                      f"{'; '.join(failed)}. Cells that import them will fail.", WARNING,
                      popup=True)

    def stream(self, notebook_uri: str, cell_uri: str, name: str, text: str) -> None:
        self.outbox.event(notebook_uri, {"cellUri": cell_uri,
                                         "event": {"name": name, "text": text, "kind": "stream"}})
        self.outbox.flush()

    # --- messages --------------------------------------------------------------------------

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def show(self, message: str, kind: int = ERROR, popup: bool = False) -> None:
        """In the log (and as a notification with `popup`)."""
        self.notify("window/logMessage", {"type": kind, "message": message})
        if popup:
            self.notify("window/showMessage", {"type": kind, "message": message})

    def close_kernels(self) -> None:
        links, self.kernels = list(self.kernels.values()), {}
        for link in links:
            link.close()

    def _send(self, message: dict[str, Any]) -> None:
        self._send_text(json.dumps(message, ensure_ascii=False, separators=(",", ":")))


def error(code: str, message: str) -> RpcError:
    """A JSON-RPC error of one of the protocol's codes (`lichen.protocol.ERROR_CODES`); codes
    the protocol does not name are the request's fault (invalid params)."""
    return RpcError(P.ERROR_CODES.get(code, INVALID_PARAMS), message)


def params_of(tp: type[T], params: Any) -> T:
    try:
        return decode(params, tp)
    except WireError as problem:
        raise RpcError(INVALID_PARAMS, f"Invalid params: {problem}") from None


def lsp_diagnostic(d: D.CellDiagnostic) -> dict[str, Any]:
    return {"range": {"start": {"line": d.line, "character": d.character},
                      "end": {"line": d.end_line, "character": d.end_character}},
            "message": d.message, "severity": d.severity, "code": d.code, "source": "lichen"}


def _bound(handler: Callable[..., Any], server: WasmServer) -> Callable[[Any], Any]:
    return lambda params: handler(server, params)
