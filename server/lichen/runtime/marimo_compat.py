"""`import marimo` in a cell gives Lichen's API, so marimo notebooks run unchanged.

A runtime installs an import hook (`install`, once per process) in front of every other: in the
kernel, in `lichen run` and in `python nb.py`, the `marimo` module a cell imports is a stand-in
whose attributes are Lichen's (`md`, `ui.slider`, `hstack`, `state`, `stop`, `App`, ...). Any
marimo API Lichen lacks raises `NotAvailableInLichen` (an AttributeError, so `hasattr` still
works), naming it: "marimo.ui.data_explorer is not available in Lichen". Importing a marimo
submodule other than `marimo.ui` raises ImportError the same way.

A real marimo already imported in the process is left in place: the hook does not replace a
module other code holds.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from typing import Any

# marimo's name -> (Lichen module, attribute); the module itself when the attribute is None.
TOP_LEVEL: dict[str, tuple[str, str | None]] = {
    **{name: ("lichen.runtime.api", name) for name in (
        "md", "Html", "hstack", "vstack", "tabs", "accordion", "callout", "as_html", "state",
        "stop", "cli_args", "sql")},
    "App": ("lichen.runtime.app", "App"),
    "ui": ("lichen.runtime.ui", None),
}
UI = ("slider", "range_slider", "number", "text", "text_area", "checkbox", "switch", "dropdown",
      "radio", "multiselect", "date", "button", "run_button", "table", "form", "array",
      "dictionary", "batch", "tabs")


class NotAvailableInLichen(AttributeError):
    """A marimo API that Lichen does not implement."""


def _missing(qualname: str, provided: Any) -> str:
    return (f"{qualname} is not available in Lichen. Lichen's `{qualname.rsplit('.', 1)[0]}` "
            f"provides: {', '.join(sorted(provided))}")


class _StandIn(types.ModuleType):
    """A module whose attributes come from a table, resolved on first use."""

    def __init__(self, name: str, table: dict[str, tuple[str, str | None]]):
        super().__init__(name, f"Lichen's stand-in for {name}")
        self._table = table

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_table":
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        entry = self._table.get(name)
        if entry is None:
            raise NotAvailableInLichen(_missing(f"{self.__name__}.{name}", self._table))
        module, attribute = entry
        value = importlib.import_module(module)
        if attribute is not None:
            value = getattr(value, attribute)
        setattr(self, name, value)
        return value

    def __dir__(self) -> list[str]:
        return sorted(self._table)


def _top() -> _StandIn:
    return _StandIn("marimo", {**TOP_LEVEL, "ui": ("marimo.ui", None)})


def _ui() -> _StandIn:
    return _StandIn("marimo.ui", {name: ("lichen.runtime.ui", name) for name in UI})


class _Finder:
    """A meta path finder and loader (duck-typed: importlib.abc costs kernel start-up time)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != "marimo" and not fullname.startswith("marimo."):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: Any) -> types.ModuleType:
        if spec.name == "marimo":
            return _top()
        if spec.name == "marimo.ui":
            return _ui()
        raise ImportError(_missing(spec.name, ("ui",)), name=spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__path__ = []  # a package: `import marimo.ui` works


_FINDER = _Finder()


def install() -> None:
    """Serve `import marimo` from Lichen in this process (idempotent)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def uninstall() -> None:
    """Undo `install`, and forget the stand-in modules (for tests)."""
    if _FINDER in sys.meta_path:
        sys.meta_path.remove(_FINDER)
    for name in [n for n in sys.modules if n == "marimo" or n.startswith("marimo.")]:
        if isinstance(sys.modules[name], _StandIn):
            del sys.modules[name]
