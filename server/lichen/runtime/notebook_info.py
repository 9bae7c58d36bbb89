"""What a notebook may ask about where and how it runs: `notebook_dir`, `notebook_location`,
`running_in_notebook`, `app_meta`, `query_params`, `defs`, `refs`; and marimo's `Thread`.

`running_in_notebook()` is True when cells run in an editor (VS Code, the web build, a
`lichen.Session`) and False in `lichen run` and `python nb.py`, as marimo's is False in a script.
`app_meta()` says `mode` "edit" in an editor and "script" otherwise, `theme` "light" (the kernel
cannot see VS Code's theme; the renderer follows it whatever this says) and `request` None (no
HTTP server). `query_params()` is an empty, writable mapping: there is no URL.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterator

from lichen.runtime import context

__all__ = ["AppMeta", "Thread", "app_meta", "current_thread", "defs", "notebook_dir",
           "notebook_location", "query_params", "refs", "running_in_notebook"]


def _filename() -> str | None:
    active = context.active()
    if active is not None and active.filename:
        return active.filename
    import __main__

    return getattr(__main__, "__file__", None)


def notebook_dir() -> Path | None:
    """The directory of the notebook's file; None when it has none (an unsaved notebook)."""
    name = _filename()
    return Path(name).resolve().parent if name else None


def notebook_location() -> Path | None:
    """Where the notebook's files are: its directory (marimo gives a URL in the browser; the
    web build has the workspace's files, so a path here too)."""
    return notebook_dir()


def running_in_notebook() -> bool:
    """Whether cells run in an editor (not as a script)."""
    active = context.active()
    return active is not None and active.interactive


class AppMeta:
    """How the notebook is being run."""

    @property
    def mode(self) -> str:
        """"edit" in an editor, "script" otherwise."""
        return "edit" if running_in_notebook() else "script"

    @property
    def theme(self) -> str:
        return "light"

    @property
    def request(self) -> None:
        """No HTTP request: Lichen serves no pages."""
        return None

    def __repr__(self) -> str:
        return f"AppMeta(mode={self.mode!r}, theme={self.theme!r})"


def app_meta() -> AppMeta:
    return AppMeta()


class QueryParams:
    """The page's query parameters: empty (there is no URL); set values stay for the session."""

    _values: dict[str, list[str]] = {}

    def __getitem__(self, key: str) -> str | list[str]:
        values = self._values[key]
        return values[0] if len(values) == 1 else list(values)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._values else default

    def get_all(self, key: str) -> list[str]:
        return list(self._values.get(key, ()))

    def set(self, key: str, value: str | list[str]) -> None:
        self._values[key] = [value] if isinstance(value, str) else [str(v) for v in value]

    __setitem__ = set

    def append(self, key: str, value: str) -> None:
        self._values.setdefault(key, []).append(str(value))

    def remove(self, key: str, value: str | None = None) -> None:
        if value is None:
            self._values.pop(key, None)
        elif key in self._values:
            self._values[key] = [v for v in self._values[key] if v != value]

    __delitem__ = remove

    def clear(self) -> None:
        self._values.clear()

    def to_dict(self) -> dict[str, str | list[str]]:
        return {k: self[k] for k in self._values}

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._values))

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"QueryParams({self.to_dict()!r})"

    def __str__(self) -> str:  # what print() shows, as in marimo: the mapping
        return str(self.to_dict())


def query_params() -> QueryParams:
    return QueryParams()


def _facts() -> Any:
    active = context.active()
    if active is None or active.cell is None or active.facts is None:
        return None
    return active.facts(active.cell)


def defs() -> tuple[str, ...]:
    """The names the running cell defines."""
    facts = _facts()
    return tuple(sorted(facts.defs)) if facts is not None else ()


def refs() -> tuple[str, ...]:
    """The names the running cell reads that other cells define."""
    facts = _facts()
    return tuple(sorted(facts.refs)) if facts is not None else ()


class Thread(threading.Thread):
    """A thread for notebook code: what it shows (`mo.output`) goes to the cell that started
    it, as with marimo's."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        active = context.active()
        self._lichen_output = None if active is None else active.output


def current_thread() -> threading.Thread:
    return threading.current_thread()
