// Generated from server/lichen/protocol.py by shared-protocol/generate.py; do not edit.
// Run `python shared-protocol/generate.py` after changing the protocol.

export type CellKindName = "cell" | "setup" | "function" | "class" | "unparsable";
export type CellStatus = "success" | "error" | "interrupted" | "stopped" | "cancelled" | "skipped" | "disabled" | "stale";
export type KernelState = "starting" | "idle" | "busy" | "dead" | "restarting";
export type OnCellChange = "autorun" | "lazy";
export type FormatProblemCode = "notANotebook" | "strayCode";
export type KernelLauncher = "local" | "slurm";
export type ExportFormat = "html" | "ipynb" | "md" | "script";
export type NotebookModule = "lichen" | "marimo";
export type CellEventBody = QueuedEvent | RunningEvent | StreamEvent | OutputEvent | DoneEvent | StaleEvent;

export interface CellConfigData {
  hideCode?: boolean;
  disabled?: boolean;
  column?: number | null;
  extra?: [string, string][];
}

export interface CellData {
  code: string;
  metadata?: CellMetadata;
  markdown?: string | null;
}

export interface CellErrorInfo {
  ename: string;
  evalue: string;
  traceback: string;
  package?: string | null;
}

export interface CellEvent {
  cellUri: string;
  event: CellEventBody;
}

/** Events of one notebook's cells in the order they happened (batched: one notification carries whatever arrived since the last one was sent). */
export interface CellEvents {
  notebookUri: string;
  events: CellEvent[];
}

export interface CellGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** What a cell's verbatim text was derived from; while these are unchanged it is reused. */
export interface CellKey {
  code: string;
  name: string;
  kind: CellKindName;
  config: CellConfigData;
  params: string[];
}

export interface CellMetadata {
  name?: string;
  kind?: CellKindName;
  config?: CellConfigData;
  source?: CellSource | null;
}

export interface CellOutcome {
  cellUri: string;
  status: CellStatus;
}

/** What a cell shows in the editor now, as the daemon sent it. */
export interface CellOutputData {
  output?: { [key: string]: string } | null;
  streams?: StreamText[];
  error?: CellErrorInfo | null;
}

export interface CellSource {
  lead: string;
  text: string;
  line?: number;
  key?: CellKey | null;
}

export interface DebugAttach {
  session: number;
  pathMappings: PathMapping[];
}

export interface DebugMessage {
  notebookUri: string;
  session: number;
  message: { [key: string]: unknown };
}

export interface DebugSessionParams {
  notebookUri: string;
  session: number;
}

export interface DoneEvent {
  runId: number;
  status: CellStatus;
  output: { [key: string]: string } | null;
  error: CellErrorInfo | null;
  duration: number;
  executionCount: number | null;
  reason: string | null;
  kind: "done";
}

export interface ExportParams {
  notebook: NotebookData;
  format: ExportFormat;
  title?: string;
  outputs?: CellOutputData[];
  showCode?: boolean;
}

export interface ExportResult {
  text: string;
}

export interface FormatProblemData {
  line: number;
  message: string;
  code: FormatProblemCode;
}

export interface GraphEdge {
  source: string;
  target: string;
  names: string[];
  error: string | null;
}

export interface GraphNode {
  cellUri: string;
  label: string;
  defines: string[];
  errors: string[];
}

export interface ImportParams {
  text: string;
  fileName: string;
  module?: NotebookModule | null;
  fixRedefinitions?: boolean;
}

export interface ImportResult {
  text: string;
  notes: string[];
  redefined: string[];
}

/** The interpreter chosen for a notebook's kernel in VS Code's kernel picker (one kernel per Python environment). A kernel running in another one ends; the next run starts one here. */
export interface KernelChoice {
  notebookUri: string;
  python?: string | null;
}

export interface KernelStatus {
  notebookUri: string;
  state: KernelState;
  message: string;
  placement: PlacementData | null;
}

export interface NotebookData {
  cells: CellData[];
  metadata?: NotebookMetadata;
  problems?: FormatProblemData[];
}

export interface NotebookMetadata {
  module?: string;
  appConfig?: { [key: string]: unknown };
  header?: string;
  generatedWith?: string | null;
  newline?: string;
  preamble?: PieceSource[] | null;
  trailer?: PieceSource | null;
  markdownFile?: string | null;
}

export interface NotebookParams {
  notebookUri: string;
}

export interface OutputEvent {
  output: { [key: string]: string } | null;
  kind: "output";
}

/** The `data` of a `kernelPackagesMissing` error: what to offer the user (never installed without their say-so). */
export interface PackagesMissing {
  python: string;
  packages: string[];
  install: string[];
}

export interface ParseParams {
  text: string;
  uri?: string | null;
}

export interface PathMapping {
  localRoot: string;
  remoteRoot: string;
}

/** The verbatim text of a part of the file around the cells (import, App line, guard). */
export interface PieceSource {
  lead: string;
  text: string;
  key?: (string | null)[] | null;
}

/** `KernelPlacement` on the wire: the newest word of the scheduler on the kernel's job. */
export interface PlacementData {
  launcher: string;
  jobId: string;
  state: string;
  reason: string;
  node: string;
  secondsLeft: number | null;
  label: string;
}

export interface QueuedEvent {
  runId: number;
  kind: "queued";
}

export interface RunParams {
  notebookUri: string;
  cellUris: string[];
}

export interface RunResult {
  ok: boolean;
  cells: CellOutcome[];
}

export interface RunningEvent {
  runId: number;
  kind: "running";
}

export interface SerializeParams {
  notebook: NotebookData;
}

export interface SerializeResult {
  text: string;
}

export interface SetConfigParams {
  notebookUri: string;
  cellUri: string;
  config: CellConfigData;
}

export interface SetUiValueParams {
  notebookUri: string;
  elementId: string;
  value: unknown;
}

/** What the extension tells the daemon: `initializationOptions`, and the `settings` of `workspace/didChangeConfiguration` (the whole object each time). */
export interface Settings {
  onCellChange?: OnCellChange;
  pythonPath?: string | null;
  envFile?: string | null;
  trusted?: boolean;
  kernelLauncher?: KernelLauncher;
  slurm?: SlurmSettings;
  keepRunning?: boolean;
  keepRunningMinutes?: number;
}

/** The resources of a Slurm kernel's job (`lichen.kernel.slurm.*`), as srun takes them; see `lichen.kernel.launchers.SLURM_OPTIONS`. Empty: Slurm's defaults. */
export interface SlurmSettings {
  partition?: string;
  time?: string;
  cpus?: number | null;
  memory?: string;
  gpus?: string;
  account?: string;
  constraint?: string;
  args?: string[];
}

export interface StaleEvent {
  kind: "stale";
}

export interface StreamEvent {
  name: string;
  text: string;
  kind: "stream";
}

export interface StreamText {
  name: string;
  text: string;
}

export interface TableAnswer {
  answer: { [key: string]: unknown };
}

export interface TableQueryParams {
  notebookUri: string;
  tableId: string;
  request: unknown;
}

export interface Variable {
  name: string;
  type: string;
  value: string;
  size: number | null;
  cellUri: string;
  readers: string[];
}

export interface Variables {
  variables: Variable[];
}

// Constants declared in lichen.protocol.
export const UI_MIME = "application/vnd.lichen.ui+json";
export const TABLE_MIME = "application/vnd.lichen.table+json";
export const STATUSES = ["success", "error", "interrupted", "stopped", "cancelled", "skipped", "disabled", "stale"] as const;
export const RAN = ["error", "interrupted", "stopped", "success"] as const;
export const FAILED = ["cancelled", "error", "interrupted"] as const;
export const RUN_MODES = ["autorun", "lazy"] as const;

/** JSON-RPC method names. */
export const Methods = {
  parse: "lichen/parse",
  serialize: "lichen/serialize",
  run: "lichen/run",
  runAll: "lichen/runAll",
  runStale: "lichen/runStale",
  interrupt: "lichen/interrupt",
  restart: "lichen/restart",
  cancelKernelJob: "lichen/cancelKernelJob",
  selectKernel: "lichen/selectKernel",
  setConfig: "lichen/setConfig",
  setUiValue: "lichen/setUiValue",
  tableQuery: "lichen/tableQuery",
  debugAttach: "lichen/debugAttach",
  debugToKernel: "lichen/debugToKernel",
  debugDetach: "lichen/debugDetach",
  debugFromKernel: "lichen/debugFromKernel",
  importNotebook: "lichen/importNotebook",
  exportNotebook: "lichen/exportNotebook",
  variables: "lichen/variables",
  cellGraph: "lichen/cellGraph",
  cellEvents: "lichen/cellEvents",
  kernelStatus: "lichen/kernelStatus",
} as const;

/** JSON-RPC error codes of the lichen/* methods. */
export const ErrorCodes = {
  untrusted: -32010,
  unknownNotebook: -32011,
  unknownCell: -32012,
  kernelStartFailed: -32013,
  kernelDead: -32014,
  uiValueRefused: -32015,
  debugUnavailable: -32016,
  tableGone: -32017,
  renameRefused: -32018,
  notConvertible: -32020,
  kernelPackagesMissing: -32021,
  formatRefused: -32025,
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
} as const;

/** Requests the extension sends: params and result of each. */
export interface Requests {
  "lichen/parse": { params: ParseParams; result: NotebookData };
  "lichen/serialize": { params: SerializeParams; result: SerializeResult };
  "lichen/run": { params: RunParams; result: RunResult };
  "lichen/runAll": { params: NotebookParams; result: RunResult };
  "lichen/runStale": { params: NotebookParams; result: RunResult };
  "lichen/interrupt": { params: NotebookParams; result: null };
  "lichen/restart": { params: NotebookParams; result: null };
  "lichen/cancelKernelJob": { params: NotebookParams; result: null };
  "lichen/selectKernel": { params: KernelChoice; result: null };
  "lichen/setConfig": { params: SetConfigParams; result: RunResult };
  "lichen/setUiValue": { params: SetUiValueParams; result: RunResult };
  "lichen/tableQuery": { params: TableQueryParams; result: TableAnswer };
  "lichen/debugAttach": { params: NotebookParams; result: DebugAttach };
  "lichen/importNotebook": { params: ImportParams; result: ImportResult };
  "lichen/exportNotebook": { params: ExportParams; result: ExportResult };
  "lichen/variables": { params: NotebookParams; result: Variables };
  "lichen/cellGraph": { params: NotebookParams; result: CellGraph };
}

/** Every method the editor service answers: the one table both hosts serve. */
export const ServedMethods = [
  "lichen/parse",
  "lichen/serialize",
  "lichen/run",
  "lichen/runAll",
  "lichen/runStale",
  "lichen/interrupt",
  "lichen/restart",
  "lichen/cancelKernelJob",
  "lichen/selectKernel",
  "lichen/setConfig",
  "lichen/setUiValue",
  "lichen/tableQuery",
  "lichen/debugAttach",
  "lichen/debugToKernel",
  "lichen/debugDetach",
  "lichen/importNotebook",
  "lichen/exportNotebook",
  "lichen/variables",
  "lichen/cellGraph",
  "initialize",
  "shutdown",
  "exit",
  "workspace/didChangeConfiguration",
  "notebookDocument/didOpen",
  "notebookDocument/didChange",
  "notebookDocument/didSave",
  "notebookDocument/didClose",
  "textDocument/completion",
  "completionItem/resolve",
  "textDocument/hover",
  "textDocument/signatureHelp",
  "textDocument/definition",
  "textDocument/references",
  "textDocument/documentHighlight",
  "textDocument/documentSymbol",
  "textDocument/prepareRename",
  "textDocument/rename",
  "textDocument/formatting",
] as const;

/** Notifications the daemon sends. */
export interface Notifications {
  "lichen/debugFromKernel": DebugMessage;
  "lichen/cellEvents": CellEvents;
  "lichen/kernelStatus": KernelStatus;
}
