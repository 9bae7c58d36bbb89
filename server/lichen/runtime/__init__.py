"""CONTRACT (being written): executing cells reactively in one namespace (standard library only).

The kernel process wraps a `Runtime`; the Pyodide worker uses it directly; `python notebook.py`
and `lichen run` use it in-process.

    @dataclass(frozen=True)
    class CellSpec:                # what the runtime needs to know of a cell
        id: str
        code: str
        config: lichen.notebook.CellConfig = CellConfig()
        name: str = "_"

    class Runtime:
        def __init__(self, emit: Callable[[lichen.protocol.Event], None] = lambda e: None, *,
                     mode: str = "autorun",          # "autorun" | "lazy"
                     argv: Sequence[str] = (),       # lichen.cli_args()
                     filename: str | None = None):   # the notebook's path, for tracebacks / __file__
        # structure (nothing runs)
        def load(self, cells: Sequence[CellSpec]) -> None       # replaces every cell, clears namespace
        def add(self, cell: CellSpec, index: int | None = None) -> None
        def set_config(self, cell_id: str, config: CellConfig) -> RunReport
        def set_mode(self, mode: str) -> None
        # runs: each returns when the whole run is finished
        def run_all(self) -> RunReport
        def run(self, cell_ids: Sequence[str]) -> RunReport     # the cells + descendants (autorun)
        def edit(self, cell_id: str, code: str) -> RunReport    # replace code, then reactive run / stale marking
        def delete(self, cell_id: str) -> RunReport             # scrub defs, then descendants react
        def run_stale(self) -> RunReport
        # a KeyboardInterrupt raised while a run is in progress (the kernel sends SIGINT) is reported
        # as the running cell's error and cancels the run's queued cells; run() returns normally.

    Events (frozen dataclasses in lichen/protocol.py), emitted while a run goes on:
        CellQueued(cell_id, run_id), CellRunning(cell_id, run_id), CellStream(cell_id, name, text),
        CellDone(cell_id, run_id, status, output, error, duration, execution_count), CellStale(cell_id)
    RunReport(run_id, cells: tuple[CellResult, ...])   # CellResult mirrors CellDone, in run order
    status: "success" | "error" | "interrupted" | "cancelled" | "skipped" | "disabled" | "stale"
    output: MIME bundle dict[str, str] (binary types base64) or None
    error: CellErrorInfo(ename, evalue, traceback: str) or None
"""
