"""The reactive runtime: cells, their graph, one namespace, and runs over them.

Structure changes (load, add, edit, delete, set_config) update an immutable `Graph`; runs take
the cells a `Plan` names, in topological order. Before a cell runs again (re-run, edit, delete)
the names it defined leave the namespace, so nothing computed from old code survives. Failures
are values: every cell a run concerns ends with one `CellDone`, which is also its entry in the
`RunReport`.

UI elements and state (`context`): a new UI value runs the cells that read the globals bound to
the element (`set_ui_value`); a state setter called during a run re-runs the getter's readers
when the run's cells are done, as part of the same run (so a cell may appear twice in a report;
`RunReport.result` gives its last result).
"""

from __future__ import annotations

import builtins
import dataclasses
import importlib
import json
import os
import sys
import threading
import time
from typing import Any, Callable, Iterable, Mapping, Sequence

from lichen.graph import Graph
from lichen.notebook.model import CellConfig, CellKind
from lichen.protocol import (
    CANCELLED,
    DISABLED,
    ERROR,
    INTERRUPTED,
    RUN_MODES,
    SKIPPED,
    STALE,
    STOPPED,
    SUCCESS,
    UI_STREAM,
    CellDone,
    CellErrorInfo,
    CellOutput,
    CellQueued,
    CellRunning,
    CellStale,
    CellStream,
    Event,
    RunReport,
)
from lichen.runtime import context, control, figures, limits, marimo_compat, output, plan, private
from lichen.runtime.capture import Capture
from lichen.runtime.cells import CellSpec, CompiledCell, cell_filename, compile_cell
from lichen.runtime.execute import Executor
from lichen.runtime.layout import structured
from lichen.runtime.mime import mime_bundle
from lichen.runtime.tracebacks import error_info

MODES = RUN_MODES
_CONTAINERS = (tuple, list, dict)
STREAM_INTERVAL = 0.05  # seconds between stream sends while a cell prints

_GRAPH_ERROR_NAMES = {
    "multiple-definition": "MultipleDefinitionError",
    "cycle": "CycleError",
    "syntax": "SyntaxError",
    "import-star": "ImportStarError",
}


def _no_emit(event: Event) -> None:
    pass


class Runtime:
    def __init__(self, emit: Callable[[Event], None] = _no_emit, *, mode: str = "autorun",
                 argv: Sequence[str] = (), filename: str | None = None,
                 output_limit: int | None = None, stream_interval: float = STREAM_INTERVAL,
                 interactive: bool = True, late_output: bool = False):
        self._check_mode(mode)
        self.mode = mode
        self.argv = tuple(argv)
        self.filename = filename
        self._emit = emit  # may also be called from the output flusher thread
        self._emitting = emit is not _no_emit
        # Characters of stream text per cell, and per output MIME value (`limits`).
        output_limit = self._limit = output_limit or limits.configured()
        self._lock = threading.RLock()
        # late_output: text a cell's threads write after it ended is still sent (as that
        # cell's), so stdout stays captured between runs (the kernel's choice)
        self._capture = Capture(self._send_stream, self._lock, limit=output_limit,
                                interval=stream_interval, persistent=late_output)
        self._executor = Executor()
        self._run_id = 0
        self._count = 0
        self._import_failed = False  # a cell failed importing a module no package provided
        self._started: dict[str, int] = {}  # cell -> the number of its last start (`_count`)
        self._context = context.Context()
        self._context.filename = filename
        self._context.interactive = interactive  # in an editor (not `lichen run`, a script)
        self._context.facts = lambda cid: self._graph.facts(cid)
        # Called with the exception a cell raised, before it becomes the cell's error (the
        # traceback still holds the cell's frames): the kernel's debugger stops there.
        self.on_cell_exception: Callable[[BaseException], None] | None = None
        # Asked before each cell of a run starts: True when the run was interrupted before that
        # cell began (the kernel knows of interrupts a signal could not deliver); the cells
        # left are then cancelled, none is started.
        self.cancel_requested: Callable[[], bool] = lambda: False
        if self._emitting:
            self._context.post_ui = self._post_ui
        marimo_compat.install()  # `import marimo` in a cell gets Lichen's API
        figures.install()  # plt.show() shows figures in the cell's output
        self.load(())

    # -- structure (nothing runs) ---------------------------------------------------------------

    def load(self, cells: Sequence[CellSpec]) -> None:
        """Replace every cell and start from an empty namespace."""
        specs = {c.id: c for c in cells}
        if len(specs) != len(cells):
            raise ValueError("cell ids must be unique")
        self._specs: dict[str, CellSpec] = specs
        self._graph = Graph.build((c.id, c.code) for c in cells)
        self.namespace: dict[str, Any] = self._fresh_namespace()
        self._compiled: dict[str, CompiledCell] = {}
        self._defined: dict[str, frozenset[str]] = {}  # names each cell bound when it last ran
        self._stale: set[str] = set()
        self._ran: set[str] = set()  # cells that ran since their code last changed
        self._deleted: dict[str, str] = {}  # name -> the deleted cell that defined it
        self._files: dict[str, str] = {}  # compile filename -> cell id
        self._disabled = {c.id for c in cells if c.config.disabled}
        self._context.clear()
        self._special_changed()
        self._errored = self._errored_cells()

    def add(self, cell: CellSpec, index: int | None = None) -> None:
        """Insert a cell (append by default). It does not run; cells whose errors it changes
        (a second definition of a name, say) become stale."""
        if cell.id in self._specs:
            raise ValueError(f"cell {cell.id!r} already exists")
        self._specs[cell.id] = cell
        if cell.config.disabled:
            self._disabled.add(cell.id)
        self._special_changed()
        for cid in self._set_graph(self._graph.with_cell(cell.id, cell.code, index)):
            self._mark_stale(cid)

    def move(self, cell_ids: Sequence[str]) -> None:
        """Put the cells in this order (the same ids); only tie-breaking and labels change."""
        self._graph = self._graph.with_order(cell_ids)
        self._positions = None

    def set_config(self, cell_id: str, config: CellConfig) -> RunReport:
        """Change a cell's config. Disabling reports the cells it blocks; enabling runs (autorun)
        the stale cells among the cell and its descendants."""
        spec = self._spec(cell_id)
        self._specs[cell_id] = dataclasses.replace(spec, config=config)
        if spec.config.disabled == config.disabled:
            return self._report(())
        if config.disabled:
            self._disabled.add(cell_id)
            self._special_changed()
            blocked = [cell_id, *self._graph.descendants([cell_id])]
            return self._report_blocked(self._graph.order(blocked))
        self._disabled.discard(cell_id)
        self._special_changed()
        targets = ({cell_id} | self._graph.descendants([cell_id])) & self._stale
        if not targets or self.mode == "lazy":
            return self._report(())
        return self._execute(self._plan(targets))

    @property
    def cells(self) -> tuple[str, ...]:
        """Cell ids in notebook order."""
        return self._graph.cells

    @property
    def graph(self) -> Graph:
        return self._graph

    def adopt(self, cell_id: str, values: dict[str, Any]) -> None:
        """Take a cell as run, its definitions taken from `values`: a script's `with app.setup:`
        block has already run at import, and must not run twice."""
        defs = self._graph.facts(self._spec(cell_id).id).defs
        self._scrub(cell_id)
        self.namespace.update((name, values[name]) for name in defs if name in values)
        self._defined[cell_id] = defs
        self._ran.add(cell_id)
        self._stale.discard(cell_id)

    def code_by_cell(self) -> list[tuple[str, str]]:
        """(id, code) of each cell, in notebook order."""
        return [(cid, self._specs[cid].code) for cid in self._graph.cells]

    def restructure(self, cells: Sequence[CellSpec], kept: Mapping[str, str]) -> list[str]:
        """Take `cells` as the notebook, running nothing (a controller reattaching with the
        notebook as it is now). `kept` maps the cells that carry on (by their id here) to their
        ids in `cells`; the others are removed, their definitions scrubbed. A kept cell whose
        code is the same keeps what it ran; one whose code changed, a new cell, and what they
        or the removed cells feed become stale (values stay until they run again). The stale
        cells, in order."""
        wanted = {c.id: c for c in cells}
        if len(wanted) != len(cells) or len(set(kept.values())) != len(kept):
            raise ValueError("cell ids must be unique")
        removed = [cid for cid in self._specs if cid not in kept]
        touched = {kept[c] for c in self._graph.descendants(removed) if c in kept}
        for cid in removed:
            self._scrub(cid)
            for store in (self._specs, self._compiled, self._defined, self._started):
                store.pop(cid, None)
        self._rename(kept)
        graph = Graph.build((c.id, c.code) for c in cells)
        changed = {c.id for c in cells
                   if c.id not in self._specs or self._specs[c.id].code != c.code}
        for cid in changed:
            self._compiled.pop(cid, None)
        self._specs = dict(wanted)
        self._disabled = {c.id for c in cells if c.config.disabled}
        self._stale &= set(wanted)
        self._ran &= set(wanted) - changed
        self._special_changed()
        stale = changed | touched | self._set_graph(graph)
        stale |= graph.descendants(stale)
        for cid in graph.order(stale):
            self._mark_stale(cid)
        return list(graph.order(stale | self._stale))

    def _rename(self, ids: Mapping[str, str]) -> None:
        """Give cells new ids (old -> new, every cell named), keeping what they ran. Their code
        compiles again when they next run, under the file names of the new ids."""
        def moved(store: dict) -> dict:
            return {ids[cid]: value for cid, value in store.items()}

        self._specs = moved(self._specs)
        self._defined = moved(self._defined)
        self._started = moved(self._started)
        self._compiled = {}
        self._stale = {ids[cid] for cid in self._stale if cid in ids}
        self._ran = {ids[cid] for cid in self._ran if cid in ids}
        self._files = {name: ids[cid] for name, cid in self._files.items() if cid in ids}
        self._context.rename_cells(ids)

    def set_mode(self, mode: str) -> None:
        self._check_mode(mode)
        self.mode = mode

    # -- runs -----------------------------------------------------------------------------------

    def run_all(self) -> RunReport:
        """Run every cell in topological order."""
        return self._execute(plan.Plan(self._setup_first(self._graph.order())))

    def run(self, cell_ids: Sequence[str]) -> RunReport:
        """Run the cells and their descendants (lazy mode: their stale ancestors, then them;
        descendants become stale)."""
        for cid in cell_ids:
            self._spec(cell_id=cid)
        return self._execute(self._plan(set(cell_ids)))

    def edit(self, cell_id: str, code: str) -> RunReport:
        """Replace a cell's code, then run it and react."""
        return self.edit_many({cell_id: code})

    def edit_many(self, codes: Mapping[str, str], also_run: Sequence[str] = ()) -> RunReport:
        """Replace several cells' code, then run them (and `also_run`) as one run, so a cell
        that several of them feed runs once."""
        for cid in list(codes) + list(also_run):
            self._spec(cid)
        affected: set[str] = set()
        graph = self._graph
        for cell_id, code in codes.items():
            spec = self._specs[cell_id]
            affected |= graph.descendants([cell_id])
            self._scrub(cell_id)
            kind = spec.kind.edited()
            self._specs[cell_id] = dataclasses.replace(spec, code=code, kind=kind)
            self._ran.discard(cell_id)
            if kind is not spec.kind:
                self._special_changed()
            graph = graph.with_code(cell_id, code)
        affected |= self._set_graph(graph)
        roots = set(codes) | set(also_run)
        return self._execute(self._plan(roots, also=affected - roots))

    def delete(self, cell_id: str) -> RunReport:
        """Remove a cell and its definitions; its descendants react (and fail with a NameError
        naming the deleted cell if they still need its names)."""
        self._spec(cell_id)
        before = self._graph.descendants([cell_id])
        label = self.describe(cell_id)
        for name in self._graph.facts(cell_id).defs:
            self._deleted[name] = label
        self._scrub(cell_id)
        for store in (self._specs, self._compiled):
            store.pop(cell_id, None)
        self._stale.discard(cell_id)
        self._ran.discard(cell_id)
        self._disabled.discard(cell_id)
        self._special_changed()
        affected = (before | self._set_graph(self._graph.without_cell(cell_id))) - {cell_id}
        if not affected:
            return self._report(())
        if self.mode == "lazy":
            run_id = self._next_run_id()
            marked = self._mark_all_stale(self._graph.order(affected), run_id)
            return RunReport(run_id, tuple(marked))
        return self._execute(self._plan(affected))

    def run_stale(self) -> RunReport:
        """Run every stale cell (and the stale cells they need), in topological order."""
        return self._execute(plan.Plan(self._setup_first(self._graph.order(self._stale))))

    def set_ui_value(self, element_id: str, value: Any) -> RunReport:
        """Give a UI element a new raw value (as its renderer sends it), then run the cells
        that read the globals bound to it, or to a composite made of it (lazy mode: mark them
        stale). Raises UiValueRefused for an element that is gone or a value it does not take
        (nothing changes then)."""
        element = self._context.element(element_id)
        previous = context.activate(self._context)
        try:
            changed = element._receive(value)
        except (ValueError, TypeError) as refused:  # the element's own check of the value
            raise context.UiValueRefused(_sentence(str(refused))) from None
        finally:
            context.activate(previous)
        self._echo_raw(element, value)
        readers = self._readers(changed)
        if self.mode == "lazy":
            marked = readers | self._graph.descendants(readers)
            report = self._execute(plan.Plan((), tuple(self._graph.order(marked))))
        else:
            report = self._execute(self._plan(readers) if readers else plan.Plan(()))
            from lichen.runtime.ui.base import walk

            for each in walk(element):
                each._after_run()
        return report

    def table_query(self, table_id: str, request: Any) -> dict[str, Any]:
        """A page, or a column's summary, of a table output (`lichen.runtime.tables.answer`).
        Raises context.TableGone for a table no longer held, ValueError for a request it
        cannot answer."""
        from lichen.runtime.tables import answer

        return answer(self._context.table(table_id), request)

    def variables(self) -> list[list[Any]]:
        """The public globals cells defined, for the variables view (`lichen.runtime.variables`)."""
        from lichen.runtime.variables import listing

        return listing(self._defined, self.namespace)

    def live_completion(self, cell_id: str, code: str, line: int, column: int,
                        hidden: Iterable[str] = ()) -> list[dict[str, Any]]:
        """Completions only the live values know at a position of `code`, the text of cell
        `cell_id` being edited (`hidden`: names it cannot read); see `live_names`."""
        from lichen.runtime import live_names

        seen = live_names.seen_from(self.namespace, private.prefix_for(cell_id),
                                    frozenset(hidden))
        return live_names.complete(seen, code, line, column)

    def live_value(self, cell_id: str, name: str) -> dict[str, Any] | None:
        """The type, size and short repr of the global `name` as cell `cell_id` reads it."""
        from lichen.runtime import live_names

        return live_names.value_of(self.namespace, private.prefix_for(cell_id), name)

    def close(self) -> None:
        """Release the event loop, if a cell made one."""
        self._executor.close()

    # -- planning -------------------------------------------------------------------------------

    def _plan(self, roots: set[str], also: Iterable[str] = ()) -> plan.Plan:
        for setup in self._setup_ids:
            if setup not in self._ran:  # everything depends on the setup cell: run it first
                roots.add(setup)
        if self.mode == "lazy":
            p = plan.plan_run(self._graph, roots, lazy=True, stale=self._stale, also_stale=also)
        else:
            p = plan.plan_run(self._graph, roots | set(also), lazy=False, stale=())
        return plan.Plan(self._setup_first(p.order), p.stale)

    def _setup_first(self, order: Sequence[str]) -> tuple[str, ...]:
        if not self._setup_ids or not order or order[0] in self._setup_ids:
            return tuple(order)
        setup = [c for c in order if c in self._setup_ids]
        return (*setup, *(c for c in order if c not in self._setup_ids))

    def _blocks(self) -> dict[str, plan.Block]:
        if self._blocks_graph is not self._graph:
            self._blocks_cache = plan.static_blocks(
                self._graph, self._disabled, self._unparsable, self.describe)
            self._blocks_graph = self._graph
        return self._blocks_cache

    # -- executing a plan -----------------------------------------------------------------------

    def _execute(self, p: plan.Plan) -> RunReport:
        run_id = self._next_run_id()
        results: list[CellDone] = []
        previous = context.activate(self._context)
        try:
            while True:
                if not self._execute_plan(p, run_id, results):
                    self._context.take_state_updates()  # interrupted: no follow-up
                    break
                follow_up = self._state_plan()
                if follow_up is None:
                    break
                p = follow_up
        finally:
            self._context.cell = None
            context.activate(previous)
        return RunReport(run_id, tuple(results))

    def _execute_plan(self, p: plan.Plan, run_id: int, results: list[CellDone]) -> bool:
        """Take the plan's cells in turn, adding their results; False if interrupted."""
        blocks = self._blocks()
        for cid in p.order:
            if cid not in blocks:
                self._scrub(cid)
        if self._emitting:
            for cid in p.order:
                self._emit(CellQueued(cid, run_id))
        start = len(results)
        previous_argv = control.set_argv(self.argv)
        self._capture.install()
        try:
            self._take(p.order, run_id, blocks, results)
        except KeyboardInterrupt as e:  # arrived between cells, not inside one
            if len(results) - start < len(p.order):
                cid = p.order[len(results) - start]
                results.append(self._done(cid, run_id, INTERRUPTED, error=self._error(e, cid)))
        finally:
            self._capture.end()
            self._capture.uninstall()
            control.set_argv(previous_argv)
        taken = len(results) - start
        for cid in p.order[taken:]:
            self._stale.add(cid)
            results.append(self._done(cid, run_id, CANCELLED, reason="the run was interrupted"))
        results += self._mark_all_stale(p.stale, run_id)
        return taken == len(p.order) and not any(
            r.status == INTERRUPTED for r in results[start:start + taken])

    def _state_plan(self) -> plan.Plan | None:
        """The follow-up of the state setters called so far: their getters' readers, less the
        cells that called them and the readers that started after the setter was called (they
        read the new value already), as marimo's rule is."""
        updates = self._context.take_state_updates()
        if not updates:
            return None
        roots: set[str] = set()
        for state, caller in updates:
            readers = self._readers([state])
            if caller is not None:
                called = self._started.get(caller, 0)
                readers = {r for r in readers if self._started.get(r, 0) <= called}
                if not state.allow_self_loops:
                    readers.discard(caller)
            roots |= readers
        if not roots:
            return None
        if self.mode == "lazy":
            marked = roots | self._graph.descendants(roots)
            return plan.Plan((), tuple(self._graph.order(marked)))
        return self._plan(roots)

    def _readers(self, objects: Iterable[Any]) -> set[str]:
        """The cells that read a global bound to one of `objects`, other than its definer."""
        wanted = {id(o) for o in objects}
        names = [name for name, value in self.namespace.items() if id(value) in wanted]
        readers: set[str] = set()
        for name in names:
            readers.update(self._graph.readers(name))
        return readers

    def _take(self, order, run_id: int, blocks, results: list[CellDone]) -> None:
        failed: dict[str, str] = {}  # cell -> why its descendants are skipped
        setup_failed = False
        parents = self._graph.parents
        for cid in order:
            block = blocks.get(cid)
            if block is not None:
                results.append(self._blocked(cid, run_id, block, failed))
                setup_failed = setup_failed or cid in self._setup_ids
            elif setup_failed and cid not in self._setup_ids:
                results.append(self._done(cid, run_id, SKIPPED, reason="the setup cell failed"))
            elif failed and not failed.keys().isdisjoint(ps := parents(cid)):
                failed[cid] = reason = next(failed[c] for c in ps if c in failed)
                results.append(self._done(cid, run_id, SKIPPED, reason=reason))
            elif self.cancel_requested():
                return
            else:
                done = self._run_cell(cid, run_id)
                results.append(done)
                if done.status == INTERRUPTED:
                    return
                if done.status != SUCCESS:
                    failed[cid] = self._failure_reason(cid, done)
                    setup_failed = setup_failed or cid in self._setup_ids

    def _blocked(self, cid: str, run_id: int, block: plan.Block,
                 failed: dict[str, str]) -> CellDone:
        failed[cid] = block.reason
        if block.status == DISABLED:
            self._stale.add(cid)  # runs when the cell (or its ancestor) is enabled again
        error = self._static_error(cid) if block.cause == cid and block.status == ERROR else None
        return self._done(cid, run_id, block.status, error=error, reason=block.reason)

    def _run_cell(self, cid: str, run_id: int) -> CellDone:
        spec = self._specs[cid]
        self._stale.discard(cid)
        self._ran.add(cid)
        self._defined[cid] = self._graph.facts(cid).defs
        if self._emitting:
            self._emit(CellRunning(cid, run_id))
        self._context.cell = cid
        self._count += 1
        self._started[cid] = self._count
        status, value, error, reason = SUCCESS, None, None, None
        built = self._context.output = output.CellOutput(cid, self._send_output, self._render)
        capture = self._capture
        capture.begin(cid)
        if self._import_failed:
            importlib.invalidate_caches()  # the finders' cached folder listings predate it
            self._import_failed = False
        start = time.perf_counter()
        try:
            compiled = self._compiled.get(cid)
            if compiled is None or (compiled.source is not spec.code
                                    and compiled.source != spec.code):
                compiled = self._compile(cid, spec.code)
            if compiled.privates:
                self._defined[cid] = self._defined[cid] | compiled.privates
            value = self._executor.run(compiled, self.namespace)
        except control.StopCell as stop:
            status, value, reason = STOPPED, stop.output, "stopped by lichen.stop"
        except KeyboardInterrupt as e:
            status, error = INTERRUPTED, self._error(e, cid)
            self._stale.add(cid)  # it did not finish: run_stale runs it again
        except BaseException as e:  # SystemExit too: a cell never ends the process
            if self.on_cell_exception is not None:
                self.on_cell_exception(e)
            status, error = ERROR, self._error(e, cid)
            # The package may be installed before the cell runs again: import afresh then.
            self._import_failed = self._import_failed or error.package is not None
        duration = time.perf_counter() - start
        built.close()
        self._context.output = None
        if type(value) in _CONTAINERS:  # `slider, text` shows both elements
            value = structured(value)
        elif "anywidget" in sys.modules:  # a bare anywidget shows as `ui.anywidget`
            from lichen.runtime.ui.widget import as_element

            value = as_element(value)
        if value is not None:
            shown = mime_bundle(value, self._limit)
        else:  # what `mo.output` and progress bars left, if anything
            shown = built.bundle() if built.touched else None
        figures.close_all()  # drawn above if shown; none lives on into the next cell
        capture.end()
        return self._done(cid, run_id, status, shown, error, duration, self._count, reason)

    def _done(self, cid: str, run_id: int, status: str, output=None, error=None,
              duration: float = 0.0, count: int | None = None,
              reason: str | None = None) -> CellDone:
        done = CellDone(cid, run_id, status, output, error, duration, count, reason)
        if self._emitting:
            self._emit(done)
        return done

    def _report(self, results: Iterable[CellDone], run_id: int | None = None) -> RunReport:
        return RunReport(self._next_run_id() if run_id is None else run_id, tuple(results))

    def _report_blocked(self, order: Sequence[str]) -> RunReport:
        run_id = self._next_run_id()
        blocks = self._blocks()
        return RunReport(run_id, tuple(
            self._done(cid, run_id, blocks[cid].status, reason=blocks[cid].reason)
            for cid in order if cid in blocks))

    def _mark_all_stale(self, cells: Iterable[str], run_id: int) -> list[CellDone]:
        out = []
        for cid in cells:
            self._mark_stale(cid)
            out.append(CellDone(cid, run_id, STALE, reason="an input changed; run it to update"))
        return out

    def _mark_stale(self, cid: str) -> None:
        self._stale.add(cid)
        if self._emitting:
            self._emit(CellStale(cid))

    # -- namespace ------------------------------------------------------------------------------

    def _fresh_namespace(self) -> dict[str, Any]:
        ns: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}
        if self.filename:
            ns["__file__"] = self.filename
        return ns

    def _scrub(self, cid: str) -> None:
        """Remove what the cell defined when it last ran (and forget the UI elements it made)."""
        self._context.forget_cell(cid)
        names = self._defined.pop(cid, None)
        if names:
            ns = self.namespace
            for name in names:
                ns.pop(name, None)

    def _compile(self, cid: str, code: str) -> CompiledCell:
        filename = cell_filename(self.filename, cid)
        self._files[filename] = cid
        compiled = compile_cell(code, filename, cid)
        self._compiled[cid] = compiled
        return compiled

    # -- errors and labels ----------------------------------------------------------------------

    def _error(self, exc: BaseException, cid: str) -> CellErrorInfo:
        if type(exc) is NameError and getattr(exc, "name", None):
            self._explain_name_error(exc, cid)
        prefixes = {private.prefix_for(cid)}

        def describe(filename: str) -> str | None:
            owner = self._files.get(filename)
            if owner is None or owner not in self._specs:
                return None
            prefixes.add(private.prefix_for(owner))
            return self.describe(owner, with_file=True)

        def demangle(text: str) -> str:
            for prefix in prefixes:
                text = private.demangle(text, prefix)
            return text

        return error_info(exc, describe, demangle)

    def _explain_name_error(self, exc: NameError, cid: str) -> None:
        name = private.demangle(exc.name, private.prefix_for(cid))
        definers = self._graph.definers(name)
        if not definers and name in self._deleted:
            exc.args = (f"name '{name}' is not defined: it was defined by {self._deleted[name]}, "
                        "which was deleted",)
        elif definers and definers[0] != cid:
            exc.args = (f"name '{name}' is not defined: {self.describe(definers[0])} defines it "
                        "but has not run successfully",)

    def _static_error(self, cid: str) -> CellErrorInfo:
        """The error of a cell that cannot run: its syntax error, or its graph error."""
        spec = self._specs[cid]
        errors = self._graph.errors_of(cid)
        if spec.kind is CellKind.UNPARSABLE or any(e.kind == "syntax" for e in errors):
            try:
                compile_cell(spec.code, cell_filename(self.filename, cid), cid)
            except SyntaxError as e:
                self._files[cell_filename(self.filename, cid)] = cid
                return self._error(e, cid)
        if not errors:
            message = "this cell could not be parsed when the notebook was read; fix its code"
            return CellErrorInfo("SyntaxError", message, f"SyntaxError: {message}")
        ename = _GRAPH_ERROR_NAMES.get(errors[0].kind, "ReactivityError")
        text = "\n".join(f"{_GRAPH_ERROR_NAMES.get(e.kind, 'ReactivityError')}: {e.message}"
                         for e in errors)
        return CellErrorInfo(ename, errors[0].message, text + "\n")

    def _failure_reason(self, cid: str, done: CellDone) -> str:
        label = self.describe(cid)
        if done.status == STOPPED:
            return f"{label} was stopped (lichen.stop)"
        if done.status == ERROR and done.error is not None:
            return f"{label} raised {done.error.ename}"
        return f"{label} did not finish ({done.status})"

    def describe(self, cid: str, with_file: bool = False) -> str:
        """"cell 3" or "cell 3 (load)": the 1-based position, and the name if it has one."""
        if self._positions is None:
            self._positions = {c: i for i, c in enumerate(self._graph.cells)}
        position = self._positions.get(cid)
        label = f"cell {position + 1}" if position is not None else f"cell {cid}"
        spec = self._specs.get(cid)
        if spec is not None and spec.name not in ("_", "", "__"):
            label += f" ({spec.name})"
        if with_file:
            label = f"{os.path.basename(self.filename) if self.filename else 'notebook'}, {label}"
        return label

    # -- bookkeeping ----------------------------------------------------------------------------

    def _set_graph(self, graph: Graph) -> set[str]:
        """Install a new graph; returns the cells whose reactivity errors changed. Cells that
        start failing lose their definitions now."""
        self._graph = graph
        self._positions = None
        before, self._errored = self._errored, self._errored_cells()
        for cid in self._errored - before:
            self._scrub(cid)
        return {c for c in before ^ self._errored if c in self._specs}

    def _errored_cells(self) -> set[str]:
        return {cid for error in self._graph.errors for cid in error.cells}

    def _special_changed(self) -> None:
        """Recompute what depends on kinds and configs (setup, unparsable, blocks)."""
        self._setup_ids = frozenset(c.id for c in self._specs.values() if c.kind is CellKind.SETUP)
        self._unparsable = {c.id for c in self._specs.values() if c.kind is CellKind.UNPARSABLE}
        self._blocks_graph = None
        self._positions = None

    def _spec(self, cell_id: str) -> CellSpec:
        try:
            return self._specs[cell_id]
        except KeyError:
            raise KeyError(f"no cell {cell_id!r} in this notebook") from None

    def _next_run_id(self) -> int:
        self._run_id += 1
        return self._run_id

    def _send_stream(self, cell_id: str, name: str, text: str) -> None:
        self._emit(CellStream(cell_id, name, text))

    def _post_ui(self, cell_id: str, message: dict[str, Any]) -> None:
        line = json.dumps(message, separators=(",", ":"), default=str) + "\n"
        self._emit(CellStream(cell_id, UI_STREAM, line))

    def _echo_raw(self, element: Any, sent: Any) -> None:
        """Tell the renderer the element's raw value when the kernel's is not the one it sent
        (a chat appended its model's reply)."""
        if not self._emitting:
            return
        raw = element._raw_value()
        cell = self._context.cell_of(element.id)
        try:
            same = raw == sent
        except Exception:
            same = False
        if not same and cell is not None and element.kind != "anywidget":
            self._post_ui(cell, {"elementId": element.id, "value": raw})

    def _send_output(self, cell_id: str, bundle: dict[str, str] | None) -> None:
        if self._emitting:
            self._capture.end_chunk()  # text printed before the change shows before it
            self._emit(CellOutput(cell_id, bundle))

    def _render(self, items: list[Any]) -> dict[str, str] | None:
        """The MIME bundle of a cell's output items (a column of them when there are several)."""
        if not items:
            return None
        if len(items) == 1 and not isinstance(items[0], str):  # text shows as text, not repr
            return mime_bundle(structured(items[0]) if type(items[0]) in _CONTAINERS
                               else items[0], self._limit)
        from lichen.runtime.layout import vstack

        return mime_bundle(vstack(items), self._limit)

    @staticmethod
    def _check_mode(mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")


def _sentence(text: str) -> str:
    """An element's reason as a sentence: capitalised, with a full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."
