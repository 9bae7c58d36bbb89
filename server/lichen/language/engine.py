"""Language intelligence in cells: Jedi over each cell's virtual module, the graph across cells.

What asks "what is this name, what can follow here" (completion, hover, signature help,
definition) is answered by Jedi on the module `virtual.layout_for` builds for the cell: the
other cells in run order, then the cell. What asks "where is this global of the notebook"
(references, rename, highlight) is answered by the graph, which knows every cell that defines
or reads a name, and by `occurrences`, which finds the mentions in those cells only: one rename
across a thousand cells reads the few cells involved, not the notebook.

Imports resolve in the kernel's interpreter (`python`), not the daemon's: Jedi inspects that
environment in a subprocess of its own. When it is the interpreter the engine runs in (the
default, and always in the Pyodide worker) Jedi inspects it directly. Each edited cell has a module path of its own, so parso's diff parser
re-parses only what changed between two requests on the same cell.

Every answer is plain LSP-shaped data (dicts with LSP's camelCase keys, 0-based lines, UTF-16
columns), so the daemon and the worker return it as it is.
"""

from __future__ import annotations

import hashlib
import keyword
import os
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlparse

import jedi

from lichen.graph import Graph
from lichen.graph.analyse import is_private
from lichen.language import occurrences as occ
from lichen.language.rename_rules import RenameRefused, refuse_bad_name, refuse_collisions
from lichen.language.text import from_utf16, to_utf16, word_at
from lichen.language.virtual import Layout, layout_for

# LSP's CompletionItemKind and SymbolKind for Jedi's name types.
_COMPLETION_KIND = {"module": 9, "class": 7, "instance": 6, "function": 3, "param": 6,
                    "path": 17, "keyword": 14, "property": 10, "statement": 6}
_SYMBOL_KIND = {"function": 12, "class": 5, "variable": 13, "module": 2}
_MAX_DOC = 4000  # characters of a docstring shown in hover and completion details


@dataclass
class _LastCompletion:
    key: tuple[str, str, int, int]
    items: dict[str, Any]  # label -> jedi Completion


class LanguageEngine:
    """One per host: the Jedi environment of the kernel's interpreter and the request caches."""

    def __init__(self, python: str | None = None) -> None:
        self._python = python
        self._environment: Any = None
        self._last: _LastCompletion | None = None

    def set_python(self, python: str | None) -> None:
        """The kernel's interpreter changed: imports resolve there from now on."""
        if python != self._python:
            self._python, self._environment = python, None

    # -- completion -----------------------------------------------------------------------------

    def completion(self, graph: Graph, notebook: str, cell: str, line: int, character: int
                   ) -> dict[str, Any]:
        """A CompletionList for the position; private names of other cells left out."""
        layout = layout_for(graph, cell)
        script = self._script(layout, notebook)
        text = _line(graph.code(cell), line)
        column = from_utf16(text, character)
        found = script.complete(layout.offset + line + 1, column)
        items, kept = [], {}
        for index, completion in enumerate(found):
            name = completion.name
            if is_private(name) and _from_other_cell(completion, layout, script):
                continue
            kept.setdefault(name, completion)
            items.append({"label": name, "kind": _COMPLETION_KIND.get(completion.type, 6),
                          "sortText": f"{index:05d}",
                          "data": {"cell": cell, "line": line, "character": character}})
        self._last = _LastCompletion((notebook, cell, line, character), kept)
        return {"isIncomplete": False, "items": items}

    def resolve(self, item: dict[str, Any]) -> dict[str, Any]:
        """The item with its signature and docstring, from the last completion list."""
        completion = self._last.items.get(item.get("label")) if self._last else None
        if completion is None:
            return item
        try:
            signatures = completion.get_signatures()
            detail = signatures[0].to_string() if signatures else completion.description
            doc = completion.docstring(raw=True)
        except Exception:  # noqa: BLE001 - Jedi cannot infer everything; the item stays plain
            return item
        resolved = dict(item, detail=detail)
        if doc:
            resolved["documentation"] = {"kind": "markdown", "value": doc[:_MAX_DOC]}
        return resolved

    # -- hover and signatures ------------------------------------------------------------------

    def hover(self, graph: Graph, notebook: str, cell: str, line: int, character: int
              ) -> dict[str, Any] | None:
        """Signature and docstring of the name under the cursor, and the cell defining it."""
        layout, script, pos = self._at(graph, notebook, cell, line, character)
        names = script.help(*pos)
        if not names:
            return None
        name = names[0]
        parts = []
        try:
            signatures = name.get_signatures()
        except Exception:  # noqa: BLE001
            signatures = []
        head = signatures[0].to_string() if signatures else name.description
        if head:
            parts.append(f"```python\n{head}\n```")
        where = _defining_cell_note(graph, cell, name.name, layout, name)
        if where:
            parts.append(where)
        doc = name.docstring(raw=True)
        if doc:
            parts.append(doc[:_MAX_DOC])
        if not parts:
            return None
        return {"contents": {"kind": "markdown", "value": "\n\n".join(parts)}}

    def signature_help(self, graph: Graph, notebook: str, cell: str, line: int, character: int
                       ) -> dict[str, Any] | None:
        _, script, pos = self._at(graph, notebook, cell, line, character)
        signatures = script.get_signatures(*pos)
        if not signatures:
            return None
        shown = []
        for signature in signatures:
            shown.append({
                "label": signature.to_string(),
                "documentation": {"kind": "markdown",
                                  "value": signature.docstring(raw=True)[:_MAX_DOC]},
                "parameters": [{"label": p.to_string()} for p in signature.params],
            })
        active = signatures[0].index
        return {"signatures": shown, "activeSignature": 0,
                "activeParameter": active if active is not None else 0}

    # -- where names are -----------------------------------------------------------------------

    def definition(self, graph: Graph, notebook: str, cell: str, line: int, character: int
                   ) -> list[dict[str, Any]]:
        """Where the name is defined: a cell of the notebook or a library's file on disk."""
        layout, script, pos = self._at(graph, notebook, cell, line, character)
        found = []
        for name in script.goto(*pos, follow_imports=True):
            location = _location(name, layout, script, graph)
            if location is not None and location not in found:
                found.append(location)
        return found

    def references(self, graph: Graph, notebook: str, cell: str, line: int, character: int,
                   include_declaration: bool = True) -> list[dict[str, Any]]:
        """Every mention of the name: across the cells for a global, else in the cell."""
        target = self._target(graph, cell, line, character)
        if target is None:
            return []
        if target.cells:
            return [_mention_location(uri, target.name, m, graph.code(uri))
                    for uri in target.cells
                    for m in occ.global_mentions(graph.code(uri), target.name)
                    if include_declaration or not m.binding]
        return self._local_references(graph, notebook, cell, line, character)

    def highlight(self, graph: Graph, notebook: str, cell: str, line: int, character: int
                  ) -> list[dict[str, Any]]:
        """The name's mentions in this cell (2 = read, 3 = write, as LSP counts them)."""
        target = self._target(graph, cell, line, character)
        if target is None:
            return []
        if target.cells:
            code = graph.code(cell)
            return [{"range": _range(code, m.line, m.column, len(target.name)),
                     "kind": 3 if m.binding else 2}
                    for m in occ.global_mentions(code, target.name)]
        return [{"range": loc["range"], "kind": 1}
                for loc in self._local_references(graph, notebook, cell, line, character)
                if loc["uri"] == cell]

    # -- rename ---------------------------------------------------------------------------------

    def prepare_rename(self, graph: Graph, notebook: str, cell: str, line: int, character: int
                       ) -> dict[str, Any] | None:
        """The range of the name to rename, with its text; None where nothing can be renamed."""
        code = graph.code(cell)
        word = word_at(_line(code, line), from_utf16(_line(code, line), character))
        if word is None or keyword.iskeyword(word[0]):
            return None
        name, start = word
        if self._target(graph, cell, line, character) is None:
            return None
        return {"range": _range(code, line, start, len(name)), "placeholder": name}

    def rename(self, graph: Graph, notebook: str, cell: str, line: int, character: int,
               new_name: str) -> dict[str, Any]:
        """A WorkspaceEdit renaming the name in every cell it belongs to; `RenameRefused` when
        the new name is not an identifier, is a keyword, or would collide."""
        refuse_bad_name(new_name)
        target = self._target(graph, cell, line, character)
        if target is None:
            raise RenameRefused("Nothing to rename here: place the cursor on a name.")
        if not target.cells:
            return self._local_rename(graph, notebook, cell, line, character, target.name,
                                      new_name)
        refuse_collisions(graph, target.name, target.cells, new_name)
        changes: dict[str, list[dict[str, Any]]] = {}
        for uri in target.cells:
            code = graph.code(uri)
            edits = [{"range": _range(code, m.line, m.column, len(target.name)),
                      "newText": new_name}
                     for m in occ.global_mentions(code, target.name)]
            if edits:
                changes[uri] = edits
        return {"changes": changes}

    # -- document symbols ----------------------------------------------------------------------

    def symbols(self, graph: Graph, cell: str) -> list[dict[str, Any]]:
        """The cell's top-level definitions, for the Outline and breadcrumbs."""
        code = graph.code(cell)
        found = []
        try:
            names = jedi.Script(code).get_names(all_scopes=False, definitions=True)
        except Exception:  # noqa: BLE001 - a cell Jedi cannot read has no outline
            return []
        for name in names:
            if name.type not in ("function", "class", "statement", "module"):
                continue
            start = name.get_definition_start_position()
            end = name.get_definition_end_position()
            if start is None or end is None:
                continue
            selection = _range(code, name.line - 1, name.column, len(name.name))
            found.append({
                "name": name.name,
                "kind": _SYMBOL_KIND.get("variable" if name.type == "statement" else name.type,
                                         13),
                "range": {"start": _pos(code, start[0] - 1, start[1]),
                          "end": _pos(code, end[0] - 1, end[1])},
                "selectionRange": selection,
            })
        return found

    # -- helpers --------------------------------------------------------------------------------

    def _environment_for(self) -> Any:
        if self._environment is None:
            self._environment = _environment(self._python)
        return self._environment

    def _script(self, layout: Layout, notebook: str) -> jedi.Script:
        return jedi.Script(layout.text, path=_module_path(notebook, layout.edited),
                           environment=self._environment_for())

    def _at(self, graph: Graph, notebook: str, cell: str, line: int, character: int):
        layout = layout_for(graph, cell)
        script = self._script(layout, notebook)
        column = from_utf16(_line(graph.code(cell), line), character)
        return layout, script, (layout.offset + line + 1, column)

    def _target(self, graph: Graph, cell: str, line: int, character: int) -> _Target | None:
        """The name under the cursor, and the cells it belongs to when it is a global there."""
        code = graph.code(cell)
        found = occ.name_at(code, line, from_utf16(_line(code, line), character))
        if found is None:
            return None
        name, is_global = found
        if not is_global:
            return _Target(name, ())
        if is_private(name):
            return _Target(name, (cell,))
        cells = set(graph.definers(name)) | set(graph.readers(name)) | {cell}
        return _Target(name, tuple(c for c in graph.cells if c in cells))

    def _local_references(self, graph: Graph, notebook: str, cell: str, line: int,
                          character: int) -> list[dict[str, Any]]:
        layout, script, pos = self._at(graph, notebook, cell, line, character)
        found = []
        for name in script.get_references(*pos, scope="file"):
            location = _location(name, layout, script, graph)
            if location is not None and location["uri"] == cell:
                found.append(location)
        return found

    def _local_rename(self, graph: Graph, notebook: str, cell: str, line: int, character: int,
                      name: str, new_name: str) -> dict[str, Any]:
        references = self._local_references(graph, notebook, cell, line, character)
        if not references:
            raise RenameRefused(f"`{name}` cannot be renamed here (no definition of it found).")
        code = graph.code(cell)
        if new_name in code and occ.scopes_of(code) is not None and any(
                new_name == w for w in _words(code)):
            raise RenameRefused(f"`{new_name}` is already used in this cell: choose another name.")
        return {"changes": {cell: [{"range": ref["range"], "newText": new_name}
                                   for ref in references]}}


@dataclass(frozen=True)
class _Target:
    name: str
    cells: tuple[str, ...]  # the cells of a global's mentions, in position order; () if local


def _from_other_cell(completion: Any, layout: Layout, script: jedi.Script) -> bool:
    """Whether a completion is a top-level name bound in one of the other cells."""
    if completion.module_path != script.path or completion.line is None:
        return False
    if completion.line - 1 >= layout.offset:
        return False
    parent = completion.parent()
    return parent is not None and parent.type == "module"


def _defining_cell_note(graph: Graph, cell: str, name: str, layout: Layout, jedi_name: Any
                        ) -> str | None:
    definers = graph.definers(name)
    if not definers or definers == (cell,):
        return None
    if jedi_name.module_path is not None and jedi_name.line is not None:
        at = layout.cell_at(jedi_name.line - 1)
        if at is None or at[0] not in definers:
            return None
    cells = ", ".join(str(graph.position(c) + 1) for c in definers)
    return f"Defined in cell {cells}."


def _location(name: Any, layout: Layout, script: jedi.Script, graph: Graph
              ) -> dict[str, Any] | None:
    if name.line is None or name.module_path is None:
        return None
    if name.module_path == script.path:
        at = layout.cell_at(name.line - 1)
        if at is None:
            return None
        uri, line = at
        code = graph.code(uri) if uri != layout.edited else graph.code(uri)
        return {"uri": uri, "range": _range(code, line, name.column, len(name.name))}
    path = str(name.module_path)
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8") as source:
            text = source.read()
    except (OSError, UnicodeDecodeError):
        text = ""
    return {"uri": _file_uri(path), "range": _range(text, name.line - 1, name.column,
                                                      len(name.name))}


def _mention_location(uri: str, name: str, mention: occ.Mention, code: str) -> dict[str, Any]:
    return {"uri": uri, "range": _range(code, mention.line, mention.column, len(name))}


def _range(code: str, line: int, column: int, length: int) -> dict[str, Any]:
    return {"start": _pos(code, line, column), "end": _pos(code, line, column + length)}


def _pos(code: str, line: int, column: int) -> dict[str, int]:
    return {"line": line, "character": to_utf16(_line(code, line), column)}


def _line(code: str, line: int) -> str:
    lines = code.split("\n")
    return lines[line] if 0 <= line < len(lines) else ""


def _words(code: str) -> set[str]:
    import re
    return set(re.findall(r"[^\W\d]\w*", code))


def _environment(python: str | None) -> Any:
    """Jedi's view of the interpreter `python`: this one's own when it is the same (no process
    to ask), else a subprocess of that interpreter; this one's when it cannot start."""
    if not python or os.path.abspath(python) == os.path.abspath(sys.executable):
        return jedi.InterpreterEnvironment()
    try:
        return jedi.create_environment(python, safe=False)
    except Exception:  # noqa: BLE001 - an unusable interpreter: completion still works here
        return jedi.InterpreterEnvironment()


def _module_path(notebook: str, cell: str) -> str:
    """A path per edited cell beside the notebook (never written), so that local imports
    resolve from the notebook's folder and parso keeps one parse per cell to diff against."""
    parsed = urlparse(notebook)
    folder = os.path.dirname(unquote(parsed.path)) if parsed.scheme == "file" else os.getcwd()
    digest = hashlib.sha1(cell.encode()).hexdigest()[:12]
    return os.path.join(folder or os.getcwd(), f".lichen-cell-{digest}.py")


def _file_uri(path: str) -> str:
    from pathlib import Path
    return Path(path).resolve().as_uri()
