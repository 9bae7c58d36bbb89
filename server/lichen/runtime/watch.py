"""`mo.watch.file(path)` and `mo.watch.directory(path)`: a file or directory read by cells.

The objects read the disk each time they are asked (`read_text()`, `read_bytes()`, `exists()`,
a directory's `walk()` and `glob()`), so a cell that runs again sees the current contents.
marimo also re-runs those cells when the file changes; Lichen's kernel does not watch the disk
(runs start from the editor), so run them again to see a change.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

__all__ = ["DirectoryState", "FileState", "PathState", "directory", "file"]


class PathState:
    """A path whose contents cells read; calling it gives the path."""

    def __init__(self, path: str | os.PathLike, allow_self_loops: bool = True):
        self.path = Path(path)
        self.allow_self_loops = allow_self_loops

    def __call__(self) -> Path:
        return self.path

    def exists(self) -> bool:
        return self.path.exists()

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def __getattr__(self, name: str) -> Any:  # the rest of pathlib's API
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.path, name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"


class FileState(PathState):
    def read_text(self, encoding: str = "utf-8") -> str:
        return self.path.read_text(encoding=encoding)

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()

    def write_text(self, text: str, encoding: str = "utf-8") -> int:
        return self.path.write_text(text, encoding=encoding)

    def write_bytes(self, data: bytes) -> int:
        return self.path.write_bytes(data)


class DirectoryState(PathState):
    def walk(self) -> Iterator[tuple[str, list[str], list[str]]]:
        return os.walk(self.path)

    def glob(self, pattern: str) -> list[Path]:
        return sorted(self.path.glob(pattern))

    def iterdir(self) -> list[Path]:
        return sorted(self.path.iterdir())


def file(path: str | os.PathLike) -> FileState:
    """A file cells read (see the module docstring)."""
    if Path(path).is_dir():
        raise ValueError(f"watch.file: {str(path)!r} is a directory; use watch.directory")
    return FileState(path)


def directory(path: str | os.PathLike) -> DirectoryState:
    """A directory cells read (see the module docstring)."""
    if not Path(path).is_dir():
        raise ValueError(f"watch.directory: {str(path)!r} is not a directory")
    return DirectoryState(path)
