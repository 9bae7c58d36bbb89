"""Which header a new notebook gets when nobody says: the one the notebooks beside it use.

Teams that keep marimo notebooks need files marimo opens, so a folder holding marimo notebooks
(and no more Lichen ones) gets the marimo header; anywhere else, Lichen's.
"""

from __future__ import annotations

import re
from pathlib import Path

_HEADER = re.compile(r"(?m)^app = (marimo|lichen)\.App\(")
_MOST_FILES = 200  # a big folder is judged by its first files; the answer is a default anyway
_HEAD_BYTES = 64 * 1024


def usual_module(folder: Path) -> str:
    counts = {"marimo": 0, "lichen": 0}
    for index, path in enumerate(sorted(folder.glob("*.py"))):
        if index >= _MOST_FILES:
            break
        try:
            with path.open("r", encoding="utf-8", errors="replace") as file:
                head = file.read(_HEAD_BYTES)
        except OSError:
            continue
        found = _HEADER.search(head)
        if found:
            counts[found.group(1)] += 1
    return "marimo" if counts["marimo"] > counts["lichen"] else "lichen"
