"""The worker's server: the editor service's host in the Pyodide worker.

`WasmServer(send)` takes JSON-RPC messages as text (`receive`) and gives its replies and
notifications to `send`, as text; every method of the editor service's table
(`lichen.editor.handlers`) goes to its `Editor`, and an `EditorError` becomes the JSON-RPC error
of its code. What this host brings (`lichen.editor.host`): the runtime in this interpreter
(`link`, `session`), an outbox that decides as messages are queued (`outbox`), no debugging, and
packages: runs go one at a time, in the order asked, each against the notebook as it was when it
was asked for; before a run, the modules its cells import that are missing are installed
(`packages`), and the notebook's PEP 723 dependencies when it opens.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any, Awaitable, Callable, Iterable, TypeVar

from lichen.editor import Editor, EditorError
from lichen.editor.documents import NotebookDoc
from lichen.editor.handlers import METHODS, handle
from lichen.editor.host import INFO, WARNING
from lichen.editor.kernel_link import KernelLink
from lichen.editor.settings import KernelOptions
from lichen.protocol import Settings
from lichen.wasm.link import LocalLink
from lichen.wasm.outbox import RunOutbox
from lichen.distributions import distribution
from lichen.wasm.packages import (
    Install,
    Installer,
    imported_modules,
    missing,
    script_dependencies,
)
from lichen.wasm.pyodide_install import unpack_shipped
from lichen.wasm.rpc import Dispatcher, RpcError

T = TypeVar("T")

DEBUG_UNAVAILABLE = (
    "Debugging cells is not available in VS Code for the Web: Lichen runs them in the browser's "
    "Python (Pyodide), where the debugger (debugpy) cannot run. Open the folder in desktop VS "
    "Code to set breakpoints in cells.")


class WasmServer:
    debug_unavailable = DEBUG_UNAVAILABLE

    def __init__(self, send: Callable[[str], None], install: Install | None = None) -> None:
        self._send_text = send
        self.outbox = RunOutbox(self.notify)
        self.installer = Installer(install) if install is not None else None
        self.header_installs: dict[str, asyncio.Future[None]] = {}
        self._turn: asyncio.Future[None] | None = None  # the last run asked for
        self.editor = Editor(self)
        self.rpc = Dispatcher({m: self._handler(m) for m in METHODS}, self._send)

    def receive(self, text: str) -> None:
        """One message from the editor."""
        self.rpc.receive(text)

    def close_kernels(self) -> None:
        self.editor.close_kernels()

    def _handler(self, method: str) -> Callable[[Any], Any]:
        def call(params: Any) -> Any:
            try:
                result = handle(self.editor, method, params)
            except EditorError as error:
                raise RpcError(error.number, error.message) from None
            if asyncio.iscoroutine(result):
                return _rpc_errors(result)
            return result
        return call

    # --- the editor service's host ---------------------------------------------------------

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def new_link(self, notebook_uri: str, options: KernelOptions) -> KernelLink:
        outbox = self.outbox
        return LocalLink(options,
                         on_event=lambda event: outbox.event(notebook_uri, event),
                         on_status=lambda *status: outbox.status(notebook_uri, *status))

    def kernel_options(self, settings: Settings,
                       on_problem: Callable[[str], None]) -> KernelOptions:
        return KernelOptions(sys.executable, settings.onCellChange, {})  # no env file here

    def kernel_turn(self, doc: NotebookDoc, cells: Iterable[str],
                    work: Callable[[], Awaitable[T]]) -> Awaitable[T]:
        return self._in_turn(lambda: self._prepared(doc, tuple(cells), work))

    async def analyse(self, work: Callable[[], T]) -> T:
        # One thread: the analysis runs now. Jedi and parso are unpacked on the first request.
        unpack_shipped("parso", "parso")
        unpack_shipped("jedi", "jedi")
        return work()

    def initialized(self, process_id: int | None) -> None:
        pass  # no editor process to watch: the worker's host ends the worker

    def opened(self, doc: NotebookDoc, metadata: dict[str, Any]) -> None:
        header = metadata.get("header")
        if self.installer is None or not isinstance(header, str):
            return
        requirements, problem = script_dependencies(header)
        if problem:
            self.editor.show(f"{doc.uri}: {problem}", WARNING)
        if requirements:
            task = asyncio.ensure_future(self.install_requirements(doc.uri, requirements))
            self.header_installs[doc.uri] = task

    def closed(self, notebook_uri: str) -> None:
        self.header_installs.pop(notebook_uri, None)

    def close_link(self, link: KernelLink) -> None:
        link.close()

    # --- runs ------------------------------------------------------------------------------

    async def _prepared(self, doc: NotebookDoc, cells: tuple[str, ...],
                        work: Callable[[], Awaitable[T]]) -> T:
        pending = self.header_installs.get(doc.uri)
        if pending is not None:
            await pending
        await self.install_imports(doc, cells)
        try:
            return await work()
        finally:
            self.outbox.flush()

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
        self.editor.show(f"Installing the dependencies of {uri}: {', '.join(requirements)}", INFO)
        failed = []
        for requirement in requirements:
            outcome = await self.installer.ensure(requirement)
            if not outcome.ok:
                failed.append(f"{requirement} ({outcome.problem})")
        if failed:
            self.editor.show(f"Lichen could not install these dependencies of {uri}: "
                             f"{'; '.join(failed)}. Cells that import them will fail.", WARNING,
                             popup=True)

    def stream(self, notebook_uri: str, cell_uri: str, name: str, text: str) -> None:
        self.outbox.event(notebook_uri, {"cellUri": cell_uri,
                                         "event": {"name": name, "text": text, "kind": "stream"}})
        self.outbox.flush()

    def _send(self, message: dict[str, Any]) -> None:
        self._send_text(json.dumps(message, ensure_ascii=False, separators=(",", ":")))


async def _rpc_errors(result: Awaitable[Any]) -> Any:
    """The awaited result; an EditorError becomes the JSON-RPC error of its code."""
    try:
        return await result
    except EditorError as error:
        raise RpcError(error.number, error.message) from None
