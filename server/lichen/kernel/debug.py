"""Debugging cells: debugpy inside the kernel, started on request, showing cells as the editor's.

debugpy starts on the first `debug` command, never at kernel start (importing it costs start-up
time), in this process (no adapter process: a faster attach, and an interrupt sent to the
kernel's process group cannot hit it), and opens no port: its DAP messages travel over the
kernel's own channel (`lichen.kernel.debug_relay`: IPC in the kernel's private directory, which
only the user reaches), so no other user of the machine can attach. pydevd would listen on TCP
for its clients; the thread that would listen is replaced, while debugpy starts, by one that
does not, and each client session gets a socket pair whose other end the relay holds. debugpy
stays started until the kernel ends: an editor that detaches leaves the kernel running with its
state, and can attach again. Runs are traced only while a debugger is attached (tracing makes
Python code run a few times slower).

Two things the runtime does not let debugpy see are passed on: an exception a cell raises (the
runtime catches them all) stops as an uncaught one, if the editor asks for those; and an
interrupt that arrives while a cell is paused is delivered in the cell's code, not inside
debugpy's (see `_Interrupts`).

How a breakpoint set on a cell reaches the code that runs. The editor names a cell by its URI
(`vscode-notebook-cell:/home/me/nb.py#W0sZmlsZQ%3D%3D`); debugpy takes that for a relative path
and cannot find it. The kernel compiles cells under names in angle
brackets (`</home/me/nb.py#cell=Ab3x>`, `lichen.runtime.cells.cell_filename`), which debugpy
never looks for on disk. Two translations of debugpy's own bridge them:

1. the attach request's `pathMappings` (`path_mappings`, handed to the editor by the daemon)
   replace the notebook's URI prefix, everything up to `#`, with `<lichen-cell:`: the cell above
   is `<lichen-cell:W0sZmlsZQ%3D%3D` inside debugpy;
2. a source map (the mechanism behind debugpy's `setPydevdSourceMap` request) maps every line
   of that name to the same line of the cell's compile name. The kernel sets it itself, as soon
   as the daemon names the cells (when debugging starts, and before a run that follows an added
   cell), so it is in place before any cell of the run starts.

Both are reversed for stack frames, so the editor shows the paused line in the cell itself. A
second mapping, `/` to `/`, keeps real files (the user's modules) as they are: without it,
debugpy serves every unmapped file as a read-only copy.

Why not real files per cell (write each cell's source to a file and compile under its path):
the file names would have to be chosen before debugging starts, so cells that ran before it, and
the functions they define, would never stop; and every run would write files. A source map also
applies to code compiled long before it was set.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from collections.abc import Mapping
from typing import Any

from lichen.kernel import endpoints
from lichen.kernel.debug_relay import DebugRelay
from lichen.runtime.cells import cell_filename

# The name a cell has inside debugpy is this prefix and its URI's fragment.
SERVER_PREFIX = "<lichen-cell:"
# Seconds between tries to deliver an interrupt while debugpy's own code runs.
_REDELIVER = 0.01
# The kernel's own threads (outbox, output pumps, lifeline) go on while a cell is paused.
_KERNEL_THREADS = "lichen-"
# A source map entry covers the whole cell, however long it grows.
_ALL_LINES = 10**7

INSTALL_HINT = ("install it into that interpreter (`{python} -m pip install debugpy`, or "
                "`lichen[debug]`) and debug again")
# The first debugpy whose in-process adapter (pydevd speaking DAP itself) Lichen can use.
MIN_DEBUGPY = "1.8.1"


class DebuggerUnavailable(RuntimeError):
    """debugpy cannot run in this kernel; the message says what to do."""


def client_prefix(uri: str) -> str | None:
    """The part of a cell URI all cells of its notebook share (up to and including `#`)."""
    prefix, hash_, fragment = uri.partition("#")
    return prefix + hash_ if hash_ and fragment else None


def server_name(uri: str) -> str:
    """The name debugpy gives the cell `uri` once `path_mappings` applied."""
    return SERVER_PREFIX + uri.partition("#")[2]


def path_mappings(prefix: str | None) -> list[dict[str, str]]:
    """The attach request's `pathMappings` for a notebook whose cell URIs start with `prefix`."""
    identity = {"localRoot": "/", "remoteRoot": "/"}
    if prefix is None:
        return [identity]
    return [{"localRoot": prefix, "remoteRoot": SERVER_PREFIX}, identity]


class Debugger:
    """debugpy in this process, and the source maps of the cells of `runtime`."""

    def __init__(self, runtime: Any, server: Any):
        self._runtime = runtime
        self._server = server  # the KernelServer: the relay's context, endpoint and log
        self._debugpy: Any = None
        self._relay: DebugRelay | None = None
        self._prefix: str | None = None
        self._mapped: dict[str, str] = {}  # compile name -> the cell's name inside debugpy
        self._tracing = True  # whether debugpy traces this (the main) thread

    def start(self, cells: Mapping[str, str]) -> dict[str, Any]:
        """Start debugpy and the relay (the first time), map `cells` (cell id -> the editor's
        URI of the cell), and give the attach request's {"pathMappings"}."""
        if self._relay is None:
            self._start_debugpy()
            server = self._server
            self._relay = DebugRelay(server.context, endpoints.debug(server.directory),
                                     _attach, _detach, server.log)
            self._runtime.on_cell_exception = self._stop_on_exception
            kernel_handler = signal.getsignal(signal.SIGINT)
            signal.signal(signal.SIGINT, _Interrupts(kernel_handler, self._resume_untraced))
        self.map_cells(cells)
        return {"pathMappings": path_mappings(self._prefix)}

    def map_cells(self, cells: Mapping[str, str]) -> None:
        """Map each cell's name inside debugpy to its compile name (the notebook's first cell
        URI fixes the prefix; cells of another notebook are left out)."""
        if self._relay is None:
            return
        wanted = {}
        for cell_id, uri in cells.items():
            prefix = client_prefix(uri)
            if prefix is None:
                continue
            if self._prefix is None:
                self._prefix = prefix
            if prefix == self._prefix:
                wanted[cell_filename(self._runtime.filename, cell_id)] = server_name(uri)
        changed = {name: key for name, key in wanted.items() if self._mapped.get(name) != key}
        if changed:
            _set_source_maps(changed, self._mapped)
            self._mapped.update(changed)

    def before_run(self) -> None:
        """Called as a run starts: trace the thread that runs cells while a debugger is
        attached, and not otherwise (tracing makes cells run a few times slower)."""
        if self._debugpy is None:  # it could not start
            return
        _spare_kernel_threads()
        wanted = self._debugpy.is_client_connected()
        if wanted != self._tracing:
            self._debugpy.trace_this_thread(wanted)
            self._tracing = wanted

    def _resume_untraced(self) -> None:
        """Let the thread paused at a breakpoint go on, untraced, so no breakpoint holds it
        again before an interrupt reaches it (the next run traces it again)."""
        from _pydevd_bundle.pydevd_api import PyDevdAPI

        self._debugpy.trace_this_thread(False)
        self._tracing = False
        PyDevdAPI().request_resume_thread("*")

    def _start_debugpy(self) -> None:
        # The kernel starts without -Xfrozen_modules=off: do not warn about it in a cell's output.
        os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        try:
            import debugpy
        except ImportError:
            raise DebuggerUnavailable(
                f"debugpy is not installed for the kernel's Python ({sys.executable}): "
                + INSTALL_HINT.format(python=sys.executable)) from None
        _spare_kernel_threads()
        debugpy.configure(subProcess=False)  # leave the cells' subprocesses alone
        import pydevd  # debugpy's vendored pydevd, importable once debugpy is

        listener = getattr(pydevd.PyDB, "_WaitForConnectionThread", None)
        if listener is None or not _has_in_process_adapter(debugpy):
            raise DebuggerUnavailable(
                f"debugpy {getattr(debugpy, '__version__', '?')} in the kernel's Python "
                f"({sys.executable}) cannot debug without opening a port: install debugpy "
                f"{MIN_DEBUGPY} or newer (`{sys.executable} -m pip install -U debugpy`) and "
                "debug again")
        pydevd.PyDB._WaitForConnectionThread = _NoListener
        try:
            debugpy.listen(("127.0.0.1", 0), in_process_debug_adapter=True)
        finally:
            pydevd.PyDB._WaitForConnectionThread = listener
        self._debugpy = debugpy

    def _stop_on_exception(self, error: BaseException) -> None:
        """A cell raised: stop there as on an uncaught exception, if the editor asked for that
        (the runtime catches every exception, so debugpy would never see one uncaught)."""
        trigger = getattr(self._debugpy, "trigger_exception_handler", None)
        if trigger is None or not self._debugpy.is_client_connected():
            return
        trigger((type(error), error, error.__traceback__))


def _has_in_process_adapter(debugpy: Any) -> bool:
    import inspect

    return "in_process_debug_adapter" in inspect.signature(debugpy.listen).parameters


class _NoListener:
    """Stands in for pydevd's thread that would listen on TCP for clients: says "ready" at once,
    listening nowhere (clients come through the relay, `_attach`)."""

    def __init__(self, py_db: Any) -> None:
        self._py_db = py_db

    def start(self) -> None:
        self._py_db._server_socket_name = ("", 0)
        self._py_db.set_server_socket_ready()

    def do_kill_pydev_thread(self) -> None:
        pass


def _attach(sock: socket.socket) -> None:
    """A new client session on `sock` (on the relay's thread), as pydevd takes a new client of
    its listening socket: a session still open ends first, leaving paused threads paused."""
    import pydevd
    from _pydevd_bundle.pydevd_api import PyDevdAPI

    py_db = pydevd.get_global_debugger()
    if py_db is None:
        raise DebuggerUnavailable("debugpy did not start its debugger in the kernel")
    if getattr(py_db, "reader", None) is not None:
        PyDevdAPI().request_disconnect(py_db, resume_threads=False)
    py_db.initialize_network(sock, terminate_on_socket_close=False)


def _detach() -> None:
    """The client of the session went away without a disconnect (the editor closed, or a new
    session replaced it): breakpoints go, and paused threads go on."""
    import pydevd
    from _pydevd_bundle.pydevd_api import PyDevdAPI

    py_db = pydevd.get_global_debugger()
    if py_db is not None:
        PyDevdAPI().request_disconnect(py_db, resume_threads=True)


class _Interrupts:
    """The kernel's SIGINT handler, kept out of debugpy's code. A KeyboardInterrupt raised there
    (while the thread waits at a breakpoint, say) ends the thread's tracing in a state debugpy
    does not recover from. So while the main thread runs debugpy's code, the interrupt waits: a
    thread paused at a breakpoint is resumed (untraced), and the signal comes again a moment
    later, until the thread runs the cell's code, where it ends the cell as any interrupt does.
    (Not raised again from the handler itself: it would run the handler before this one returns.
    One timer at a time, and none left over once delivered.)"""

    def __init__(self, kernel_handler: Any, resume: Any):
        self._kernel_handler = kernel_handler
        self._resume = resume
        self._resumed = False
        self._timer: threading.Timer | None = None
        self._round = 0  # the interrupt being delivered; a timer of an older one does nothing

    def __call__(self, signum: int, frame: Any) -> None:
        if not _in_debugger(frame):
            self._delivered()
            self._kernel_handler(signum, frame)
            return
        if _paused(frame) and not self._resumed:
            self._resumed = True
            self._resume()
        if self._timer is None:
            timer = threading.Timer(_REDELIVER, self._again, (self._round,))
            timer.daemon = True
            timer.pydev_do_not_trace = True  # type: ignore[attr-defined]  # debugpy leaves it be
            self._timer = timer
            timer.start()

    def _again(self, round_: int) -> None:
        """On the timer's thread: the signal again, unless that interrupt was delivered."""
        if round_ == self._round:
            self._timer = None
            os.kill(os.getpid(), signal.SIGINT)

    def _delivered(self) -> None:
        self._round += 1
        self._resumed = False
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()


def _spare_kernel_threads() -> None:
    """Keep debugpy from tracing the kernel's own threads, and from suspending them when a cell
    stops (its `pydev_do_not_trace` mark): output printed before a breakpoint still reaches the
    editor while the cell is paused."""
    for thread in threading.enumerate():
        if thread.name.startswith(_KERNEL_THREADS):
            thread.pydev_do_not_trace = True  # type: ignore[attr-defined]


def _in_debugger(frame: Any) -> bool:
    """Whether `frame`, or a frame it was called from, runs debugpy's code."""
    while frame is not None:
        name = frame.f_code.co_filename
        if "pydevd" in name or f"{os.sep}debugpy{os.sep}" in name:
            return True
        frame = frame.f_back
    return False


def _paused(frame: Any) -> bool:
    """Whether `frame` belongs to a thread debugpy holds at a breakpoint (or a step)."""
    while frame is not None:
        if frame.f_code.co_name == "_do_wait_suspend":
            return True
        frame = frame.f_back
    return False


def _set_source_maps(changed: Mapping[str, str], mapped: Mapping[str, str]) -> None:
    """Set pydevd's source map for each compile name -> name inside debugpy, then apply the
    breakpoints already received again (they may be on a cell mapped only now)."""
    import pydevd  # debugpy's vendored pydevd, importable once debugpy listens
    from _pydevd_bundle.pydevd_api import PyDevdAPI
    from _pydevd_bundle.pydevd_source_mapping import SourceMappingEntry

    py_db = pydevd.get_global_debugger()
    if py_db is None:
        raise DebuggerUnavailable("debugpy did not start its debugger in the kernel")
    for runtime_name, key in changed.items():
        old = mapped.get(runtime_name)
        if old is not None:  # a compile name maps from one name only
            py_db.source_mapping.set_source_mapping(old, [])
        entry = SourceMappingEntry(1, _ALL_LINES, 1, runtime_name)
        entry.source_filename = key
        problem = py_db.source_mapping.set_source_mapping(key, [entry])
        if problem:
            raise DebuggerUnavailable(f"debugpy refused the map of a cell: {problem}")
    PyDevdAPI().reapply_breakpoints(py_db)

