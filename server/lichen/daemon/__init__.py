"""The daemon behind the VS Code extension (`lichen lsp`): one per window, over stdio; a thin
host of the editor service (`lichen.editor`), which answers every method.

- `server`: the pygls server, the host the editor service needs (kernels as processes,
  debugging, the settings' interpreter and env file), `serve()`;
- `transport`: the JSON-RPC side (the editor service's methods with plain params, its errors as
  JSON-RPC errors, errors for unreadable messages, reading stdin on the event loop);
- `kernels`: one notebook's kernel `Session`, driven from a worker thread;
- `outbox`: cell events batched onto the server's loop;
- `lifetime`: ending with the editor's process.
"""
