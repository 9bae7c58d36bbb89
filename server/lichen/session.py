"""The headless API: a notebook, its cells' ids, and a kernel process that runs them.

    from lichen import Session
    with Session.open("notebook.py", python=sys.executable) as s:
        report = s.run_all()
        report = s.edit(s.cells[0], "x = 2")

The Session owns the notebook's structure (ids, code, config, order); the ids are the caller's
(`cell_ids`, `add(cell_id=...)`) or new short ones. The kernel holds a Runtime
with the same cells and the namespace. Every change goes to both. Runs return the Runtime's
`RunReport` and stream their events to `on_event` as they happen, on the calling thread.

A run waits as long as its cells take unless it is given a `timeout` (or the session a
`run_timeout`); past it, KernelTimeout says which cell is still running, and the kernel goes on.
Calls are serialised; `interrupt`, `restart` and `close` may come from another thread while a
run is blocked. An interrupt stops the running cell and cancels every run asked for before it,
also one still waiting for its turn or for the kernel to start (`lichen.kernel.interrupts`);
restarts overlapping one another make one fresh kernel. If the kernel dies, the run in progress
reports it (the running cell fails, the queued ones are cancelled), and later calls raise
`KernelDied` until `restart()`.

A kept session (`keep_running=seconds`) starts a kernel that outlives it: `detach()`, or this
process ending however it ends, leaves the kernel running with its variables, for that many
seconds (a Slurm kernel: until its job ends). `Session.open(path, reattach=True)` then takes
the notebook's newest detached kernel back instead of starting one: cells are matched to the
kernel's by their code, those changed since become stale, and `reattached` says which cells ran
while no session held the kernel (their events, missed meanwhile, reach `on_event` first).

`set_ui_value` is the one call that coalesces (`lichen.coalesce`): values for an element that
arrive from other threads while a run holds the kernel are merged, and only the newest runs.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import lichen
from lichen.cell_ids import by_id, id_for_new_cell
from lichen.coalesce import Coalescer
from lichen.kernel.launchers import LOCAL, Launcher
from lichen.notebook import Cell, CellConfig, Notebook, parse
from lichen.protocol import RUN_MODES as MODES
from lichen.protocol import RunReport


class _Default:
    """The type of DEFAULT: "use the session's run_timeout"."""


DEFAULT = _Default()
Timeout = float | None | _Default
REPLY_TIMEOUT = 30.0  # seconds, for commands that run nothing


@dataclasses.dataclass(frozen=True)
class Reattached:
    """What a session that reattached to a kept kernel found."""

    kernel_id: str
    ran: tuple[str, ...]  # cells that ended while no session held the kernel, in order
    stale: tuple[str, ...]  # cells changed since (or fed by a change): run them to update


class Session:
    """A notebook with its own kernel process. Use `Session.open` or `Session.from_text`."""

    def __init__(self, notebook: str | Notebook, *, cell_ids: Sequence[str] | None = None,
                 path: str | os.PathLike | None = None,
                 python: str | None = None, on_event: Callable[[Any], None] | None = None,
                 mode: str = "autorun", argv: Sequence[str] = (), cwd: str | None = None,
                 env: Mapping[str, str] | None = None, startup_timeout: float | None = None,
                 run_timeout: float | None = None, launcher: Launcher | None = None,
                 keep_running: float | None = None, reattach: bool = False):
        _check_mode(mode)
        self.path = os.path.abspath(path) if path is not None else None
        self.python = python or sys.executable
        self.mode = mode
        self._on_event = on_event
        self._argv = tuple(argv)
        self._cwd = cwd if cwd is not None else (os.path.dirname(self.path) if self.path else None)
        self._env = env
        self.launcher = launcher if launcher is not None else LOCAL
        self._startup_timeout = (startup_timeout if startup_timeout is not None
                                 else self.launcher.startup_timeout)
        self.run_timeout = run_timeout  # the deadline of runs that do not give their own
        self._lock = threading.RLock()
        self._restart_lock = threading.Lock()
        self._last_interrupt = 0  # time.monotonic_ns() of the last interrupt, 0: none yet
        self._asked = threading.local()  # .at: when the calling thread's run was asked for
        self._ui_values = Coalescer()
        self._closed = False
        self.keep_running = keep_running
        self.reattached: Reattached | None = None
        # While reattaching: the events the kernel sent while detached, and which of its cells
        # carry on under which of ours.
        self._missed: list[Any] | None = None
        self._carried: dict[str, str] = {}
        client = self._spawn(self._find_kept() if reattach else None)  # starts while we parse
        try:
            self._notebook = parse(notebook) if isinstance(notebook, str) else notebook
            if client.adopted:
                self._cells: dict[str, Cell] = self._match(client, cell_ids)
            else:
                self._cells = by_id(self._notebook.cells, cell_ids)
            self._client = client
            self._connect(client)
        except BaseException:
            if client.adopted:  # a kept kernel stays for the next try
                client.release()
            else:
                client.kill()
                client.close()
            raise

    @classmethod
    def open(cls, path: str | os.PathLike, **options: Any) -> Session:
        """A session for the notebook file at `path` (its directory is the kernel's cwd)."""
        with open(path, encoding="utf-8") as file:
            text = file.read()
        return cls(text, path=path, **options)

    @classmethod
    def from_text(cls, text: str, **options: Any) -> Session:
        """A session for a notebook that is not on disk."""
        return cls(text, **options)

    # --- structure -------------------------------------------------------------------------

    @property
    def cells(self) -> tuple[str, ...]:
        """Cell ids in notebook order."""
        return tuple(self._cells)

    def code(self, cell_id: str) -> str:
        return self._cell(cell_id).code

    def config(self, cell_id: str) -> CellConfig:
        return self._cell(cell_id).config

    @property
    def notebook(self) -> Notebook:
        """The notebook as it is now, edits included (write it with `lichen.notebook.serialize`)."""
        return dataclasses.replace(self._notebook, cells=tuple(self._cells.values()))

    def add(self, code: str, index: int | None = None, *, name: str = "_",
            config: CellConfig | None = None, cell_id: str | None = None) -> str:
        """Insert a cell (at the end by default) without running it; its id (`cell_id`, or a
        new one)."""
        with self._lock:
            cell_id = id_for_new_cell(cell_id, self._cells)
            cell = Cell(code=code, name=name, config=config or CellConfig())
            items = list(self._cells.items())
            items.insert(len(items) if index is None else index, (cell_id, cell))
            self._cells = dict(items)
            self._kernel().call("add", (self._spec(cell_id), index), timeout=REPLY_TIMEOUT)
            return cell_id

    def move(self, cell_ids: Sequence[str]) -> None:
        """Put the cells in this order (the same ids); nothing runs."""
        with self._lock:
            if sorted(cell_ids) != sorted(self._cells):
                raise ValueError("move() takes every cell id of the notebook, each once")
            self._cells = {cell_id: self._cells[cell_id] for cell_id in cell_ids}
            self._kernel().call("move", list(cell_ids), timeout=REPLY_TIMEOUT)

    # --- runs ------------------------------------------------------------------------------

    def run_all(self, *, timeout: Timeout = DEFAULT) -> RunReport:
        """Run every cell in topological order; waits for the end of the run."""
        return self._run("run_all", None, timeout)

    def run(self, cell_ids: Iterable[str], *, timeout: Timeout = DEFAULT) -> RunReport:
        """Run these cells and (in autorun mode) their descendants."""
        ids = list(cell_ids)
        for cell_id in ids:
            self._cell(cell_id)
        return self._run("run", ids, timeout)

    def edit(self, cell_id: str, code: str, *, timeout: Timeout = DEFAULT) -> RunReport:
        """Replace a cell's code, then run it and its descendants (lazy mode: mark them stale)."""
        asked_at = self._asked_now()
        with self._lock:
            self._cells[cell_id] = self._cell(cell_id).with_code(code)
            return self._run("edit", (cell_id, code), timeout, asked_at)

    def edit_many(self, codes: Mapping[str, str], also_run: Sequence[str] = (), *,
                  timeout: Timeout = DEFAULT) -> RunReport:
        """Replace several cells' code, then run them and `also_run` as one run (each cell they
        feed runs once)."""
        asked_at = self._asked_now()
        with self._lock:
            for cell_id in list(codes) + list(also_run):
                self._cell(cell_id)
            for cell_id, code in codes.items():
                self._cells[cell_id] = self._cell(cell_id).with_code(code)
            return self._run("edit_many", (dict(codes), list(also_run)), timeout, asked_at)

    def delete(self, cell_id: str, *, timeout: Timeout = DEFAULT) -> RunReport:
        """Remove a cell and its definitions; its descendants react."""
        asked_at = self._asked_now()
        with self._lock:
            self._cell(cell_id)
            del self._cells[cell_id]
            return self._run("delete", cell_id, timeout, asked_at)

    def set_config(self, cell_id: str, config: CellConfig, *,
                   timeout: Timeout = DEFAULT) -> RunReport:
        """Change a cell's config (disabling blocks its descendants; enabling runs them)."""
        asked_at = self._asked_now()
        with self._lock:
            self._cells[cell_id] = dataclasses.replace(self._cell(cell_id), config=config)
            return self._run("set_config", (cell_id, config), timeout, asked_at)

    def set_ui_value(self, element_id: str, value: Any, *,
                     timeout: Timeout = DEFAULT) -> RunReport:
        """Give a UI element a new raw value (its id is in the outputs that show it), then run
        the cells that read it; returns that run. Calls for the same element made from other
        threads while a run is in progress are coalesced: only the newest value is applied, and
        each of those calls returns the run that applied it. Raises KernelError if the element
        is gone (its cell ran again) or refuses the value."""
        def apply(newest: Any) -> RunReport:
            return self._run("set_ui_value", (element_id, newest), timeout)

        return self._ui_values.submit(element_id, value, self._lock, apply)

    def table_query(self, table_id: str, request: Mapping[str, Any]) -> dict[str, Any]:
        """A page of a table output (its id is in the output) answering `request` (sort,
        search, offset, limit), or `{"summary": column}`: that column's summary; see
        `lichen.runtime.tables`. Nothing runs. Raises TableQueryFailed if the table is gone
        (its cell ran again: `gone`) or the request is not one it answers."""
        from lichen.kernel.errors import TableQueryFailed

        with self._lock:
            reply = self._kernel().call("table_query", (table_id, dict(request)),
                                        timeout=REPLY_TIMEOUT)
        if "answer" not in reply:
            gone = "gone" in reply
            raise TableQueryFailed(reply["gone" if gone else "refused"], gone)
        return reply["answer"]

    def variables(self) -> list[list[Any]]:
        """[cell id, name, type, short value, size or None] of each public global cells
        defined (`lichen.runtime.variables`), sorted by name. Nothing runs."""
        with self._lock:
            return self._kernel().call("variables", None, timeout=REPLY_TIMEOUT)

    def live_completion(self, cell_id: str, code: str, line: int, column: int,
                        hidden: Iterable[str] = (), *, deadline: float
                        ) -> list[dict[str, Any]] | None:
        """Completions only the kernel's values know at (`line`, `column`) of `code`, the text
        of cell `cell_id` being edited (`Runtime.live_completion`): None unless the kernel is
        idle and answers within `deadline` s, so that nothing waits behind a run."""
        return self._ask_if_idle("live_completion",
                                 (cell_id, code, line, column, list(hidden)), deadline)

    def live_value(self, cell_id: str, name: str, *, deadline: float) -> dict[str, Any] | None:
        """The type, size and short repr of the global `name` as cell `cell_id` reads it
        (`Runtime.live_value`); None if unbound, or unless the kernel is idle and answers within
        `deadline` s."""
        return self._ask_if_idle("live_value", (cell_id, name), deadline)

    def run_stale(self, *, timeout: Timeout = DEFAULT) -> RunReport:
        """Run every stale cell (lazy mode)."""
        return self._run("run_stale", None, timeout)

    def set_mode(self, mode: str) -> None:
        """"autorun" runs descendants; "lazy" marks them stale."""
        _check_mode(mode)
        with self._lock:
            self.mode = mode
            self._kernel().call("set_mode", mode, timeout=REPLY_TIMEOUT)

    # --- the kernel ------------------------------------------------------------------------

    def poll(self, timeout: float = 0.0) -> None:
        """Hand `on_event` what arrived since the last call, waiting up to `timeout` s.

        Events of a run are delivered while the run's call waits; this is for the rest, such as
        output of a thread a cell started.
        """
        with self._lock:
            self._kernel().poll(timeout)

    def interrupt(self) -> None:
        """Stop the running cell (and subprocesses it started); the run's queued cells cancel,
        and so does every run asked for before now that has not started yet."""
        self._last_interrupt = when = time.monotonic_ns()
        self._client.interrupt(when)

    @contextmanager
    def asked_at(self, when: int) -> Iterator[None]:
        """Runs called in this block (on this thread) count as asked for at `when`
        (`time.monotonic_ns()`): an interrupt after `when` cancels them. For a caller that
        queues requests before they reach the session."""
        self._asked.at = when
        try:
            yield
        finally:
            self._asked.at = None

    def restart(self) -> None:
        """A fresh kernel process with an empty namespace and the same cells (nothing runs).
        A restart asked for while another is under way waits for that one: it is as fresh."""
        if not self._restart_lock.acquire(blocking=False):
            with self._restart_lock:
                return
        try:
            self._kernel().kill("restarted")  # wakes a run blocked in another thread
            with self._lock:
                self._client.close()
                client = self._spawn()
                self._client = client
                # An interrupt that reached the old client meanwhile holds for the new one.
                client.interrupt(self._last_interrupt)
                self._connect(client)
        finally:
            self._restart_lock.release()

    def debug(self, cells: Mapping[str, str]) -> dict[str, Any]:
        """Start debugpy in the kernel (the first time; it then stays until the kernel ends)
        and map cells to the names a debugger client gives them (cell id -> the editor's URI of
        the cell), so that breakpoints set on those names stop in the cells. Call it again when
        cells are added. Gives the attach request's {"pathMappings"}; `debug_connect` carries
        the client's messages. Raises DebugUnavailable, saying what to do, when debugpy cannot
        run in the kernel's interpreter. Nothing runs; the kernel keeps its state."""
        from lichen.kernel.errors import DebugUnavailable

        with self._lock:
            for cell_id in cells:
                self._cell(cell_id)
            client = self._kernel()
            client.debug_channel()  # bound before debugpy's relay connects to it
            where = client.call("debug", dict(cells), timeout=self._startup_timeout)
        if "unavailable" in where:
            raise DebugUnavailable(where["unavailable"])
        return where

    def debug_connect(self, on_message: Callable[[dict[str, Any]], None]) -> Any:
        """A debugger client's session with the kernel's debugpy (after `debug`), over the
        kernel's own channel (no port opens): `.send(message)` a DAP request, `.close()` when
        the client goes away; `on_message(message)` (on a thread of the channel) gets debugpy's
        responses and events, and a `terminated` event when the kernel ends or restarts. A new
        session ends the previous one. Callable while a run holds the kernel."""
        return self._client.debug_channel().connect(on_message)

    @property
    def state(self) -> str:
        """The kernel's state, in `lichen.protocol.KernelState` words: idle, busy or dead."""
        client = self._client
        if self._closed or client.death is not None or not client.kernel.alive():
            return "dead"
        return "busy" if self._lock_busy() else "idle"

    @property
    def death(self) -> str | None:
        """Why the kernel is gone, once it is (until `restart()`)."""
        return self._client.death

    @property
    def kernel_pid(self) -> int:
        return self._client.kernel.pid

    @property
    def kernel_id(self) -> str:
        """The kernel's name for `lichen kernels list | stop` (its private directory's)."""
        return os.path.basename(self._client.kernel.directory)

    def detach(self) -> str:
        """Close this session but leave its kernel running, with its variables, for the next
        `Session.open(..., reattach=True)` of the notebook; the kernel's id. The session must
        have been opened with `keep_running`."""
        from lichen.kernel.errors import KernelError

        from lichen.kernel import detached

        if detached.idle_time(self._client.kernel.directory) is None:
            raise KernelError("Only a kept kernel can be detached: open the session with "
                              "keep_running=SECONDS.")
        with self._lock:
            self._closed = True
            self._client.release()
        return self.kernel_id

    def close(self) -> None:
        """Shut the kernel down (and every process its cells started). Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._lock_busy():  # a run is blocked in another thread: end it now
            self._client.kill("shut down")
        with self._lock:
            self._client.shutdown()

    def __enter__(self) -> Session:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- helpers ---------------------------------------------------------------------------

    def _spawn(self, adopt: Any = None) -> Any:
        """A new kernel (kept if asked for), or the client of the kept kernel `adopt`."""
        from lichen.kernel import detached
        from lichen.kernel.client import KernelClient  # needs pyzmq: imported on first use

        keep = (detached.Keep(self.path, self.keep_running)
                if self.keep_running is not None else None)
        on_event = self._on_event if adopt is None else self._note_missed
        return KernelClient(self.python, cwd=self._cwd, env=self._env, on_event=on_event,
                            last_interrupt=self._last_interrupt, launcher=self.launcher,
                            keep=keep, adopt=adopt)

    def _find_kept(self) -> Any:
        from lichen.kernel import detached

        if self.path is None:
            raise ValueError("reattach=True needs the notebook's path (Session.open)")
        taken = detached.take(self.path, self.launcher.name)
        if taken is not None:
            kept = taken[0]
            self.python = kept.python
            self._missed = []
            if self.keep_running is None:  # a restart keeps the kernel kept
                self.keep_running = kept.idle if kept.idle is not None else float("inf")
        return taken

    def _note_missed(self, event: Any) -> None:
        if self._missed is not None:  # told once the cells are matched (`_connect`)
            self._missed.append(event)
        elif self._on_event is not None:
            self._on_event(event)

    def _match(self, client: Any, cell_ids: Sequence[str] | None) -> dict[str, Cell]:
        """The notebook's cells by id, matched to the kept kernel's: a cell carries on the
        kernel's cell whose code it has (or replaces, at the same place). Without `cell_ids`
        the cells take the kernel's ids (new ones for the rest). Waits for a run the kernel
        is still busy with."""
        import difflib

        from lichen.cell_ids import new_id

        theirs = client.call("cells", timeout=self._startup_timeout,
                             result_type=list[tuple[str, str]])
        mine = list(self._notebook.cells)
        carried: list[str | None] = [None] * len(mine)
        matcher = difflib.SequenceMatcher(None, [code for _, code in theirs],
                                          [cell.code for cell in mine], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("equal", "replace"):
                for k in range(min(i2 - i1, j2 - j1)):
                    carried[j1 + k] = theirs[i1 + k][0]
        if cell_ids is None:
            taken = {cell_id for cell_id, _ in theirs}
            ids = []
            for old in carried:
                ids.append(old if old is not None else new_id(taken))
                taken.add(ids[-1])
        else:
            ids = list(by_id(mine, cell_ids))
        self._carried = {old: new for old, new in zip(carried, ids) if old is not None}
        return dict(zip(ids, mine))

    def _connect(self, client: Any) -> None:
        """Wait for the kernel, give it a Runtime and the cells."""
        from lichen.kernel.errors import KernelDied, KernelStartError

        if client.adopted:
            self.reattached = self._rejoin(client)
            return

        client.wait_ready(self._startup_timeout)
        try:
            hello = client.call("init", {"mode": self.mode, "argv": list(self._argv),
                                         "filename": self.path}, timeout=self._startup_timeout)
        except KernelDied as died:  # it could not import the runtime, say
            raise KernelStartError(f"The kernel failed while starting. {died}") from None
        if hello.get("lichen") != lichen.__version__:
            client.kill()
            client.close()
            raise KernelStartError(
                f"The Python interpreter {self.python} has lichen {hello.get('lichen')!r} but "
                f"this process runs lichen {lichen.__version__}: install the same version "
                f"there (`{self.python} -m pip install lichen=={lichen.__version__}`).")
        client.call("load", [self._spec(cell_id) for cell_id in self._cells],
                    timeout=REPLY_TIMEOUT)

    def _rejoin(self, client: Any) -> Reattached:
        """Tell what the kept kernel did meanwhile (under our ids), then give it the notebook."""
        from lichen.protocol import CellDone

        missed, self._missed = self._missed or [], None
        ran = []
        for event in missed:
            cell_id = getattr(event, "cell_id", None)
            if cell_id is not None:
                if cell_id not in self._carried:
                    continue  # a cell the notebook no longer has
                event = dataclasses.replace(event, cell_id=self._carried[cell_id])
                if type(event) is CellDone:
                    ran.append(event.cell_id)
            if self._on_event is not None:
                self._on_event(event)
        stale = client.call("restructure", ([self._spec(c) for c in self._cells], self._carried),
                            timeout=REPLY_TIMEOUT, result_type=list[str])
        client.call("set_mode", self.mode, timeout=REPLY_TIMEOUT)
        return Reattached(self.kernel_id, tuple(dict.fromkeys(ran)), tuple(stale))

    def _run(self, method: str, args: Any, timeout: Timeout,
             asked_at: int | None = None) -> RunReport:
        if isinstance(timeout, _Default):
            timeout = self.run_timeout
        if asked_at is None:
            asked_at = self._asked_now()
        with self._lock:
            return self._kernel().run(method, args, timeout=timeout, asked_at=asked_at)

    def _ask_if_idle(self, method: str, args: Any, deadline: float) -> Any:
        """A command that runs nothing, sent only if no call holds the kernel; None if one
        does, or if no answer comes within `deadline` s (the kernel answers later, unread)."""
        from lichen.kernel.errors import KernelError

        if not self._lock.acquire(blocking=False):
            return None
        try:
            if self._closed or self._client.death is not None:
                return None
            return self._client.call(method, args, timeout=deadline)
        except KernelError:
            return None
        finally:
            self._lock.release()

    def _asked_now(self) -> int:
        """When a run the calling thread asks for now counts as asked for (see `asked_at`)."""
        return getattr(self._asked, "at", None) or time.monotonic_ns()

    def _kernel(self) -> Any:
        """The kernel client, once the session is known to be open."""
        if self._closed:
            from lichen.kernel.errors import KernelError

            raise KernelError("This session is closed: open a new one to run cells.")
        return self._client

    def _spec(self, cell_id: str) -> Any:
        from lichen.runtime import CellSpec

        cell = self._cells[cell_id]
        return CellSpec(id=cell_id, code=cell.code, config=cell.config, name=cell.name,
                        kind=cell.kind)

    def _cell(self, cell_id: str) -> Cell:
        try:
            return self._cells[cell_id]
        except KeyError:
            raise KeyError(f"no cell {cell_id!r} in this notebook; its cells are "
                           f"{', '.join(self._cells) or 'none'}") from None


    def _lock_busy(self) -> bool:
        if self._lock.acquire(blocking=False):
            self._lock.release()
            return False
        return True


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")

