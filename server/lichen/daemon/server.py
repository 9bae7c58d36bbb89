"""`lichen lsp`: the daemon the VS Code extension talks to, over stdio; the editor service's host
for desktop VS Code.

One `LichenServer` per window: pygls reads and writes the messages (`transport`), and every
method of the editor service's table (`lichen.editor.handlers`) goes to its `Editor`. What this
host brings (`lichen.editor.host`): kernels as processes, each behind a worker thread
(`kernels`), cell events batched onto the loop (`outbox`), debugging, the settings' interpreter
and env file, and ending with the editor's process (`lifetime`). A message the daemon cannot
read gets a JSON-RPC error; nothing the editor sends crashes it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable, Iterable, TypeVar

try:
    from lsprotocol import types as lsp
    from pygls.exceptions import FeatureRequestError
    from pygls.io_ import StdoutWriter
    from pygls.lsp.server import LanguageServer
except ImportError as missing:  # pragma: no cover - depends on the installation
    raise ImportError(f"`lichen lsp` needs pygls and lsprotocol ({missing}): install them with "
                      f"`{sys.executable} -m pip install 'lichen[lsp]'`") from missing

from lichen import __version__
from lichen.daemon.envfile import current_env, kernel_options
from lichen.daemon.kernels import ThreadedLink
from lichen.daemon.lifetime import watch_parent
from lichen.daemon.outbox import LoopOutbox
from lichen.daemon.transport import PARSE_ERROR, AnsweredErrors, LichenProtocol, read_messages
from lichen.editor import Editor
from lichen.editor.documents import NotebookDoc
from lichen.editor.kernel_link import KernelLink
from lichen.editor.settings import KernelOptions
from lichen.protocol import Settings

log = logging.getLogger("lichen.daemon")
T = TypeVar("T")


class LichenServer(LanguageServer):
    """The daemon: pygls's server around the editor service, and the host it needs."""

    protocol: LichenProtocol
    debug_unavailable = None  # debugpy runs in the kernel processes

    def __init__(self) -> None:
        super().__init__("lichen", __version__, protocol_cls=LichenProtocol)
        self._outbox: LoopOutbox | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop pygls serves on
        # Language analysis, one request at a time (Jedi is not thread-safe), off the loop.
        self._analysis = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lichen-language")
        self.editor = Editor(self)
        self.protocol.editor = self.editor

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

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()  # handlers run on it
        return self._loop

    # --- the editor service's host ---------------------------------------------------------

    @property
    def outbox(self) -> LoopOutbox:
        if self._outbox is None:
            self._outbox = LoopOutbox(self.loop, self.notify)
        return self._outbox

    def notify(self, method: str, params: Any) -> None:
        """Send a notification (faster than pygls's generic path)."""
        try:
            self.protocol.send_raw({"jsonrpc": "2.0", "method": method, "params": params})
        except (BrokenPipeError, ValueError):  # the editor is gone; stdin's end follows
            pass

    def new_link(self, notebook_uri: str, options: KernelOptions) -> KernelLink:
        outbox = self.outbox
        return ThreadedLink(
            options, on_event=lambda event: outbox.event(notebook_uri, event),
            on_status=lambda *status: outbox.status(notebook_uri, *status))

    def kernel_options(self, settings: Settings,
                       on_problem: Callable[[str], None]) -> KernelOptions:
        loop = self._loop  # the env file is read on a thread; its problems go to the loop

        def report(message: str) -> None:
            if loop is not None:
                loop.call_soon_threadsafe(on_problem, message)
        return kernel_options(settings, current_env(), report)

    async def kernel_turn(self, doc: NotebookDoc, cells: Iterable[str],
                          work: Callable[[], Awaitable[T]]) -> T:
        with self.outbox.held():  # the run's events all go out before the reply
            return await work()

    def analyse(self, work: Callable[[], T]) -> Awaitable[T]:
        return self.loop.run_in_executor(self._analysis, work)

    def initialized(self, process_id: int | None) -> None:
        loop = self.loop
        watch_parent(process_id, lambda: loop.call_soon_threadsafe(self._exit_now))

    def opened(self, doc: NotebookDoc, metadata: dict[str, Any]) -> None:
        pass

    def closed(self, notebook_uri: str) -> None:
        pass

    def close_link(self, link: KernelLink) -> None:
        self.loop.run_in_executor(None, link.close)

    # --- errors ----------------------------------------------------------------------------

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

    def _exit_now(self) -> None:
        """The editor is gone: end the kernels and the daemon."""
        self.editor.close_kernels()
        os._exit(0)


def serve() -> None:
    """Serve the editor over stdio until it goes away (exit, end of input, or its process
    ending), then end every kernel and the process."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="lichen daemon: %(levelname)s %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(AnsweredErrors())
    server = LichenServer()
    try:
        server.start_io()
    finally:
        server.editor.close_kernels()
        try:
            sys.stdout.flush()
        except ValueError:  # pygls closed it on exit
            pass
        # LSP: exit without shutdown is an error. os._exit, because pygls's reader thread may
        # still block on stdin, and nothing is left to wait for.
        editor = server.editor
        os._exit(1 if editor.exiting and not editor.shut_down else 0)
