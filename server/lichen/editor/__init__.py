"""The editor service: everything the VS Code extension asks of Lichen, written once and served
by two hosts, the daemon (`lichen.daemon`, desktop) and the Pyodide worker (`lichen.wasm`, VS Code
for the Web). It never runs user code itself: it reaches kernels only through its host.

- `handlers`: every method (`lichen/*`, the notebook sync, the LSP lifetime), one handler each,
  in `METHODS`, the one table both hosts serve, and `handle`, which decodes a message's params
  into the type `lichen.protocol` declares and calls its handler;
- `service`: the `Editor`, the state handlers share (open notebooks, kernels, settings);
- `host`: the interface a host implements (messages out, kernels, what is available);
- `errors`: `EditorError`, a protocol error code and a message for people;
- `sync`: the LSP notebook sync (cells and their text); `documents`: an open notebook and its
  dependency graph; `cell_diagnostics`: reactivity errors on cells, in LSP coordinates;
- `language`, `formatting`, `lint`: the language requests on cells, Format Cell by Ruff, and
  Ruff's findings beside the notebook's own diagnostics;
- `kernel_link`: one notebook's kernel session kept in line with the editor's cells;
- `events`, `outbox`: runtime events as `lichen/cellEvents`, and their way out;
- `notebook_data`: the file format's `Notebook` as the protocol's `NotebookData` and back;
- `variables_view`: the variables view's model (the kernel's globals and the cells reading them);
- `graph_view`: the graph view's model (cells as nodes, edges labelled with the names they carry);
- `settings`: the extension's settings and the kernels' environment;
- `transfer`: Import Notebook and Export As (`lichen/importNotebook`, `lichen/exportNotebook`),
  by the readers and writers of `lichen.convert.formats`;
- `json_codec`: protocol messages from and to JSON values (msgspec, or the standard library).

All of it uses the standard library only (msgspec where it is installed), so Pyodide runs it.

Adding a method: declare its name and its params/result types in `lichen.protocol` (a `Method`
in `EDITOR_METHODS`; run `shared-protocol/generate.py` for the TypeScript side), then write one
handler in `handlers.py` (or a module of its own that `handlers` imports):

    @handles(P.CELL_GRAPH)
    def cell_graph(ed: Editor, params: P.NotebookParams) -> P.CellGraph:
        return graph_view.of(ed.notebook(params.notebookUri))

Both hosts serve it from then on; the parity tests check that they answer it alike.
"""

from lichen.editor.errors import EditorError
from lichen.editor.service import Editor

__all__ = ["Editor", "EditorError"]
