"""Lichen: a reactive Python notebook for VS Code.

`import lichen` stays light: it imports nothing until a name is used. `lichen.Session` (the
headless API, which needs pyzmq) comes from `lichen.session`; the notebook API that cells use
(`lichen.App`, `lichen.md`, ...) comes from `lichen.runtime`, whose `__all__` lists it.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {"Session": "lichen.session"}
# Names that are subpackages: `from lichen import graph` must not import the runtime first.
_SUBMODULES = frozenset({"cli", "daemon", "graph", "kernel", "notebook", "protocol", "runtime",
                         "session"})


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is not None:
        return getattr(importlib.import_module(module), name)
    if not name.startswith("_") and name not in _SUBMODULES:
        runtime = importlib.import_module("lichen.runtime")
        if name in getattr(runtime, "__all__", ()):
            return getattr(runtime, name)
    raise AttributeError(f"module 'lichen' has no attribute {name!r}")
