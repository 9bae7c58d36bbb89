"""`import marimo` in a cell gives Lichen's API, so marimo notebooks run unchanged.

A runtime installs an import hook (`install`, once per process) in front of every other: in the
kernel, in `lichen run` and in `python nb.py`, the `marimo` module a cell (or a library a cell
imports) gets is a stand-in whose attributes are Lichen's. The tables below map every public
name of marimo 0.25 (`marimo.__all__`, `marimo.ui`, and the public submodules `status`,
`output`, `mpl`, `watch`, `ai`, `islands`) to where Lichen serves it; `tests/python/
test_marimo_surface.py` checks them, and every parameter, against marimo itself.

A name outside the tables raises `NotAvailableInLichen` (an AttributeError, so `hasattr` still
works), naming it; importing a marimo submodule Lichen does not serve (`marimo._plugins`)
raises ImportError the same way. What only marimo's own server can do (ASGI apps, islands) is
served by names that resolve, so a library importing them loads, and raise
`NotAvailableInLichen` when called.

A real marimo already imported in the process is left in place: the hook does not replace a
module other code holds.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from typing import Any

# The marimo version whose public API the stand-in serves (what `marimo.__version__` says).
MARIMO_API_VERSION = "0.25.2"

_API = "lichen.runtime.api"
_SHOW = "lichen.runtime.presentation"
_INFO = "lichen.runtime.notebook_info"
_OUT = "lichen.runtime.output"
_CACHE = "lichen.runtime.caching"
_MEDIA = "lichen.runtime.media"
_SERVER = "lichen.runtime.server_only"

Table = dict[str, tuple[str, "str | None"]]


def _from(module: str, *names: str) -> Table:
    return {name: (module, name) for name in names}


# marimo's name -> (Lichen module, attribute); the module itself when the attribute is None.
TOP_LEVEL: Table = {
    **_from(_API, "md", "Html", "hstack", "vstack", "tabs", "accordion", "callout", "as_html",
            "state", "stop", "sql"),
    "cli_args": ("lichen.runtime.cli_params", "cli_args"),
    "App": ("lichen.runtime.app", "App"),
    "Cell": ("lichen.runtime.app", "Cell"),
    "MarimoStopError": ("lichen.runtime.control", "StopCell"),
    **_from(_SHOW, "carousel", "center", "doc", "icon", "iframe", "image_compare", "inspect",
            "json", "latex", "lazy", "left", "nav_menu", "outline", "plain", "plain_text",
            "right", "routes", "show_code", "sidebar", "stat", "style", "tree"),
    **_from(_INFO, "AppMeta", "Thread", "app_meta", "current_thread", "defs", "notebook_dir",
            "notebook_location", "query_params", "refs", "running_in_notebook"),
    **_from(_OUT, "redirect_stdout", "redirect_stderr", "capture_stdout", "capture_stderr"),
    **_from(_CACHE, "cache", "lru_cache", "persistent_cache"),
    **_from(_MEDIA, "image", "audio", "video", "pdf", "download", "mermaid"),
    **_from(_SERVER, "create_asgi_app", "MarimoIslandGenerator"),
    "ui": ("marimo.ui", None),
    "status": ("marimo.status", None),
    "output": ("marimo.output", None),
    "mpl": ("marimo.mpl", None),
    "watch": ("marimo.watch", None),
    "ai": ("marimo.ai", None),
    "islands": ("marimo.islands", None),
}

UI = ("slider", "range_slider", "number", "text", "text_area", "checkbox", "switch", "dropdown",
      "radio", "multiselect", "date", "datetime", "date_range", "button", "run_button", "table",
      "form", "array", "dictionary", "batch", "tabs", "file", "file_browser", "chat",
      "code_editor", "data_editor", "experimental_data_editor", "dataframe", "data_explorer",
      "matrix", "refresh", "microphone", "altair_chart", "plotly", "matplotlib", "panel",
      "anywidget")

# Submodules: their name -> (the Lichen module serving them, the names they serve).
SUBMODULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "marimo.ui": ("lichen.runtime.ui", UI),
    "marimo.status": ("lichen.runtime.status", ("progress_bar", "spinner", "toast")),
    "marimo.output": (_OUT, ("append", "clear", "clear_console", "replace",
                             "replace_at_index")),
    "marimo.mpl": ("lichen.runtime.mpl", ("interactive",)),
    "marimo.watch": ("lichen.runtime.watch", ("file", "directory", "FileState",
                                              "DirectoryState", "PathState")),
    "marimo.ai": ("lichen.runtime.ai", ("ChatAttachment", "ChatMessage", "ChatModelConfig",
                                        "llm")),
    "marimo.ai.llm": ("lichen.runtime.ai", ("openai", "anthropic", "google", "groq",
                                            "bedrock", "litellm", "pydantic_ai")),
    "marimo.islands": (_SERVER, ("MarimoIslandGenerator", "MarimoIslandStub")),
}


class NotAvailableInLichen(AttributeError):
    """A marimo API that Lichen does not implement."""


def _missing(qualname: str, provided: Any) -> str:
    return (f"{qualname} is not available in Lichen. Lichen's `{qualname.rsplit('.', 1)[0]}` "
            f"provides: {', '.join(sorted(provided))}")


class _StandIn(types.ModuleType):
    """A module whose attributes come from a table, resolved on first use."""

    def __init__(self, name: str, table: Table):
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
    module = _StandIn("marimo", TOP_LEVEL)
    module.__version__ = MARIMO_API_VERSION
    module.__all__ = sorted(TOP_LEVEL)
    return module


def _submodule(name: str) -> _StandIn:
    source, names = SUBMODULES[name]
    table: Table = {n: (source, n) for n in names}
    if name == "marimo.ai":
        table["llm"] = ("marimo.ai.llm", None)
    module = _StandIn(name, table)
    module.__all__ = sorted(table)
    return module


class _Finder:
    """A meta path finder and loader (duck-typed: importlib.abc costs kernel start-up time)."""

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != "marimo" and not fullname.startswith("marimo."):
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: Any) -> types.ModuleType:
        if spec.name == "marimo":
            return _top()
        if spec.name in SUBMODULES:
            return _submodule(spec.name)
        parent, _, _ = spec.name.rpartition(".")
        served = sorted(n.rsplit(".", 1)[1] for n in SUBMODULES if n.rpartition(".")[0] == parent)
        raise ImportError(_missing(spec.name, served), name=spec.name)

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
