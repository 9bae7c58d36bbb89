"""Files: `file` (uploaded from the renderer) and `file_browser` (chosen on the kernel's disk).

- file: raw value, the uploaded files as `[{"name": str, "contents": base64 str}, ...]`
  (empty before any upload). The value is a tuple of `FileUploadResults(name, contents)` with
  `contents` as bytes; `name(i)` and `contents(i)` read the i-th (None when there is none).
  Props: filetypes (list of ".csv"-style suffixes or MIME types, or null), multiple, file_kind
  ("button" | "area"), max_size (bytes; larger files are refused).
- file_browser: raw value, the chosen paths (strings). Props: path (the directory shown),
  entries (`[{"name", "path", "is_directory"}]`, its listing, at most `limit`), selection_mode
  ("file" | "directory"), multiple, restrict_navigation. The value is a tuple of
  `FileInfo(id, name, path, is_directory)`; `path(i)` and `name(i)` read the i-th. The listing
  is of the initial directory (the kernel sends it with the element).
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from lichen.runtime.ui.base import UIElement

OnChange = Callable[[Any], Any] | None
_FILE_KINDS = ("button", "area")


@dataclass(frozen=True)
class FileUploadResults:
    name: str
    contents: bytes


class file(UIElement):
    """A button (or a drop area, `kind="area"`) to upload files from the editor's machine."""

    kind = "file"

    def __init__(self, filetypes: Sequence[str] | None = None, multiple: bool = False,
                 kind: str = "button", max_size: int = 100_000_000, *, label: str = "",
                 on_change: OnChange = None):
        if kind not in _FILE_KINDS:
            raise ValueError(f"file: kind must be 'button' or 'area', not {kind!r}")
        if not isinstance(max_size, int) or max_size < 1:
            raise ValueError(f"file: max_size must be a number of bytes, not {max_size!r}")
        self._multiple = bool(multiple)
        self._max_size = max_size
        self._options = {"filetypes": list(filetypes) if filetypes is not None else None,
                         "multiple": self._multiple, "file_kind": kind, "max_size": max_size}
        super().__init__([], label=label, on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)):
            raise self._fail(f"takes a list of uploaded files, not {type(raw).__name__}")
        if len(raw) > 1 and not self._multiple:
            raise self._fail("takes one file (multiple=False)")
        files = []
        for item in raw:
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) \
                    or not isinstance(item.get("contents"), str):
                raise self._fail("each file is {name, contents (base64)}")
            try:
                contents = base64.b64decode(item["contents"], validate=True)
            except (binascii.Error, ValueError):
                raise self._fail(f"{item['name']}: its contents are not base64") from None
            if len(contents) > self._max_size:
                raise self._fail(f"{item['name']} is larger than {self._max_size} bytes")
            files.append(FileUploadResults(item["name"], contents))
        return [dict(item) for item in raw], tuple(files)

    def name(self, index: int = 0) -> str | None:
        """The name of the `index`-th uploaded file."""
        return self.value[index].name if index < len(self.value) else None

    def contents(self, index: int = 0) -> bytes | None:
        """The bytes of the `index`-th uploaded file."""
        return self.value[index].contents if index < len(self.value) else None

    def _props(self) -> dict[str, Any]:
        return self._options


@dataclass(frozen=True)
class FileInfo:
    id: str
    name: str
    path: Path
    is_directory: bool


class file_browser(UIElement):
    """Files or directories chosen from the kernel's disk, starting at `initial_path`."""

    kind = "file_browser"

    def __init__(self, initial_path: str | os.PathLike = "",
                 filetypes: Sequence[str] | None = None, selection_mode: str = "file",
                 multiple: bool = True, restrict_navigation: bool = True,
                 value: Sequence[str] | None = None, filter: Any = None,
                 limit: int | None = None, *, label: str = "", on_change: OnChange = None,
                 ignore_empty_dirs: bool = False):
        if selection_mode not in ("file", "directory"):
            raise ValueError(f"file_browser: selection_mode must be 'file' or 'directory', not "
                             f"{selection_mode!r}")
        self._root = Path(initial_path or os.getcwd()).resolve()
        if not self._root.is_dir():
            raise ValueError(f"file_browser: {str(self._root)!r} is not a directory")
        self._multiple = bool(multiple)
        suffixes = tuple(t.lower() for t in filetypes) if filetypes else None
        entries = []
        for path in sorted(self._root.iterdir(), key=lambda p: (not p.is_dir(), p.name.lower())):
            is_dir = path.is_dir()
            if suffixes and not is_dir and path.suffix.lower() not in suffixes:
                continue
            if ignore_empty_dirs and is_dir and not any(path.iterdir()):
                continue
            if callable(filter) and not filter(path):
                continue
            entries.append({"name": path.name, "path": str(path), "is_directory": is_dir})
            if limit is not None and len(entries) >= limit:
                break
        self._entries = {e["path"]: e for e in entries}
        self._options = {"path": str(self._root), "entries": entries,
                         "selection_mode": selection_mode, "multiple": self._multiple,
                         "restrict_navigation": bool(restrict_navigation)}
        super().__init__([str(Path(v).resolve()) for v in value or ()], label=label,
                         on_change=on_change)

    def _parse(self, raw: Any) -> tuple[Any, Any]:
        if not isinstance(raw, (list, tuple)) or not all(isinstance(p, str) for p in raw):
            raise self._fail("takes a list of paths")
        if len(raw) > 1 and not self._multiple:
            raise self._fail("takes one path (multiple=False)")
        infos = []
        for text in raw:
            path = Path(text)
            if self._options["restrict_navigation"] and self._root not in (path, *path.parents):
                raise self._fail(f"{text} is outside {self._root}")
            infos.append(FileInfo(text, path.name, path, path.is_dir()))
        return list(raw), tuple(infos)

    def path(self, index: int = 0) -> Path | None:
        return self.value[index].path if index < len(self.value) else None

    def name(self, index: int = 0) -> str | None:
        return self.value[index].name if index < len(self.value) else None

    def _props(self) -> dict[str, Any]:
        return self._options
