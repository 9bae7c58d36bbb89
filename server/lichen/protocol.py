"""Messages between the runtime, the kernel, the daemon and the editor: declared once, here.

Every message is a frozen standard-library dataclass whose fields are plain JSON values
(str, int, float, bool, None, tuples, dicts of those, or another message of this module), so
the same shapes travel as msgpack (msgspec, between daemon and kernel) and as JSON (Pyodide).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal, Union

from lichen.notebook.model import NOT_A_NOTEBOOK, STRAY_CODE

# --- execution -----------------------------------------------------------------------------------

# Cell statuses at the end of a run.
SUCCESS = "success"  # ran to the end
ERROR = "error"  # raised, or cannot run (syntax, multiple definitions, cycle)
INTERRUPTED = "interrupted"  # KeyboardInterrupt while it ran
STOPPED = "stopped"  # lichen.stop(...) ended it; its descendants are skipped quietly
CANCELLED = "cancelled"  # queued in a run that was interrupted
SKIPPED = "skipped"  # an ancestor raised, was stopped or cannot run
DISABLED = "disabled"  # disabled, or an ancestor is
STALE = "stale"  # lazy mode: inputs changed, not re-run yet
STATUSES = (SUCCESS, ERROR, INTERRUPTED, STOPPED, CANCELLED, SKIPPED, DISABLED, STALE)

# Statuses of a cell that executed (as opposed to one the run passed over).
RAN = frozenset({SUCCESS, ERROR, INTERRUPTED, STOPPED})
# Statuses that make a run fail (cells skipped only follow from these, or from a stop).
FAILED = frozenset({ERROR, INTERRUPTED, CANCELLED})

# What an edit does to the cells that read what it changed (`Settings.onCellChange`, the
# runtime's and the session's `mode`).
AUTORUN = "autorun"  # runs them
LAZY = "lazy"  # marks them stale
RUN_MODES = (AUTORUN, LAZY)


@dataclass(frozen=True, slots=True)
class CellErrorInfo:
    ename: str  # exception class name, e.g. "ZeroDivisionError"
    evalue: str  # str(exception)
    traceback: str  # formatted text; frames point at cells ("nb.py, cell 3"), runtime frames cut
    # A ModuleNotFoundError's: the PyPI distribution providing the module the interpreter lacks
    # (what VS Code offers to install into the kernel's environment); None for other errors.
    package: str | None = None


@dataclass(frozen=True, slots=True)
class CellQueued:
    cell_id: str
    run_id: int


@dataclass(frozen=True, slots=True)
class CellRunning:
    cell_id: str
    run_id: int


@dataclass(frozen=True, slots=True)
class CellStream:
    cell_id: str
    name: str  # "stdout" | "stderr"
    text: str


@dataclass(frozen=True, slots=True)
class CellOutput:
    """The running cell's output so far, replacing the last one sent while it runs (what
    `mo.output.append/replace` and progress bars show live). Its `CellDone` has the final one."""

    cell_id: str
    output: dict[str, str] | None = None  # MIME bundle; None: the cell shows nothing yet


@dataclass(frozen=True, slots=True)
class CellDone:
    cell_id: str
    run_id: int
    status: str  # one of the statuses above
    output: dict[str, str] | None = None  # MIME bundle; binary types base64-encoded
    error: CellErrorInfo | None = None
    duration: float = 0.0  # seconds spent executing (0 when the cell did not run)
    execution_count: int | None = None  # set when the cell ran
    reason: str | None = None  # why a cell did not run, or how it ended, in one line


@dataclass(frozen=True, slots=True)
class CellStale:
    cell_id: str


@dataclass(frozen=True, slots=True)
class KernelPlacement:
    """Where a kernel launched through a scheduler is: sent as its job waits, starts and runs."""

    launcher: str  # "slurm"
    job_id: str
    state: str  # the scheduler's word: PENDING, CONFIGURING, RUNNING, ...
    reason: str = ""  # why it waits, in the scheduler's words ("Resources", "Priority")
    node: str = ""  # where it runs, once it does
    seconds_left: int | None = None  # of the job's time limit; None when unlimited


@dataclass(frozen=True, slots=True)
class RunReport:
    run_id: int
    cells: tuple[CellDone, ...] = ()  # in run order; stale markings last

    def result(self, cell_id: str) -> CellDone | None:
        """The result of `cell_id` in this run, or None if the run did not concern it. A cell
        re-run within the run (a state setter's follow-up) gives its last result."""
        for r in reversed(self.cells):
            if r.cell_id == cell_id:
                return r
        return None

    @property
    def ok(self) -> bool:
        """Whether no cell of the run failed (raised, could not run, or was interrupted)."""
        return not any(r.status in FAILED for r in self.cells)


Event = Union[CellQueued, CellRunning, CellStream, CellOutput, CellDone, CellStale]

# --- the kernel wire names the messages it tags by type (`lichen.kernel.wire`) ------------------

MESSAGES: dict[str, type] = {
    cls.__name__: cls
    for cls in (CellErrorInfo, CellQueued, CellRunning, CellStream, CellOutput, CellDone, CellStale,
                RunReport, KernelPlacement)
}


# --- the editor and the daemon -------------------------------------------------------------------
#
# Messages of the `lichen/*` methods between the VS Code extension and the daemon (JSON-RPC over
# the LSP connection). Their fields carry the wire's camelCase names, so one declaration serves
# Python, the JSON Schema and the TypeScript types in `shared-protocol/` without a renaming layer.
# Fields with defaults may be left out by the sender of a request; the daemon always sends every
# field. Slotted, so that instances msgspec builds hold every field (a plain dataclass built by
# msgspec.convert keeps defaults on the class, and msgspec would then not encode them). Nothing here imports beyond the standard library: the Pyodide worker speaks it too.

CellKindName = Literal["cell", "setup", "function", "class", "unparsable"]
CellStatus = Literal[STATUSES]  # type: ignore[valid-type]
KernelState = Literal["starting", "idle", "busy", "dead", "restarting"]
OnCellChange = Literal[RUN_MODES]  # type: ignore[valid-type]
# What reading a file had to work around (`FormatProblemData.code`): the file format's words.
FormatProblemCode = Literal[NOT_A_NOTEBOOK, STRAY_CODE]  # type: ignore[valid-type]


KernelLauncher = Literal["local", "slurm"]


@dataclass(frozen=True, slots=True)
class SlurmSettings:
    """The resources of a Slurm kernel's job (`lichen.kernel.slurm.*`), as srun takes them; see
    `lichen.kernel.launchers.SLURM_OPTIONS`. Empty: Slurm's defaults."""

    partition: str = ""
    time: str = ""  # e.g. "1:00:00"
    cpus: int | None = None
    memory: str = ""  # e.g. "8G"
    gpus: str = ""  # e.g. "1" or "a100:2"
    account: str = ""
    constraint: str = ""
    args: tuple[str, ...] = ()  # further srun arguments


@dataclass(frozen=True, slots=True)
class Settings:
    """What the extension tells the daemon: `initializationOptions`, and the `settings` of
    `workspace/didChangeConfiguration` (the whole object each time)."""

    onCellChange: OnCellChange = AUTORUN  # edits run dependents, or mark them stale
    pythonPath: str | None = None  # interpreter for kernels; None: the one running the daemon
    envFile: str | None = None  # absolute path of a dotenv file (`python.envFile`) for kernels
    trusted: bool = True  # False: the workspace is untrusted and nothing may run
    kernelLauncher: KernelLauncher = "local"  # where kernels run; a notebook's [tool.lichen] wins
    slurm: SlurmSettings = SlurmSettings()
    # Kernels outlive the daemon (a dropped connection) and are reattached to when their notebook
    # opens again: a local kernel for this many minutes, a Slurm kernel until its job ends.
    keepRunning: bool = False
    keepRunningMinutes: float = 60.0


# --- the notebook file, as the extension holds it --------------------------------------------------
#
# `lichen/parse` turns a file into `NotebookData`; `lichen/serialize` turns it back. The extension
# keeps each cell's `metadata` in the VS Code cell's metadata and the notebook's `metadata` in the
# notebook's, untouched, and hands them back on save: they carry the verbatim text each piece was
# read from, so an unedited file is written back byte for byte and an edit rewrites one cell.


@dataclass(frozen=True, slots=True)
class CellConfigData:
    hideCode: bool = False
    disabled: bool = False
    column: int | None = None
    # Options this version does not know, as (keyword, Python source) pairs: send them back as
    # they came so they survive a save.
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class CellKey:
    """What a cell's verbatim text was derived from; while these are unchanged it is reused."""

    code: str
    name: str
    kind: CellKindName
    config: CellConfigData
    params: tuple[str, ...]  # the parameters its `def` line declares


@dataclass(frozen=True, slots=True)
class CellSource:
    lead: str  # blank lines between the previous piece and this cell
    text: str  # the cell as written in the file
    line: int = 1  # 1-based line of the file where the cell's code begins
    key: CellKey | None = None


@dataclass(frozen=True, slots=True)
class PieceSource:
    """The verbatim text of a part of the file around the cells (import, App line, guard)."""

    lead: str
    text: str
    key: tuple[str | None, ...] | None = None


@dataclass(frozen=True, slots=True)
class CellMetadata:
    name: str = "_"  # the cell function's name; "_" for anonymous cells
    kind: CellKindName = "cell"
    config: CellConfigData = CellConfigData()
    source: CellSource | None = None  # None for a cell the file did not have


@dataclass(frozen=True, slots=True)
class CellData:
    code: str
    metadata: CellMetadata = CellMetadata()
    # A Markdown cell's text (the cell is one plain `mo.md("...")` call): the editor shows it as
    # a Markdown cell and sends the text back; None for every other cell.
    markdown: str | None = None


@dataclass(frozen=True, slots=True)
class NotebookMetadata:
    module: str = "lichen"  # "marimo" or "lichen": the module the file imports App from
    appConfig: dict[str, Any] = dataclasses.field(default_factory=dict)  # App(...) options
    header: str = ""  # text before the import: PEP 723 block, comments, docstring
    generatedWith: str | None = None
    newline: str = "\n"
    preamble: tuple[PieceSource, ...] | None = None
    trailer: PieceSource | None = None
    # A marimo markdown notebook (.md): the file as read, so it is written back in that format,
    # each unchanged cell as it was. None for a `.py` notebook.
    markdownFile: str | None = None


@dataclass(frozen=True, slots=True)
class FormatProblemData:
    line: int  # 1-based line of the file
    message: str  # for people
    code: FormatProblemCode  # for code that must tell problems apart


@dataclass(frozen=True, slots=True)
class NotebookData:
    cells: tuple[CellData, ...]
    metadata: NotebookMetadata = NotebookMetadata()
    problems: tuple[FormatProblemData, ...] = ()  # what reading the file had to work around


@dataclass(frozen=True, slots=True)
class ParseParams:
    text: str
    uri: str | None = None  # for messages only


@dataclass(frozen=True, slots=True)
class SerializeParams:
    notebook: NotebookData


@dataclass(frozen=True, slots=True)
class SerializeResult:
    text: str


# --- import and export -----------------------------------------------------------------------------
#
# Import Notebook and Export As: a file of another format to a notebook's text, and the notebook as
# the editor holds it (with the outputs it shows) to another format; `lichen.editor.transfer`.

ExportFormat = Literal["html", "ipynb", "md", "script"]
NotebookModule = Literal["lichen", "marimo"]


@dataclass(frozen=True, slots=True)
class StreamText:
    name: str  # "stdout" | "stderr"
    text: str


@dataclass(frozen=True, slots=True)
class CellOutputData:
    """What a cell shows in the editor now, as the daemon sent it."""

    output: dict[str, str] | None = None  # MIME bundle; binary types base64-encoded
    streams: tuple[StreamText, ...] = ()
    error: CellErrorInfo | None = None


@dataclass(frozen=True, slots=True)
class ImportParams:
    text: str
    fileName: str  # its suffix says the format: .ipynb, .md/.qmd, .html (a Lichen page), .py
    module: NotebookModule | None = None  # the header the notebook gets (default: lichen)
    fixRedefinitions: bool = False  # rename names defined in several cells


@dataclass(frozen=True, slots=True)
class ImportResult:
    text: str  # the notebook's file
    notes: tuple[str, ...] = ()  # each change the conversion made, naming the cell
    redefined: tuple[str, ...] = ()  # names still defined in several cells


@dataclass(frozen=True, slots=True)
class ExportParams:
    notebook: NotebookData
    format: ExportFormat
    title: str = "notebook"  # an html page's title when the App sets none
    outputs: tuple[CellOutputData, ...] = ()  # one per cell, in order (html and ipynb keep them)
    showCode: bool = True  # html: the cells' code beside their outputs


@dataclass(frozen=True, slots=True)
class ExportResult:
    text: str


# --- running ---------------------------------------------------------------------------------------
#
# Cells are named by their VS Code cell URIs; the notebook by its notebook URI, as synced with
# `notebookDocument/didOpen|didChange`. A run request answers when the run has ended, after every
# `lichen/cellEvents` notification of that run has been sent.


@dataclass(frozen=True, slots=True)
class NotebookParams:
    notebookUri: str


@dataclass(frozen=True, slots=True)
class RunParams:
    notebookUri: str
    cellUris: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KernelChoice:
    """The interpreter chosen for a notebook's kernel in VS Code's kernel picker (one kernel per
    Python environment). A kernel running in another one ends; the next run starts one here."""

    notebookUri: str
    python: str | None = None  # None: the daemon's default (`Settings.pythonPath`, else its own)


@dataclass(frozen=True, slots=True)
class SetConfigParams:
    notebookUri: str
    cellUri: str
    config: CellConfigData


@dataclass(frozen=True, slots=True)
class CellOutcome:
    cellUri: str
    status: CellStatus


@dataclass(frozen=True, slots=True)
class RunResult:
    ok: bool  # no cell raised, was interrupted or could not run
    cells: tuple[CellOutcome, ...] = ()  # in run order


@dataclass(frozen=True, slots=True)
class QueuedEvent:
    runId: int
    kind: Literal["queued"] = "queued"


@dataclass(frozen=True, slots=True)
class RunningEvent:
    runId: int
    kind: Literal["running"] = "running"


@dataclass(frozen=True, slots=True)
class StreamEvent:
    name: str  # "stdout" | "stderr"
    text: str
    kind: Literal["stream"] = "stream"


@dataclass(frozen=True, slots=True)
class OutputEvent:
    output: dict[str, str] | None = None  # the running cell's output so far; replaces the last
    kind: Literal["output"] = "output"


@dataclass(frozen=True, slots=True)
class DoneEvent:
    runId: int
    status: CellStatus
    output: dict[str, str] | None = None  # MIME bundle; binary types base64-encoded
    error: CellErrorInfo | None = None
    duration: float = 0.0  # seconds spent executing
    executionCount: int | None = None  # set when the cell ran
    reason: str | None = None  # why the cell did not run, or how it ended
    kind: Literal["done"] = "done"


@dataclass(frozen=True, slots=True)
class StaleEvent:
    kind: Literal["stale"] = "stale"  # lazy mode: inputs changed, not re-run yet


CellEventBody = Union[QueuedEvent, RunningEvent, StreamEvent, OutputEvent, DoneEvent, StaleEvent]


@dataclass(frozen=True, slots=True)
class CellEvent:
    cellUri: str
    event: CellEventBody


@dataclass(frozen=True, slots=True)
class CellEvents:
    """Events of one notebook's cells in the order they happened (batched: one notification
    carries whatever arrived since the last one was sent)."""

    notebookUri: str
    events: tuple[CellEvent, ...]


@dataclass(frozen=True, slots=True)
class KernelStatus:
    notebookUri: str
    state: KernelState
    message: str = ""  # for "dead": what happened and what to do
    placement: PlacementData | None = None  # where a scheduler put the kernel, if one did


@dataclass(frozen=True, slots=True)
class PlacementData:
    """`KernelPlacement` on the wire: the newest word of the scheduler on the kernel's job."""

    launcher: str
    jobId: str
    state: str
    reason: str = ""
    node: str = ""
    secondsLeft: int | None = None
    label: str = ""  # the launcher as the user chose it, e.g. "Slurm (debug, 1:00:00)"


# --- UI elements -----------------------------------------------------------------------------------
#
# An output whose bundle has `UI_MIME` draws UI elements, markdown with elements and layouts; its
# payload is described in `lichen.runtime.display`. When the user changes an element, the renderer
# sends the element's id and its new raw value; the daemon answers once the run it caused ends
# (`Session.set_ui_value`, which coalesces values that arrive while a run is in progress: of the
# values sent for one element during a run, only the newest causes the next run, and each of
# those requests is answered with the run that applied its value or a newer one).

UI_MIME = "application/vnd.lichen.ui+json"
# A dataframe's output: an interactive table whose pages the kernel answers (`lichen.runtime.tables`).
TABLE_MIME = "application/vnd.lichen.table+json"
SET_UI_VALUE = "lichen/setUiValue"
# The stream name of what the kernel tells the renderer between outputs, one JSON message a line:
# `{"modelId", "state" | "message", "buffers"?}` from an anywidget's Python object to its model
# (`lichen.runtime.ui.widget_comm`), and `{"elementId", "value"}` when an element's raw value in
# the kernel is not the one the renderer sent (a chat's reply). The extension hands these to the
# renderer; they never become a cell's output.
UI_STREAM = "lichen.ui"


@dataclass(frozen=True, slots=True)
class SetUiValueParams:
    notebookUri: str
    elementId: str  # the "id" of the element's node in the output
    value: Any  # the element's new raw value (JSON), as `lichen.runtime.ui` describes per kind


# --- tables ----------------------------------------------------------------------------------------
#
# A table output (`TABLE_MIME`, and the table UI element) carries the first page of its data; the
# renderer asks `lichen/tableQuery` for the others, and for column summaries. `request` is a query
# or a summary request as `lichen.runtime.tables` describes them, and `answer` the page or the
# summary. The kernel answers on the live data, between runs (a query waits for a running cell).

TABLE_QUERY = "lichen/tableQuery"


@dataclass(frozen=True, slots=True)
class TableQueryParams:
    notebookUri: str
    tableId: str  # the "id" of the table output's payload
    request: Any  # {"sort", "search", "offset", "limit"} or {"summary": column}


@dataclass(frozen=True, slots=True)
class TableAnswer:
    answer: dict[str, Any]


# --- debugging -------------------------------------------------------------------------------------
#
# `lichen/debugAttach` starts debugpy in the notebook's kernel (starting the kernel if it is not
# running; nothing runs) and opens a debugger client session with it; the attach request must
# carry `pathMappings`, which map the notebook's cell URIs to the names cells have in the kernel
# (`lichen.kernel.debug`). No port opens: the session's DAP messages travel as notifications,
# `lichen/debugToKernel` (the client's requests) and `lichen/debugFromKernel` (debugpy's
# responses and events), then over the kernel's own channel (`lichen.kernel.debug_relay`).
# `lichen/debugDetach` ends a session whose client went away (paused cells go on). A new attach
# ends the notebook's previous session; a restart or the kernel's death ends it with a
# `terminated` event. Runs that follow while a client is attached stop at its breakpoints,
# cells added since included.


@dataclass(frozen=True, slots=True)
class PathMapping:
    localRoot: str  # a prefix of the client's paths (cell URIs, or "/")
    remoteRoot: str  # what replaces it in the kernel


@dataclass(frozen=True, slots=True)
class DebugAttach:
    session: int  # the client session's number, which its messages carry
    pathMappings: tuple[PathMapping, ...]


@dataclass(frozen=True, slots=True)
class DebugMessage:
    notebookUri: str
    session: int
    message: dict[str, Any]  # one Debug Adapter Protocol message


@dataclass(frozen=True, slots=True)
class DebugSessionParams:
    notebookUri: str
    session: int


DEBUG_ATTACH = "lichen/debugAttach"
DEBUG_TO_KERNEL = "lichen/debugToKernel"
DEBUG_FROM_KERNEL = "lichen/debugFromKernel"
DEBUG_DETACH = "lichen/debugDetach"


# --- views of the notebook ---------------------------------------------------------------------------
#
# `lichen/variables` lists the running kernel's public globals (`lichen.runtime.variables`), with
# the cell that defined each and the cells that read it (`lichen.editor.variables_view`); empty
# while no kernel runs. The extension asks again when a run's cells are done.

VARIABLES = "lichen/variables"


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    type: str  # the class's name: "int", "DataFrame"
    value: str  # one short line: shape and dtypes, a length and the first items, a clipped repr
    size: int | None  # bytes, where cheap to know (a container's own, without its items)
    cellUri: str  # the cell that defined it
    readers: tuple[str, ...]  # the cells that read it, in notebook order


@dataclass(frozen=True, slots=True)
class Variables:
    variables: tuple[Variable, ...]  # sorted by name


# `lichen/cellGraph` gives the notebook's dependency graph as the graph view draws it
# (`lichen.editor.graph_view`): one node per cell in the graph, one edge per (definer, reader)
# pair with the names it carries, and the graph's errors on the nodes and edges concerned.

CELL_GRAPH = "lichen/cellGraph"


@dataclass(frozen=True, slots=True)
class GraphNode:
    cellUri: str
    label: str  # the cell's function name, else its first line of code
    defines: tuple[str, ...]  # sorted
    errors: tuple[str, ...] = ()  # the messages of the graph errors involving the cell


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str  # the defining cell's URI
    target: str  # the reading cell's URI
    names: tuple[str, ...]  # what it carries, sorted
    error: str | None = None  # "cycle" or "multiple-definition" when the edge is part of one


@dataclass(frozen=True, slots=True)
class CellGraph:
    nodes: tuple[GraphNode, ...]  # in notebook order
    edges: tuple[GraphEdge, ...]


# --- the methods -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Method:
    key: str  # the name of its constant in the TypeScript `Methods`
    name: str  # the JSON-RPC method
    params: type
    result: type | None  # None: a notification
    to_editor: bool = False  # sent by the daemon (otherwise by the extension)


PARSE = "lichen/parse"
SERIALIZE = "lichen/serialize"
RUN = "lichen/run"
RUN_ALL = "lichen/runAll"
RUN_STALE = "lichen/runStale"
INTERRUPT = "lichen/interrupt"
RESTART = "lichen/restart"
CANCEL_KERNEL_JOB = "lichen/cancelKernelJob"
SELECT_KERNEL = "lichen/selectKernel"
SET_CONFIG = "lichen/setConfig"
CELL_EVENTS = "lichen/cellEvents"
KERNEL_STATUS = "lichen/kernelStatus"
IMPORT_NOTEBOOK = "lichen/importNotebook"
EXPORT_NOTEBOOK = "lichen/exportNotebook"

EDITOR_METHODS: tuple[Method, ...] = (
    Method("parse", PARSE, ParseParams, NotebookData),
    Method("serialize", SERIALIZE, SerializeParams, SerializeResult),
    Method("run", RUN, RunParams, RunResult),
    Method("runAll", RUN_ALL, NotebookParams, RunResult),
    Method("runStale", RUN_STALE, NotebookParams, RunResult),
    Method("interrupt", INTERRUPT, NotebookParams, type(None)),
    Method("restart", RESTART, NotebookParams, type(None)),
    Method("cancelKernelJob", CANCEL_KERNEL_JOB, NotebookParams, type(None)),
    Method("selectKernel", SELECT_KERNEL, KernelChoice, type(None)),
    Method("setConfig", SET_CONFIG, SetConfigParams, RunResult),
    Method("setUiValue", SET_UI_VALUE, SetUiValueParams, RunResult),
    Method("tableQuery", TABLE_QUERY, TableQueryParams, TableAnswer),
    Method("debugAttach", DEBUG_ATTACH, NotebookParams, DebugAttach),
    Method("debugToKernel", DEBUG_TO_KERNEL, DebugMessage, None),
    Method("debugDetach", DEBUG_DETACH, DebugSessionParams, None),
    Method("debugFromKernel", DEBUG_FROM_KERNEL, DebugMessage, None, to_editor=True),
    Method("importNotebook", IMPORT_NOTEBOOK, ImportParams, ImportResult),
    Method("exportNotebook", EXPORT_NOTEBOOK, ExportParams, ExportResult),
    Method("variables", VARIABLES, NotebookParams, Variables),
    Method("cellGraph", CELL_GRAPH, NotebookParams, CellGraph),
    Method("cellEvents", CELL_EVENTS, CellEvents, None, to_editor=True),
    Method("kernelStatus", KERNEL_STATUS, KernelStatus, None, to_editor=True),
)
@dataclass(frozen=True, slots=True)
class PackagesMissing:
    """The `data` of a `kernelPackagesMissing` error: what to offer the user (never installed
    without their say-so)."""

    python: str  # the interpreter that lacks them
    packages: tuple[str, ...]  # pip names
    install: tuple[str, ...]  # the command that installs them there, as arguments


# JSON-RPC error codes of the `lichen/*` methods (the server-error range); each error's message
# says what happened and what to do.
ERROR_CODES: dict[str, int] = {
    "untrusted": -32010,  # the workspace is not trusted: nothing runs
    "unknownNotebook": -32011,  # no notebook with that URI is open (notebookDocument/didOpen)
    "unknownCell": -32012,  # no cell with that URI in the notebook
    "kernelStartFailed": -32013,  # the kernel process could not start; the message says why
    "kernelDead": -32014,  # the kernel died; `lichen/restart` starts a new one
    "uiValueRefused": -32015,  # the UI element is gone (its cell ran again) or refused the value
    "debugUnavailable": -32016,  # debugpy cannot run in the kernel; the message says what to do
    "tableGone": -32017,  # the table is no longer in the kernel (its cell ran again, a restart)
    "renameRefused": -32018,  # a rename that would break the notebook; the message says why
    "notConvertible": -32020,  # a file Import Notebook / Export As cannot convert; says why
    "kernelPackagesMissing": -32021,  # the interpreter lacks pyzmq/msgspec; `data`: PackagesMissing
    "formatRefused": -32025,  # Ruff cannot format the cell (missing, or the code does not parse)
    # JSON-RPC's own.
    "parseError": -32700,  # the message is not JSON
    "invalidRequest": -32600,  # the message is not a JSON-RPC request or notification
    "methodNotFound": -32601,
    "invalidParams": -32602,  # the params do not have the method's shape
    "internalError": -32603,  # a bug in Lichen: the message says where
}

# Constants the extension and the worker use as well, generated into shared-protocol/ with the
# types: each is declared here only.
SHARED_CONSTANTS = ("UI_MIME", "TABLE_MIME", "STATUSES", "RAN", "FAILED", "RUN_MODES")

# Sent by the extension outside the `lichen/*` methods: `initializationOptions` and the `settings`
# of `workspace/didChangeConfiguration`.
EDITOR_TYPES: tuple[type, ...] = (Settings, PackagesMissing)


# --- the LSP messages the editor service reads -----------------------------------------------------
#
# The part of the LSP notebook sync and lifecycle the editor service (`lichen.editor`) reads, in
# the LSP's own field names. Fields it does not read are left out (a decoder ignores them). They
# are not generated into TypeScript: the extension's language client speaks them.


@dataclass(frozen=True, slots=True)
class InitializeParams:
    processId: int | None = None
    initializationOptions: Any = None


@dataclass(frozen=True, slots=True)
class DidChangeConfigurationParams:
    settings: Any = None


@dataclass(frozen=True, slots=True)
class TextDocumentItem:
    uri: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class TextDocumentRef:
    uri: str


@dataclass(frozen=True, slots=True)
class NotebookCell:
    document: str  # the cell's text document URI
    kind: int = 2  # 1 markup, 2 code
    metadata: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class NotebookDocument:
    uri: str
    metadata: dict[str, Any] | None = None
    cells: tuple[NotebookCell, ...] = ()


@dataclass(frozen=True, slots=True)
class DidOpenNotebookDocumentParams:
    notebookDocument: NotebookDocument
    cellTextDocuments: tuple[TextDocumentItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 0-based
    character: int  # 0-based, UTF-16 code units


@dataclass(frozen=True, slots=True)
class Range:
    start: Position
    end: Position


@dataclass(frozen=True, slots=True)
class TextChange:
    text: str = ""
    range: Range | None = None  # None: the whole text is replaced


@dataclass(frozen=True, slots=True)
class CellTextChange:
    document: TextDocumentRef
    changes: tuple[TextChange, ...] = ()


@dataclass(frozen=True, slots=True)
class CellArrayChange:
    start: int = 0
    deleteCount: int = 0
    cells: tuple[NotebookCell, ...] | None = None


@dataclass(frozen=True, slots=True)
class CellStructureChange:
    array: CellArrayChange = CellArrayChange()
    didOpen: tuple[TextDocumentItem, ...] | None = None
    didClose: tuple[TextDocumentRef, ...] | None = None


@dataclass(frozen=True, slots=True)
class CellsChange:
    structure: CellStructureChange | None = None
    data: tuple[NotebookCell, ...] | None = None
    textContent: tuple[CellTextChange, ...] | None = None


@dataclass(frozen=True, slots=True)
class NotebookChange:
    metadata: dict[str, Any] | None = None
    cells: CellsChange | None = None


@dataclass(frozen=True, slots=True)
class DidChangeNotebookDocumentParams:
    notebookDocument: TextDocumentRef
    change: NotebookChange = NotebookChange()


@dataclass(frozen=True, slots=True)
class DidCloseNotebookDocumentParams:
    notebookDocument: TextDocumentRef
    cellTextDocuments: tuple[TextDocumentRef, ...] = ()


@dataclass(frozen=True, slots=True)
class NoParams:
    """`shutdown`, `exit`: nothing to read."""


@dataclass(frozen=True, slots=True)
class InitializeResult:
    capabilities: dict[str, Any]
    serverInfo: dict[str, str]


INITIALIZE = "initialize"
SHUTDOWN = "shutdown"
EXIT = "exit"
DID_CHANGE_CONFIGURATION = "workspace/didChangeConfiguration"
DID_OPEN_NOTEBOOK = "notebookDocument/didOpen"
DID_CHANGE_NOTEBOOK = "notebookDocument/didChange"
DID_SAVE_NOTEBOOK = "notebookDocument/didSave"
DID_CLOSE_NOTEBOOK = "notebookDocument/didClose"

# --- language requests on cells -------------------------------------------------------------------
#
# Code cells have a language of their own, not `python`: other Python language servers (Pylance,
# Jedi, Ruff) then leave them alone instead of analysing each cell without the others and marking
# every name from another cell undefined. The extension gives the language Python's grammar,
# comments, brackets and indentation; the editor service answers its language requests across
# cells (`lichen.language`). Cells that arrive as `python` (a cell switched by hand) are synced too.

CELL_LANGUAGE = "lichen-python"
SYNCED_LANGUAGES = (CELL_LANGUAGE, "python")


@dataclass(frozen=True, slots=True)
class TextDocumentPositionParams:
    textDocument: TextDocumentRef
    position: Position


@dataclass(frozen=True, slots=True)
class ReferenceContext:
    includeDeclaration: bool = True


@dataclass(frozen=True, slots=True)
class ReferenceParams:
    textDocument: TextDocumentRef
    position: Position
    context: ReferenceContext = ReferenceContext()


@dataclass(frozen=True, slots=True)
class RenameParams:
    textDocument: TextDocumentRef
    position: Position
    newName: str


@dataclass(frozen=True, slots=True)
class DocumentSymbolParams:
    textDocument: TextDocumentRef


@dataclass(frozen=True, slots=True)
class DocumentFormattingParams:
    textDocument: TextDocumentRef
    options: dict[str, Any] = dataclasses.field(default_factory=dict)  # Ruff's configuration decides


COMPLETION = "textDocument/completion"
COMPLETION_RESOLVE = "completionItem/resolve"
HOVER = "textDocument/hover"
SIGNATURE_HELP = "textDocument/signatureHelp"
DEFINITION = "textDocument/definition"
REFERENCES = "textDocument/references"
DOCUMENT_HIGHLIGHT = "textDocument/documentHighlight"
DOCUMENT_SYMBOL = "textDocument/documentSymbol"
PREPARE_RENAME = "textDocument/prepareRename"
RENAME = "textDocument/rename"
FORMATTING = "textDocument/formatting"  # offered where Ruff is installed (`lichen.editor.formatting`)

# `.` attributes; `[` and quotes: keys; `(` and `,`: signature help.
COMPLETION_TRIGGERS = (".", "[", "\"", "'")
SIGNATURE_TRIGGERS = ("(", ",")
LANGUAGE_CAPABILITIES: dict[str, Any] = {
    "completionProvider": {"triggerCharacters": list(COMPLETION_TRIGGERS),
                           "resolveProvider": True},
    "hoverProvider": True,
    "signatureHelpProvider": {"triggerCharacters": list(SIGNATURE_TRIGGERS)},
    "definitionProvider": True,
    "referencesProvider": True,
    "documentHighlightProvider": True,
    "documentSymbolProvider": True,
    "renameProvider": {"prepareProvider": True},
}


# The LSP methods the editor service answers, besides `EDITOR_METHODS`.
LSP_METHODS: tuple[Method, ...] = (
    Method("initialize", INITIALIZE, InitializeParams, InitializeResult),
    Method("shutdown", SHUTDOWN, NoParams, type(None)),
    Method("exit", EXIT, NoParams, None),
    Method("didChangeConfiguration", DID_CHANGE_CONFIGURATION, DidChangeConfigurationParams, None),
    Method("didOpenNotebook", DID_OPEN_NOTEBOOK, DidOpenNotebookDocumentParams, None),
    Method("didChangeNotebook", DID_CHANGE_NOTEBOOK, DidChangeNotebookDocumentParams, None),
    Method("didSaveNotebook", DID_SAVE_NOTEBOOK, DidCloseNotebookDocumentParams, None),
    Method("didCloseNotebook", DID_CLOSE_NOTEBOOK, DidCloseNotebookDocumentParams, None),
    # Results are LSP's own JSON shapes (`lichen.language.engine` builds them).
    Method("completion", COMPLETION, TextDocumentPositionParams, dict),
    Method("completionResolve", COMPLETION_RESOLVE, dict[str, Any], dict),
    Method("hover", HOVER, TextDocumentPositionParams, dict),
    Method("signatureHelp", SIGNATURE_HELP, TextDocumentPositionParams, dict),
    Method("definition", DEFINITION, TextDocumentPositionParams, list),
    Method("references", REFERENCES, ReferenceParams, list),
    Method("documentHighlight", DOCUMENT_HIGHLIGHT, TextDocumentPositionParams, list),
    Method("documentSymbol", DOCUMENT_SYMBOL, DocumentSymbolParams, list),
    Method("prepareRename", PREPARE_RENAME, TextDocumentPositionParams, dict),
    Method("rename", RENAME, RenameParams, dict),
    Method("formatting", FORMATTING, DocumentFormattingParams, list),
)
