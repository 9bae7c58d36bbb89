"""A cell's result from a run (`CellDone`, plus what it printed) as Jupyter's output list.

Jupyter keeps JSON MIME types as JSON and text as text; Lichen's bundles carry every value as a
string (binary types base64-encoded), so `+json` values are decoded here. Lichen's own MIME types
(tables, UI elements) are kept for Lichen and the HTML export; GitHub and JupyterLab show the
`text/plain` or `text/html` beside them.
"""

from __future__ import annotations

import json
from typing import Any

from lichen.protocol import CellDone


def jupyter_outputs(done: CellDone | None, streams: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """`streams` are the (name, text) pairs the cell printed, in order."""
    outputs: list[dict[str, Any]] = []
    for name, text in merged_streams(streams):
        outputs.append({"output_type": "stream", "name": name, "text": _lines(text)})
    if done is None:
        return outputs
    if done.output:
        outputs.append({
            "output_type": "execute_result",
            "execution_count": done.execution_count,
            "data": {mime: _value(mime, value) for mime, value in done.output.items()},
            "metadata": {},
        })
    if done.error is not None:
        outputs.append({
            "output_type": "error",
            "ename": done.error.ename,
            "evalue": done.error.evalue,
            "traceback": done.error.traceback.splitlines()
            or [f"{done.error.ename}: {done.error.evalue}"],
        })
    return outputs


def merged_streams(streams) -> list[tuple[str, str]]:
    """(stream name, text) pieces with each run of one stream's pieces joined."""
    merged: list[tuple[str, str]] = []
    for name, text in streams:
        if merged and merged[-1][0] == name:
            merged[-1] = (name, merged[-1][1] + text)
        else:
            merged.append((name, text))
    return merged


def _value(mime: str, value: str) -> Any:
    if mime == "application/json" or mime.endswith("+json"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return _lines(value)


def _lines(text: str) -> list[str]:
    """Jupyter's multi-line string: the text split after each newline."""
    return text.splitlines(keepends=True)
