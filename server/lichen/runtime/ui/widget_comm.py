"""The channel between an anywidget's Python object and its models in the renderer.

An ipywidgets widget talks to its front end through a comm (the `comm` package's interface:
`comm_id`, `send`, `on_msg`, `close`). Outside Jupyter its comm goes nowhere. When Lichen shows a
widget it gives the widget a `WidgetComm` instead, keeping the comm id (the widget's model id),
so what ipywidgets sends on its own reaches the renderer:

- a synced trait set from Python (in any cell, an observer, a thread): `{"method": "update"}`,
  which ipywidgets does not send for a value the front end just sent (its property lock);
- `widget.send(content, buffers)`: `{"method": "custom"}`.

Each becomes one message `{"modelId": str, "state": {...}}` or `{"modelId": str, "message": ...}`
(plus `"buffers": [[path, base64], ...]` when binary values were taken out, at `path` in the
state or the message), handed to the runtime's `Context.post_ui` under the cell that last showed
the widget; the runtime sends it to the editor as a stream of that cell named
`lichen.protocol.UI_STREAM`, one JSON object a line, and the extension passes it to the
renderer instead of the cell's outputs.
"""

from __future__ import annotations

import base64
from typing import Any, Callable

# The traits every ipywidget syncs for Jupyter's widget manager: the front end here has no use
# for them, and the module and its style travel once, in the output (`_esm`, `_css`).
FRAMEWORK_TRAITS = frozenset({
    "_esm", "_css", "_anywidget_id", "_model_name", "_model_module", "_model_module_version",
    "_view_name", "_view_module", "_view_module_version", "_view_count", "_dom_classes",
    "layout", "tabbable", "tooltip", "comm", "keys", "log"})


class WidgetComm:
    """A comm whose messages go to the renderer (see the module docstring)."""

    def __init__(self, comm_id: str) -> None:
        self.comm_id = comm_id
        self.context: Any = None  # the runtime Context that showed the widget last
        self.cell: str | None = None  # the cell whose output shows it
        self._handlers: list[Callable[[dict], Any]] = []

    def show_in(self, context: Any, cell: str | None) -> None:
        if context is not None and cell is not None:
            self.context, self.cell = context, cell

    # -- the comm interface ipywidgets uses -----------------------------------------------------

    def on_msg(self, callback: Callable[[dict], Any]) -> None:
        self._handlers.append(callback)

    def send(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        if not isinstance(data, dict):
            return
        method = data.get("method")
        if method == "update":
            state = {k: v for k, v in (data.get("state") or {}).items()
                     if k not in FRAMEWORK_TRAITS}
            if not state:  # `_esm` or `_css` changed (a file anywidget watches): shown on re-run
                return
            message: dict[str, Any] = {"modelId": self.comm_id, "state": state}
            paths = data.get("buffer_paths") or []
        elif method == "custom":
            message = {"modelId": self.comm_id, "message": data.get("content")}
            paths = [[index] for index in range(len(buffers or ()))]  # beside it, not inside
        else:  # "echo_update": the front end already shows what it sent
            return
        if buffers:
            message["buffers"] = encode_buffers(paths, buffers)
        self._post(message)

    def close(self, data: Any = None, metadata: Any = None, buffers: Any = None) -> None:
        self.context = None

    def _post(self, message: dict[str, Any]) -> None:
        context, cell = self.context, self.cell
        post = getattr(context, "post_ui", None)
        if post is not None and cell is not None:
            post(cell, message)


def encode_buffers(paths: list[list[Any]], buffers: list[Any]) -> list[list[Any]]:
    """[[path, base64 text], ...] for JSON transports."""
    return [[list(path), base64.b64encode(bytes(buffer)).decode("ascii")]
            for path, buffer in zip(paths, buffers)]


def decode_buffers(encoded: Any) -> tuple[list[list[Any]], list[bytes]]:
    """The paths and bytes of `encode_buffers`' form; ValueError for anything else."""
    if encoded is None:
        return [], []
    if not isinstance(encoded, list):
        raise ValueError("buffers must be a list of [path, base64 text] pairs")
    paths, buffers = [], []
    for item in encoded:
        if (not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], list)
                or not isinstance(item[1], str)):
            raise ValueError("buffers must be a list of [path, base64 text] pairs")
        paths.append(item[0])
        buffers.append(base64.b64decode(item[1]))
    return paths, buffers


def put_buffers(state: Any, paths: list[list[Any]], buffers: list[bytes]) -> None:
    """Put each buffer back at its path in `state` (a dict or list taken from JSON)."""
    for path, buffer in zip(paths, buffers):
        if not path:
            continue
        target = state
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = buffer
