"""The daemon behind the VS Code extension (`lichen lsp`): one per window, over stdio.

- `server`: the pygls server, its handlers and `serve()`;
- `document`: an open notebook as the editor syncs it, with its dependency graph kept current;
- `diagnostics`: reactivity errors as per-cell diagnostics;
- `kernels`: one notebook's kernel `Session`, driven from a worker thread;
- `events`: runtime events as `lichen/cellEvents`, batched onto the server's loop;
- `notebook_data`: the file format's `Notebook` as the protocol's `NotebookData` and back;
- `settings`: the extension's settings and the kernel's environment;
- `wire`: decoding params into the protocol's dataclasses and encoding results.

Everything but `server` and `kernels` is pure and runs in Pyodide too.
"""
