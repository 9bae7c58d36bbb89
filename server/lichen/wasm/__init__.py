"""The Pyodide worker's Python side: the editor service and the runtime in one interpreter.

In VS Code for the Web there is no Python to start and no process to spawn, so a web worker
running Pyodide takes the place of both the daemon and the kernel. It is the editor service's
other host (`lichen.editor`): the same methods, the same handlers, over the same `Runtime` the
kernel process runs.

What is not reused, and why:
- pygls and lsprotocol: they run in Pyodide, but importing them (with cattrs and attrs) costs
  2 to 5 s there, more than Pyodide's own start; the worker needs a small part of them (JSON-RPC
  over whole messages), which `rpc` does with the standard library;
- the kernel process (`lichen.kernel`, `lichen.session`): pyzmq, msgspec and debugpy have no
  wheels here, and there is no process to run. `LocalSession` runs the Runtime in this
  interpreter and `LocalLink` drives it through the editor's `KernelLink`, without threads
  (Pyodide has none);
- interrupts: the worker's host writes into Pyodide's interrupt buffer (a SharedArrayBuffer),
  which raises KeyboardInterrupt in the running cell; without one it restarts the worker.

Modules: `server` (the host), `rpc`, `outbox` (events sent while a run holds the thread),
`session`, `link`, `packages` (missing imports and PEP 723 dependencies), `pyodide_install`
(micropip). Nothing here needs zmq, msgspec, debugpy or pygls.
"""

from __future__ import annotations

from typing import Callable

from lichen.wasm.server import WasmServer

__all__ = ["WasmServer", "start"]


def start(send: Callable[[str], None], index_urls: list[str] | None = None) -> WasmServer:
    """The worker's server, sending each message (JSON text) with `send`; in Pyodide it installs
    missing packages with micropip (from the shipped wheels, else from `index_urls`, by default
    PyPI)."""
    from lichen.wasm import pyodide_install

    if not pyodide_install.in_pyodide():
        return WasmServer(send)
    return WasmServer(send, pyodide_install.Micropip(index_urls).install)
