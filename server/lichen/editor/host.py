"""What the editor service needs from the place it runs in: the one interface each host implements.

Two hosts: the daemon (`lichen.daemon`: pygls over stdio, kernels as processes) and the Pyodide
worker (`lichen.wasm`: its own JSON-RPC, the runtime in the same interpreter). Everything else
about a method is the service's (`lichen.editor.handlers`). A host decides these once, when it
is built:

- how messages go out: `notify` (a notification, JSON data) and the `outbox` kernels' events
  go through;
- how a kernel is reached: `new_link` (a kernel process behind a worker thread, or the
  in-process runtime), `kernel_options` (the interpreter and environment kernels start with),
  and `kernel_turn`, around every call that runs cells (the daemon batches the run's events on a
  timer; the worker runs one call at a time and installs missing packages first);
- what is available: `debug_unavailable` (None where debugging is offered, else why not);
- where language analysis runs (`analyse`: Jedi is slow on a library's first inference, so the
  daemon runs it on a thread of its own; the worker has one thread and runs it in turn);
- what it does at the edges of a notebook's or the editor's life (`initialized`, `opened`,
  `closed`, `close_link`).
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Iterable, Protocol, TypeVar

from lichen.editor.documents import NotebookDoc
from lichen.editor.kernel_link import KernelLink
from lichen.editor.outbox import Outbox
from lichen.editor.settings import KernelOptions
from lichen.protocol import Settings

T = TypeVar("T")

# LSP MessageType
ERROR, WARNING, INFO = 1, 2, 3


class Host(Protocol):
    outbox: Outbox
    debug_unavailable: str | None

    def notify(self, method: str, params: Any) -> None:
        """Send a notification to the editor (params as JSON data)."""

    def new_link(self, notebook_uri: str, options: KernelOptions) -> KernelLink:
        """A link to a new kernel for the notebook (it starts on the first run), whose events
        and statuses go to the outbox."""

    def kernel_options(self, settings: Settings,
                       on_problem: Callable[[str], None]) -> KernelOptions:
        """How kernels start under these settings; `on_problem(message)` (on the host's loop,
        perhaps later) tells why part of them could not be used."""

    def kernel_turn(self, doc: NotebookDoc, cells: Iterable[str],
                    work: Callable[[], Awaitable[T]]) -> Awaitable[T]:
        """`work()` (a call on the notebook's kernel that may run `cells`), when the host lets
        it go, with the events it causes sent before it ends."""

    def analyse(self, work: Callable[[], T]) -> Awaitable[T]:
        """`work()`, a language request's analysis (`lichen.language`), one at a time, where
        it does not hold up the messages of kernels; its result."""

    def initialized(self, process_id: int | None) -> None:
        """The editor said hello (`processId` is its process, when it has one)."""

    def opened(self, doc: NotebookDoc, metadata: dict[str, Any]) -> None:
        """A notebook opened (its editor metadata, e.g. the file's header)."""

    def closed(self, notebook_uri: str) -> None:
        """A notebook closed."""

    def close_link(self, link: KernelLink) -> None:
        """End a kernel nobody needs anymore (without blocking the editor)."""
