"""One notebook's kernel as the editor service reaches it: a session (a `lichen.Session` over a
kernel process, or the worker's in-process runtime) kept in line with the editor's notebook.

This class calls the session in the caller's thread; the daemon's `ThreadedLink`
(`lichen.daemon.kernels`) overrides where calls go (a worker thread, because a run may take
forever), the worker's `LocalLink` what an in-process session cannot do. The session starts on
the first call that needs it (a run), never when a notebook opens. An interrupt also cancels
every run asked for before it that has not started: one queued behind the running one, or
waiting for the kernel to start (each run remembers when it was asked for; the Session and the
kernel know the rest). UI values run against the cells the kernel has (no alignment): the
element ids they name come from outputs of those cells.

The session's cell ids are the editor's cell URIs (a session takes the ids its caller chooses),
so no map translates between the two, and a kernel starts from the editor's cells as they are,
not from file text made of them.

The editor's cells change without the kernel knowing; before each run the link brings the
Session in line with the notebook as the editor has it (an immutable `NotebookDoc`): cells
deleted in the editor are deleted (their names scrubbed), new cells added, moved cells moved, and
the code of the cells about to run replaced. Cells edited but not run keep, in the kernel, the
code they last ran with. Once a debugger was asked for (`debug_attach`), the alignment also tells
the kernel the URIs of added cells, so that breakpoints set on them stop. The debugger's
messages (`debug_send`) go straight to the kernel's debugger channel, never in a call's turn: a
cell paused at a breakpoint is a run that holds the turn.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import threading
import time
from typing import Any, Callable, Sequence

from lichen.editor.documents import NotebookDoc
from lichen.editor.errors import EditorError
from lichen.editor.events import event_json, placement_json
from lichen.editor.notebook_data import cell_kind, to_config
from lichen.editor.settings import KernelOptions
from lichen.notebook import Cell, CellConfig, Notebook
from lichen.protocol import (CellOutcome, DebugAttach, KernelPlacement, PackagesMissing,
                             PathMapping, RunReport, RunResult)

log = logging.getLogger("lichen.editor")

# The result of a run an interrupt cancelled before it started: no cell ran.
_CANCELLED = RunResult(ok=False)


OnEvent = Callable[[dict], None]  # a `CellEvent` as JSON data
# (state, message, placement: a `PlacementData` as JSON data or None); called from any thread
OnStatus = Callable[[str, str, "dict | None"], None]
OnDebugMessage = Callable[[int, dict], None]  # (session, DAP message); from the channel's thread


class KernelLink:
    def __init__(self, options: KernelOptions, on_event: OnEvent, on_status: OnStatus,
                 session_factory: Callable[..., Any] | None = None) -> None:
        self.options = options
        self._on_event = on_event
        self._send_status = on_status
        self._status: tuple[str, str] = ("idle", "")  # the last one sent
        self._placement: dict | None = None  # where the scheduler put the kernel's job
        self._factory = session_factory
        self._session: Any = None
        self._dead: str | None = None  # why the kernel is gone, until a restart
        self._aligned: tuple[str, ...] = ()  # the editor's cells the kernel last matched
        # The interpreter, env and launcher the kernel started with.
        self._started_with: tuple[str, Any, Any] = ("", None, None)
        self._restarting = threading.Event()
        self._last_interrupt = 0  # time.monotonic_ns() of the last interrupt, 0: none
        self._busy_lock = threading.Lock()
        self._busy_count = 0  # blocks under way that hold the kernel busy
        # Once a debugger was asked for: the cells the kernel maps for it.
        self._debugged: tuple[str, ...] | None = None
        self._debug_session: Any = None  # the debugger client session open now, if any

    @property
    def started(self) -> bool:
        return self._session is not None

    # --- called on the loop ----------------------------------------------------------------

    async def run(self, doc: NotebookDoc, cell_uris: Sequence[str]) -> RunResult:
        return await self._call(self._run, doc, tuple(cell_uris), time.monotonic_ns())

    async def run_all(self, doc: NotebookDoc) -> RunResult:
        return await self._call(self._run, doc, None, time.monotonic_ns())

    async def run_stale(self, doc: NotebookDoc) -> RunResult:
        return await self._call(self._run_stale, doc, time.monotonic_ns())

    async def set_config(self, doc: NotebookDoc, cell_uri: str, config: CellConfig) -> RunResult:
        return await self._call(self._set_config, doc, cell_uri, config, time.monotonic_ns())

    async def set_ui_value(self, element_id: str, value: Any) -> RunResult:
        """Give a UI element a new raw value and run the cells that read it."""
        session = self._session_for_ui_value(element_id)
        return await self._ui_value_call(self._set_ui_value, session, element_id, value)

    def _session_for_ui_value(self, element_id: str) -> Any:
        """The running kernel's session; a UI value cannot start a kernel (nothing shows an
        element before a run)."""
        if self._dead is not None:
            raise EditorError("kernelDead", self._dead)
        if self._session is None:
            raise EditorError("uiValueRefused", f"No UI element {element_id} in this "
                                    "notebook's kernel: run the cell that shows it first.")
        return self._session

    async def table_query(self, table_id: str, request: Any) -> dict[str, Any]:
        """A page or a column summary of a table output, answered by the running kernel in
        its turn (a table query never starts a kernel: nothing showed a table before a run)."""
        if self._dead is not None:
            raise EditorError("kernelDead", self._dead)
        session = self._session
        if session is None:
            raise EditorError("tableGone", f"No table {table_id} in this notebook's kernel: run "
                                           "the cell that shows it again.")
        return await self._call(self._table_query, session, table_id, request)

    async def live_completion(self, cell_uri: str, code: str, line: int, column: int,
                              hidden: Sequence[str], deadline: float
                              ) -> list[dict[str, Any]] | None:
        """Completions only the kernel's values know (`Session.live_completion`); None at once
        while no kernel runs or it is busy: a completion never waits for a run."""
        session = self._idle_session()
        if session is None:
            return None
        return await self._beside(lambda: _quietly(lambda: session.live_completion(
            cell_uri, code, line, column, hidden, deadline=deadline)))

    async def live_value(self, cell_uri: str, name: str, deadline: float
                         ) -> dict[str, Any] | None:
        """A global's current value, described (`Session.live_value`); None as above."""
        session = self._idle_session()
        if session is None:
            return None
        return await self._beside(lambda: _quietly(lambda: session.live_value(
            cell_uri, name, deadline=deadline)))

    async def variables(self) -> list[list[Any]]:
        """The running kernel's globals (`Session.variables`), in its turn: after the run under
        way. Empty before a kernel started or after it died (a listing never starts one)."""
        session = self._session
        if session is None or self._dead is not None:
            return []
        return await self._call(lambda: self._guard(session.variables))

    async def debug_attach(self, doc: NotebookDoc, on_message: OnDebugMessage) -> DebugAttach:
        """Start debugpy in the kernel (and the kernel, if need be) and open a debugger client
        session, whose DAP messages from the kernel go to `on_message`."""
        return await self._call(self._debug_attach, doc, on_message)

    def debug_send(self, session: int, message: dict) -> None:
        """A DAP message of session `session`'s client to the kernel (none if it ended)."""
        current = self._debug_session
        if current is not None and current.number == session:
            current.send(message)

    def debug_detach(self, session: int) -> None:
        """Session `session`'s client went away: the kernel's debugger lets paused cells go on."""
        current = self._debug_session
        if current is not None and current.number == session:
            current.close()

    def delete(self, cell_uris: Sequence[str]) -> None:
        """Scrub deleted cells from the kernel; their dependents react."""
        if self._session is not None:
            self._background(self._delete, tuple(cell_uris))

    def set_mode(self, mode: str) -> None:
        self.options = dataclasses.replace(self.options, mode=mode)
        if self._session is not None:
            session = self._session
            self._background(lambda: self._guard(lambda: session.set_mode(mode)))

    def interrupt(self) -> None:
        """Stop the running cell; cancel the runs asked for until now (see the module's doc)."""
        self._last_interrupt = time.monotonic_ns()
        if self._session is not None:
            self._session.interrupt()

    async def restart(self) -> None:
        """A fresh kernel with the same cells and an empty namespace; nothing runs.

        If the interpreter or the environment changed since the kernel started, the old kernel
        just ends, and the next run starts one with the new settings.
        """
        session = self._session
        if session is None:
            self._dead = None
            return
        self._restarting.set()
        self._placement = None  # a new kernel: with a scheduler, a new job
        self._on_status("restarting", "")
        try:
            if self._started_with != self._starts_with():
                await self._beside(session.close)  # ends a run holding the kernel
                await self._call(self._forget_session)
            else:
                await self._beside(session.restart)
        except Exception as error:  # the new kernel did not start
            self._dead = str(error)
            self._on_status("dead", self._dead)
            raise EditorError("kernelStartFailed", str(error)) from None
        finally:
            self._restarting.clear()
        self._dead = None
        self._debugged = None  # the new kernel has no debugpy until asked again
        self._debug_session = None  # the old kernel's ended with it (`terminated`)
        self._on_status("idle", "")

    def close(self) -> None:
        """End the kernel (a run in progress ends with it), or leave a kept one running for
        the next time the notebook opens."""
        session, self._session = self._session, None
        if session is None:
            return
        if self.options.keep_running is not None and session.keep_running is not None:
            session.detach()
        else:
            session.close()

    # --- where calls go (a host's link overrides these) ------------------------------------

    async def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A session call in its turn, after the calls asked before it."""
        return fn(*args)

    async def _beside(self, fn: Callable[[], Any]) -> Any:
        """A call that must not wait for the turn (it ends a run that holds it)."""
        return fn()

    async def _ui_value_call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A UI value's call (the daemon's: on a thread of its own, see `ThreadedLink`)."""
        return fn(*args)

    def _background(self, fn: Callable[..., Any], *args: Any) -> None:
        """A call nobody awaits, in its turn."""
        self._guarded(fn, *args)

    # --- on the worker ---------------------------------------------------------------------

    def _run(self, doc: NotebookDoc, cell_uris: tuple[str, ...] | None,
             asked_at: int) -> RunResult:
        session = self._started(doc)
        targets = cell_uris if cell_uris is not None else doc.cells
        for uri in targets:
            if uri not in doc.graph:
                raise EditorError("unknownCell", f"no cell {uri} in this notebook")
        if self._last_interrupt > asked_at:
            return _CANCELLED
        with self._busy(), session.asked_at(asked_at):
            self._align(session, doc)
            edited = _edited_code(session, doc, targets)
            if edited:
                rest = [u for u in targets if u not in edited]
                report = self._guard(lambda: session.edit_many(edited, rest))
            elif cell_uris is None:
                report = self._guard(session.run_all)
            else:
                report = self._guard(lambda: session.run(list(targets)))
        return self._result([report])

    def _run_stale(self, doc: NotebookDoc, asked_at: int) -> RunResult:
        session = self._started(doc)
        if self._last_interrupt > asked_at:
            return _CANCELLED
        with self._busy(), session.asked_at(asked_at):
            self._align(session, doc)
            return self._result([self._guard(session.run_stale)])

    def _set_config(self, doc: NotebookDoc, cell_uri: str, config: CellConfig,
                    asked_at: int) -> RunResult:
        if self._session is None:  # the kernel gets the config when it starts
            return RunResult(ok=True)
        session = self._started(doc)
        with self._busy(), session.asked_at(asked_at):
            self._align(session, doc)
            return self._result([self._guard(lambda: session.set_config(cell_uri, config))])

    def _set_ui_value(self, session: Any, element_id: str, value: Any) -> RunResult:
        """On a thread of its own, with other values for the element maybe waiting beside it."""
        with self._busy():
            report = self._guard(lambda: _refusal_reported(session.set_ui_value, element_id, value))
        return self._result([report])

    def _table_query(self, session: Any, table_id: str, request: Any) -> dict[str, Any]:
        from lichen.kernel.errors import TableQueryFailed

        def call() -> Any:
            try:
                return session.table_query(table_id, request)
            except TableQueryFailed as failed:
                raise EditorError("tableGone" if failed.gone else "invalidParams",
                                  str(failed)) from None

        return self._guard(call)

    def _debug_attach(self, doc: NotebookDoc, on_message: OnDebugMessage) -> DebugAttach:
        session = self._started(doc)
        self._align(session, doc)
        mappings = self._debug(session)
        opened: list[Any] = []
        self._debug_session = session.debug_connect(
            lambda message: on_message(opened[0].number, message))
        opened.append(self._debug_session)
        return DebugAttach(self._debug_session.number, mappings)

    def _debug(self, session: Any) -> tuple[PathMapping, ...]:
        """Ask the kernel to debug with the cells it has now (their ids are their URIs)."""
        from lichen.kernel.errors import DebugUnavailable

        cells = session.cells

        def call() -> Any:
            try:
                return session.debug({uri: uri for uri in cells})
            except DebugUnavailable as problem:
                raise EditorError("debugUnavailable", str(problem)) from None

        where = self._guard(call)
        self._debugged = cells
        return tuple(PathMapping(m["localRoot"], m["remoteRoot"]) for m in where["pathMappings"])

    def _delete(self, cell_uris: tuple[str, ...]) -> None:
        session = self._session
        if session is None or self._dead is not None:
            return
        with self._busy():
            for uri in cell_uris:
                self._forget(session, uri)

    def _guarded(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run a background call; a dead kernel is reported, not raised into the void."""
        try:
            fn(*args)
        except EditorError:
            pass
        except Exception:  # nobody awaits this call: say what went wrong
            log.exception("a background kernel call failed")

    def _started(self, doc: NotebookDoc) -> Any:
        """The Session, started with the notebook's cells if there is none yet."""
        if self._dead is not None:
            raise EditorError("kernelDead", self._dead)
        if self._session is None:
            self._start(doc)
        return self._session

    def _align(self, session: Any, doc: NotebookDoc) -> None:
        """Delete from the kernel the cells the editor no longer has, add the new ones, and
        put them in the editor's order."""
        if doc.cells == self._aligned:
            return
        wanted = set(doc.cells)
        for uri in [u for u in session.cells if u not in wanted]:
            self._forget(session, uri)
        had = set(session.cells)
        for index, uri in enumerate(doc.cells):
            if uri not in had:
                cell = _cell(doc, uri)
                self._guard(lambda: session.add(cell.code, index, name=cell.name,
                                                config=cell.config, cell_id=uri))
        if session.cells != doc.cells:
            self._guard(lambda: session.move(doc.cells))
        self._aligned = doc.cells
        if self._debugged is not None and self._debugged != session.cells:
            self._debug(session)  # breakpoints in the added cells stop too

    def _start(self, doc: NotebookDoc) -> None:
        from lichen.kernel.errors import KERNEL_PACKAGES, KernelError, KernelPackagesMissing

        self._on_status("starting", "")
        notebook = Notebook(cells=tuple(_cell(doc, uri) for uri in doc.cells))
        try:
            factory = self._factory or _session_class()
            session = factory(notebook, cell_ids=doc.cells, path=doc.path,
                              cwd=_directory(doc.path), python=self.options.python,
                              on_event=self._event, mode=self.options.mode, env=self.options.env,
                              launcher=self.options.launcher, **self._kept(doc))
        except ImportError as error:
            if (error.name or "").split(".")[0] not in dict(KERNEL_PACKAGES):
                raise
            # This controller's own interpreter lacks them (the kernel's needs them too).
            missing = KernelPackagesMissing(sys.executable)
            self._on_status("dead", str(missing))
            raise _packages_missing(missing) from None
        except KernelPackagesMissing as missing:
            self._on_status("dead", str(missing))
            raise _packages_missing(missing) from None
        except (KernelError, OSError) as error:
            self._on_status("dead", str(error))
            raise EditorError("kernelStartFailed", str(error)) from None
        self._session = session
        self._started_with = self._starts_with()
        self._aligned = doc.cells
        self._on_status("idle", _reattached_note(getattr(session, "reattached", None)))

    def _kept(self, doc: NotebookDoc) -> dict[str, Any]:
        """A kept kernel's options: kept, and the notebook's kept kernel taken back if there
        is one (only a notebook on disk has one)."""
        if self.options.keep_running is None:
            return {}
        return {"keep_running": self.options.keep_running, "reattach": doc.path is not None}

    def _idle_session(self) -> Any:
        """The session, if its kernel runs and nothing holds it."""
        if (self._session is None or self._dead is not None or self._busy_count
                or self._restarting.is_set()):
            return None
        return self._session

    def _forget_session(self) -> None:
        self._session = None
        self._debugged = None
        self._debug_session = None
        self._aligned = ()

    def _forget(self, session: Any, uri: str) -> None:
        if uri in session.cells:
            self._guard(lambda: session.delete(uri))

    def _guard(self, call: Callable[[], Any]) -> Any:
        """`call()`, turning a dead kernel into a report of it and a EditorError."""
        from lichen.kernel.errors import KernelDied, KernelError

        try:
            result = call()
        except KernelDied as error:
            self._died(str(error).split("\n", 1)[0])
            raise EditorError("kernelDead", self._dead or str(error)) from None
        except KernelError as error:
            raise EditorError("kernelDead", str(error)) from None
        if isinstance(result, RunReport):
            self._check_death()
        return result

    def _check_death(self) -> None:
        """Report the kernel dead if it died during the run (a restart is no death)."""
        session = self._session
        if self._restarting.is_set() or session is None or session.state != "dead":
            return
        self._died(session.death or "The kernel died: restart it to go on.")

    def _died(self, message: str) -> None:
        if self._dead is None and not self._restarting.is_set():
            self._dead = message
            self._on_status("dead", message)

    def _busy(self) -> "_Busy":
        return _Busy(self)

    def _result(self, reports: list[RunReport]) -> RunResult:
        outcomes = tuple(CellOutcome(r.cell_id, r.status)
                         for report in reports for r in report.cells)
        return RunResult(ok=all(report.ok for report in reports), cells=outcomes)

    def _event(self, event: Any) -> None:
        """The Session's callback, on the worker thread: once per event, so kept lean. The
        session's cell ids are the editor's cell URIs."""
        if type(event) is KernelPlacement:
            self._placement = placement_json(event, self.options.launcher.describe())
            self._send_status(*self._status, self._placement)
            return
        message = event_json(event, event.cell_id)
        if message is not None:
            self._on_event(message)

    def _on_status(self, state: str, message: str) -> None:
        self._status = (state, message)
        self._send_status(state, message, self._placement)

    def _starts_with(self) -> tuple[str, Any, Any]:
        return (self.options.python, self.options.env, self.options.launcher)

    def cancel_job(self) -> None:
        """End the scheduler's job of the kernel (one waiting for its allocation, too): the
        kernel is reported dead with the scheduler's word for it."""
        placement = self._placement
        if placement is not None and placement["launcher"] == "slurm":
            from lichen.kernel.slurm import cancel

            cancel(placement["jobId"])


class _Busy:
    """Reports the kernel busy while at least one block (on the worker, or setting a UI value on
    a thread of its own) is under way, then idle (unless it died meanwhile)."""

    def __init__(self, link: KernelLink) -> None:
        self._link = link

    def __enter__(self) -> None:
        link = self._link
        with link._busy_lock:
            link._busy_count += 1
            if link._busy_count == 1:
                link._on_status("busy", "")

    def __exit__(self, *exc: Any) -> None:
        link = self._link
        with link._busy_lock:
            link._busy_count -= 1
            if link._busy_count == 0 and link._dead is None and not link._restarting.is_set():
                link._on_status("idle", "")


def _refusal_reported(set_ui_value: Callable[[str, Any], Any], element_id: str,
                      value: Any) -> Any:
    """`set_ui_value(element_id, value)`; the kernel refusing it (the element is gone, or the
    value is not one it takes) becomes an EditorError the editor can tell apart."""
    from lichen.kernel.errors import UiValueRefused

    try:
        return set_ui_value(element_id, value)
    except UiValueRefused as refused:
        raise EditorError("uiValueRefused", str(refused)) from None


def _quietly(ask: Callable[[], Any]) -> Any:
    """`ask()` for what only enriches an answer: a failure is logged and answers None."""
    try:
        return ask()
    except Exception:  # noqa: BLE001 - the answer goes without the kernel's part
        log.exception("the kernel's values could not be read")
        return None


def _cell(doc: NotebookDoc, uri: str) -> Cell:
    """A cell of the editor as the file format has it: code, name, config, kind."""
    meta = doc.metadata(uri)
    code = doc.code(uri)
    return Cell(code, meta.name, to_config(meta.config), cell_kind(meta, code))


def _edited_code(session: Any, doc: NotebookDoc, targets: Sequence[str]) -> dict[str, str]:
    """The editor's code of the cells about to run that differs from the kernel's, by cell; the
    kernel gets it with the run, so every cell runs once."""
    return {uri: doc.code(uri) for uri in targets if session.code(uri) != doc.code(uri)}


def _directory(path: str | None) -> str:
    """The kernel's working directory: the notebook's, or the daemon's for a notebook that is
    not (yet) in a directory on this machine."""
    directory = os.path.dirname(path) if path else None
    return directory if directory and os.path.isdir(directory) else os.getcwd()


def _reattached_note(reattached: Any) -> str:
    """What the status says of a kernel taken back from before (a dropped connection)."""
    if reattached is None:
        return ""
    note = "Reattached to the kernel kept running: its variables are as they were"
    if reattached.ran:
        note += f"; {len(reattached.ran)} cell(s) ran meanwhile (their outputs are shown)"
    if reattached.stale:
        note += f"; {len(reattached.stale)} cell(s) changed since are stale"
    return note + "."


def _packages_missing(missing: Any) -> EditorError:
    """The editor's error for a `KernelPackagesMissing`, with what to offer in its data."""
    return EditorError("kernelPackagesMissing", str(missing),
                       PackagesMissing(missing.python, missing.packages, missing.install))


def _session_class() -> Any:
    from lichen.session import Session  # needs pyzmq: imported when a kernel first starts

    return Session
