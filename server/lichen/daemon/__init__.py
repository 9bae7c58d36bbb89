"""The daemon behind the VS Code extension (`lichen lsp`): one per window, over stdio.

- `server`: the pygls server and its state (open notebooks, kernels, settings), `serve()`;
- `handlers`: one short handler per LSP or `lichen/*` method;
- `transport`: the JSON-RPC side (plain params for `lichen/*`, errors for unreadable messages,
  reading stdin on the event loop);
- `document`: an open notebook as the editor syncs it, with its dependency graph kept current;
- `diagnostics`: reactivity errors as per-cell diagnostics;
- `kernels`: one notebook's kernel `Session`, driven from a worker thread;
- `events`: runtime events as `lichen/cellEvents`, batched onto the server's loop;
- `notebook_data`: the file format's `Notebook` as the protocol's `NotebookData` and back;
- `settings`: the extension's settings and the kernels' environment;
- `lifetime`: ending with the editor's process;
- `wire`: protocol messages from and to JSON values (msgspec, or the standard library).

`document`, `diagnostics`, `events`, `notebook_data`, `settings` and `wire` are pure and use the
standard library only: the Pyodide worker can run them.
"""
